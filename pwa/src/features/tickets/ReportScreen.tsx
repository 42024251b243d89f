// The managers' report (supervisors see their depot): counts, SLA compliance, medians,
// satisfaction, the top recurring problems and who was responsible (责任归属, with the weak
// links and their causes), drawn as plain CSS bars.
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isTicketChange } from './kinds';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { formatNumber } from '../../i18n/i18n';
import { useTicketsI18n, type TT } from '../../i18n/tickets';
import type { ResponsiblePartyKind, TicketKind, TicketExceptionKind } from '../../graphql/schema-types';
import type { StaffSummary } from '../../session/session';
import { PhraseUsageCard } from '../phrases/PhraseUsageCard';
import { Field, formatDuration, kindLabel, queueTicketChange } from './common';
import { TicketCausesAllDocument, TicketReportDocument } from './tickets.generated';

type Period = 'month' | '7' | '30';

/** The period's first and last day (YYYY-MM-DD) in Shanghai. */
export function periodDays(period: Period, now: Date = new Date()): { from: string; to: string } {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const to = day(now);
  if (period === 'month') return { from: `${to.slice(0, 7)}-01`, to };
  return { from: day(new Date(now.getTime() - (Number(period) - 1) * 86400_000)), to };
}

/** A kind bucket key ("EXCEPTION/DAMAGE", "COMPLAINT") in words. */
function kindKey(key: string, tt: TT): string {
  const [kind, ex] = key.split('/');
  return kindLabel({ kind: kind as TicketKind, exceptionKind: (ex as TicketExceptionKind | undefined) ?? null }, tt);
}

function Bars({ title, rows }: { title: string; rows: { label: string; count: number }[] }) {
  const { locale } = useTicketsI18n();
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      <ul class="tk-bars">
        {rows.map((r, i) => (
          <li key={i}>
            <span>{r.label}</span>
            <span class="tk-bar" style={{ width: `${(100 * r.count) / max}%` }} aria-hidden="true" />
            <span>{formatNumber(r.count, locale)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The organisation's cause taxonomy, for managers and admins to add and retire causes. */
function CauseTaxonomy({ staff }: { staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [{ data }, reexecute] = useQuery({ query: TicketCausesAllDocument, requestPolicy: 'cache-and-network' });
  const [category, setCategory] = useState('');
  const [name, setName] = useState('');
  useRefetchAfterSync(staff.id, isTicketChange, () => reexecute({ requestPolicy: 'network-only' }));
  const causes = data?.ticketCauses ?? [];
  const categories = [...new Set(causes.map((c) => c.category))];
  return (
    <section class="card" aria-labelledby="tk-causes">
      <h2 id="tk-causes">{tt('tk.causes')}</h2>
      {categories.map((cat) => (
        <section key={cat} aria-label={cat}>
          <h3 class="small">{cat}</h3>
          <ul class="tk-causes">
            {causes
              .filter((c) => c.category === cat)
              .map((c) => (
                <li key={c.id} class="row">
                  <span>{c.name}</span>
                  {c.retiredAt ? (
                    <span class="tag">{tt('tk.causeRetired')}</span>
                  ) : (
                    <button
                      type="button"
                      class="btn small"
                      aria-label={tt('tk.causeRetireLabel', { category: c.category, name: c.name })}
                      onClick={() => void queueTicketChange(staff.id, { type: 'retireTicketCause', causeId: c.id, label: `${tt('tk.change.retireTicketCause')} · ${c.name}` })}
                    >
                      {tt('tk.causeRetire')}
                    </button>
                  )}
                </li>
              ))}
          </ul>
        </section>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!category.trim() || !name.trim()) return;
          void queueTicketChange(staff.id, { type: 'addTicketCause', category: category.trim(), name: name.trim(), label: `${tt('tk.change.addTicketCause')} · ${name.trim()}` });
          setName('');
        }}
      >
        <Field id="tk-cause-category" label={tt('tk.causeCategory')}>
          <input id="tk-cause-category" required maxLength={20} list="tk-cause-categories" value={category} onInput={(e) => setCategory(e.currentTarget.value)} />
        </Field>
        <datalist id="tk-cause-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <Field id="tk-cause-name" label={tt('tk.causeName')}>
          <input id="tk-cause-name" required maxLength={50} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="btn block">
          {tt('tk.causeAdd')}
        </button>
      </form>
    </section>
  );
}

export function ReportScreen({ staff }: { staff: StaffSummary }) {
  const maintains = staff.roles.includes('MANAGER') || staff.roles.includes('ADMIN');
  const { tt, locale } = useTicketsI18n();
  const [period, setPeriod] = useState<Period>('month');
  const days = periodDays(period);
  const [{ data, fetching, error }] = useQuery({ query: TicketReportDocument, variables: days, requestPolicy: 'cache-and-network' });
  const r = data?.ticketReport;
  const pct = (v: number | null | undefined) => (v == null ? tt('tk.na') : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v));
  const dur = (v: number | null | undefined) => (v == null ? tt('tk.na') : formatDuration(v, tt));
  return (
    <div class="stack">
      <section class="card">
        <h2>{tt('tk.report')}</h2>
        <label for="tk-period">{tt('tk.period')}</label>
        <select id="tk-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as Period)}>
          {(['month', '7', '30'] as const).map((p) => (
            <option key={p} value={p}>
              {tt(`tk.period.${p}`)}
            </option>
          ))}
        </select>
        <p class="muted small">
          {days.from} – {days.to}
        </p>
        {fetching && !r && <p class="muted">{tt('tk.loading')}</p>}
        {error && !r && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
        {r && (
          <div class="tk-stat">
            <div>
              {tt('tk.total')}
              <strong>{formatNumber(r.total, locale)}</strong>
            </div>
            <div>
              {tt('tk.breachedTickets')}
              <strong>{formatNumber(r.breachedTickets, locale)}</strong>
            </div>
            <div>
              {tt('tk.frCompliance')}
              <strong>{pct(r.firstResponseCompliance)}</strong>
            </div>
            <div>
              {tt('tk.resCompliance')}
              <strong>{pct(r.resolutionCompliance)}</strong>
            </div>
            <div>
              {tt('tk.medianFirst')}
              <strong>{dur(r.medianFirstResponseSeconds)}</strong>
            </div>
            <div>
              {tt('tk.medianResolve')}
              <strong>{dur(r.medianResolutionSeconds)}</strong>
            </div>
            <div>
              {tt('tk.satAvg')}
              <strong>{r.satisfactionAverage == null ? tt('tk.na') : formatNumber(Math.round(r.satisfactionAverage * 10) / 10, locale)}</strong>
            </div>
          </div>
        )}
        {r?.truncated && <p class="small">{tt('tk.truncated')}</p>}
        {r && r.total === 0 && <p>{tt('tk.noData')}</p>}
      </section>
      {r && (
        <>
          <Bars title={tt('tk.byKind')} rows={r.byKind.map((c) => ({ label: kindKey(c.key, tt), count: c.count }))} />
          <Bars title={tt('tk.byCause')} rows={r.byCause.map((c) => ({ label: c.key || tt('tk.noCause'), count: c.count }))} />
          <Bars title={tt('tk.byBranch')} rows={r.byBranch.map((c) => ({ label: c.branch?.name ?? tt('tk.na'), count: c.count }))} />
          <Bars title={tt('tk.byDay')} rows={r.byDay.map((c) => ({ label: c.key.slice(5), count: c.count }))} />
          <Bars title={tt('tk.bySat')} rows={r.satisfactionCounts.map((c) => ({ label: tt('tk.sat', { n: c.key }), count: c.count }))} />
          <Bars
            title={tt('tk.byResponsibleKind')}
            rows={r.byResponsibleKind.map((c) => ({ label: c.key ? tt(`tk.resp.${c.key as ResponsiblePartyKind}`) : tt('tk.notAttributed'), count: c.count }))}
          />
          <Bars
            title={tt('tk.weakLinks')}
            rows={r.byResponsibleParty
              .filter((p) => p.kind)
              .slice(0, 10)
              .map((p) => ({
                label: `${p.unit?.name ?? p.name} · ${tt(`tk.resp.${p.kind as ResponsiblePartyKind}`)} · ${p.causes[0]?.key || tt('tk.noCause')}`,
                count: p.count,
              }))}
          />
          <Bars
            title={tt('tk.top')}
            rows={r.topProblems.map((p) => ({ label: `${kindLabel(p, tt)} · ${p.cause || tt('tk.noCause')}`, count: p.count }))}
          />
          {maintains && <CauseTaxonomy staff={staff} />}
        </>
      )}
      {staff.roles.some((role) => role === 'SUPERVISOR' || role === 'MANAGER' || role === 'ADMIN') && <PhraseUsageCard />}
    </div>
  );
}
