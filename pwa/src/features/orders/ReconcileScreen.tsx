import { BackLink } from '../../ui/BackLink';
import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { serverErrors } from '../../graphql/errors';
import { formatDateTime } from '../../i18n/i18n';
import { useOrdersI18n, type OrdersScreensKey } from '../../i18n/orders-screens';
import type { StaffSummary } from '../../session/session';
import { Field, LoadError } from './common';
import { formatFen } from '../../ui/money';
import { reconcileParams } from './reconcileLink';
import {
  ConsignmentStationsDocument,
  DecideReconciliationLineDocument,
  SignOffStationMonthDocument,
  StationMonthDocument,
  type StationMonthPartsFragment,
} from './reconcile.generated';

type Line = StationMonthPartsFragment['lines'][number];

const newKey = () => crypto.randomUUID();

/** This month in the phone's zone, YYYY-MM. */
export function thisMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** One anomaly: what was expected and billed, and accept or dispute it. */
function AnomalyRow({ line, signed, decide }: { line: Line; signed: boolean; decide: (line: Line, decision: 'ACCEPTED' | 'DISPUTED', reason: string) => Promise<string | null> }) {
  const { ot, locale } = useOrdersI18n();
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const money = (fen: number | null | undefined) => (fen == null ? '—' : formatFen(fen, locale));
  const id = `line-${line.waybillNo}`;

  async function send(decision: 'ACCEPTED' | 'DISPUTED') {
    if (decision === 'DISPUTED' && !reason.trim()) return setProblem(ot('rec.reasonRequired'));
    const failed = await decide(line, decision, reason.trim());
    setProblem(failed);
    if (!failed) setDisputing(false);
  }

  return (
    <li class="rec-line" aria-labelledby={id}>
      <div class="row">
        <strong id={id} class="code">
          {line.waybillNo}
        </strong>
        <span class={`tag rec-${line.status}`}>{ot(`rec.status.${line.status}` as OrdersScreensKey)}</span>
      </div>
      <p class="small">
        {ot('rec.expected')} {money(line.expectedFen)} · {ot('rec.billed')} {line.billedFen == null ? ot('rec.noBill') : money(line.billedFen)}
        {line.billedFen != null && !line.receipt && ` · ${ot('rec.noReceipt')}`}
      </p>
      {line.decision && (
        <p class="small">
          <span class="tag">{ot(`rec.decision.${line.decision}` as OrdersScreensKey)}</span> {line.reason}
        </p>
      )}
      {!signed && !disputing && (
        <div class="actions">
          <button type="button" class="btn small" onClick={() => void send('ACCEPTED')}>
            {ot('rec.accept')}
          </button>
          <button type="button" class="btn small" onClick={() => setDisputing(true)}>
            {ot('rec.dispute')}
          </button>
        </div>
      )}
      {disputing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send('DISPUTED');
          }}
        >
          <Field id={`${id}-reason`} label={ot('rec.reason')}>
            <input id={`${id}-reason`} value={reason} maxLength={500} autocomplete="off" onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
          <div class="actions">
            <button type="button" class="btn small" onClick={() => setDisputing(false)}>
              {ot('rec.cancel')}
            </button>
            <button type="submit" class="btn small primary">
              {ot('rec.sendDispute')}
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/** 托运站对账: a station's month, expected against billed; anomalies decided; signed off; the statement. */
export function ReconcileScreen({ staff }: { staff: StaffSummary }) {
  const { ot, locale, t } = useOrdersI18n();
  const [{ data: stations, error: stationsError }] = useQuery({ query: ConsignmentStationsDocument });
  const [asked] = useState(() => reconcileParams(typeof location === 'undefined' ? '' : location.search));
  const [picked, setPicked] = useState<string | null>(null);
  const [month, setMonth] = useState(() => asked.month ?? thisMonth());
  // The station asked for in the address when it is one of mine; else the first.
  const askedStation = stations?.consignmentStations.find((s) => s.id === asked.station)?.id;
  const stationId = picked ?? askedStation ?? stations?.consignmentStations[0]?.id ?? null;
  const [{ data, error }, refetch] = useQuery({
    query: StationMonthDocument,
    variables: { stationId: stationId ?? '', month },
    pause: !stationId || !/^\d{4}-\d{2}$/.test(month),
  });
  const [, decideLine] = useMutation(DecideReconciliationLineDocument);
  const [{ fetching: signing }, signOff] = useMutation(SignOffStationMonthDocument);
  const [signProblem, setSignProblem] = useState<string | null>(null);
  const [fresh, setFresh] = useState<StationMonthPartsFragment | null>(null);
  const m = fresh && fresh.month === month ? fresh : data?.stationMonth;
  const mayDecideMonth = staff.roles.some((r) => r === 'SUPERVISOR' || r === 'MANAGER' || r === 'ADMIN');

  const failure = (err: { graphQLErrors: readonly unknown[]; networkError?: unknown } | undefined): string | null => {
    if (!err) return null;
    const first = serverErrors(err.graphQLErrors as never)[0];
    return ot('rec.failed', { message: first ? `${first.message} (${first.code})` : String(err.networkError ?? '') });
  };

  async function decide(line: Line, decision: 'ACCEPTED' | 'DISPUTED', reason: string): Promise<string | null> {
    if (!stationId) return null;
    const r = await decideLine({
      input: { idempotencyKey: newKey(), stationId, month, waybillNo: line.waybillNo, decision, reason: reason || null, expectedVersion: line.version },
    });
    if (r.data) setFresh(r.data.decideReconciliationLine.month);
    else refetch({ requestPolicy: 'network-only' });
    return failure(r.error);
  }

  async function sign() {
    if (!stationId) return;
    const r = await signOff({ input: { idempotencyKey: newKey(), stationId, month } });
    if (r.data) setFresh(r.data.signOffStationMonth.month);
    setSignProblem(failure(r.error));
  }

  function download() {
    if (!m) return;
    const url = URL.createObjectURL(new Blob([m.statementCsv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    const name = stations?.consignmentStations.find((s) => s.id === stationId)?.name ?? 'station';
    a.href = url;
    a.download = `${name}-${month}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  const anomalies = m?.lines.filter((l) => l.status !== 'MATCHED') ?? [];
  const matched = m?.lines.filter((l) => l.status === 'MATCHED') ?? [];

  return (
    <div class="stack">
      <BackLink to="/orders" label={t('orders.back')} />
      <section class="card" aria-labelledby="rec-title">
        <h2 id="rec-title">{ot('rec.title')}</h2>
        {stationsError && <LoadError error={stationsError} />}
        {stations && stations.consignmentStations.length === 0 && <p class="muted">{ot('rec.none')}</p>}
        {stations && stations.consignmentStations.length > 0 && (
          <div class="grid2">
            <Field id="rec-station" label={ot('rec.station')}>
              <select id="rec-station" value={stationId ?? ''} onChange={(e) => { setPicked(e.currentTarget.value); setFresh(null); }}>
                {stations.consignmentStations.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="rec-month" label={ot('rec.month')}>
              <input id="rec-month" type="month" value={month} onInput={(e) => { setMonth(e.currentTarget.value); setFresh(null); }} />
            </Field>
          </div>
        )}
        {error && <LoadError error={error} />}
        {m && (
          <>
            <p role="status">
              {ot('rec.summary', { n: m.lines.length, u: m.undecided, total: formatFen(m.payableFen, locale) })}
            </p>
            {m.signedAt && <p class="ok">{ot('rec.signed', { name: m.signedBy?.name ?? '', time: formatDateTime(m.signedAt, locale) })}</p>}
            <button type="button" class="btn block" onClick={download}>
              {ot('rec.download')}
            </button>
          </>
        )}
      </section>

      {m && anomalies.length > 0 && (
        <section class="card" aria-labelledby="rec-anomalies">
          <h2 id="rec-anomalies">{ot('rec.anomalies')}</h2>
          <ul class="list">
            {anomalies.map((l) => (
              <AnomalyRow key={l.waybillNo} line={l} signed={Boolean(m.signedAt)} decide={decide} />
            ))}
          </ul>
        </section>
      )}

      {m && !m.signedAt && mayDecideMonth && (
        <section class="card" aria-labelledby="rec-sign">
          <h2 id="rec-sign">{ot('rec.signOff')}</h2>
          <p class="muted small">{m.undecided > 0 ? ot('rec.undecidedLeft', { n: m.undecided }) : ot('rec.signOffHint')}</p>
          {signProblem && (
            <p class="error" role="alert">
              {signProblem}
            </p>
          )}
          <button type="button" class="btn primary block" disabled={signing || m.undecided > 0} onClick={() => void sign()}>
            {ot('rec.signOff')}
          </button>
        </section>
      )}

      {m && matched.length > 0 && (
        <details class="card">
          <summary>
            {ot('rec.matched')} ({matched.length})
          </summary>
          <ul class="list">
            {matched.map((l) => (
              <li key={l.waybillNo} class="row small">
                <span class="code">{l.waybillNo}</span> <span>{formatFen(l.payableFen, locale)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
