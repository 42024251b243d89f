// For supervisors (reached from Approvals): inspect a colleague on duty item by item (a failed
// item raises a corrective action), verify actions their assignees have done, see overdue
// ones, and the month's score sheets with sign-off and CSV export. Managers and admins also
// reach the checklist template editor from here.
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isChecklistChange } from './kinds';
import { useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { client } from '../../graphql/client';
import type { ChecklistKind } from '../../graphql/schema-types';
import type { StaffSummary } from '../../session/session';
import { ActionRow, SheetCard } from './ChecksScreen';
import { CheckRunner } from './CheckRunner';
import {
  CheckByIdDocument,
  CkDepotDocument,
  CkMonthDocument,
  CkOnDutyDocument,
  ScoreSheetsCsvDocument,
  type CkActionFragment,
  type CkCheckFragment,
  type CkScoreSheetFragment,
} from './checklists.generated';
import { onStartedCheck, startedCheck } from './send';
import { TemplateEditor } from './TemplateEditor';
import { QueuedState, currentMonth, formatDay, formatMonth, nowIso, queueCk, shiftMonth, useCk, useCkOutbox } from './shared';

const inspectKinds: readonly ChecklistKind[] = ['APPEARANCE', 'CONDUCT'];

export function InspectScreen({ staff }: { staff: StaffSummary }) {
  const { c } = useCk();
  const [{ data, fetching, error }] = useQuery({ query: CkDepotDocument, requestPolicy: 'cache-and-network' });
  const depot = data?.me.depot;
  const [editing, setEditing] = useState(false);
  const revises = staff.roles.some((r) => r === 'MANAGER' || r === 'ADMIN');
  if (revises && editing) return <TemplateEditor staff={staff} onClose={() => setEditing(false)} />;
  if (fetching && !data) return <p class="muted">{c('loading')}</p>;
  if (error && !data) return <p class="error" role="alert">{c('loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>;
  if (!depot)
    return (
      <section class="card empty">
        <h2>{c('inspect.noDepot')}</h2>
      </section>
    );
  return (
    <div class="stack ck">
      {revises && (
        <button type="button" class="card link-card" onClick={() => setEditing(true)}>
          <span>
            <strong>{c('tpl.open')}</strong>
            <span class="muted small block">{c('tpl.openHint')}</span>
          </span>
        </button>
      )}
      <Inspections staff={staff} depotId={depot.id} />
      <MonthView staff={staff} depotId={depot.id} depotName={depot.name} />
    </div>
  );
}

function Inspections({ staff, depotId }: { staff: StaffSummary; depotId: string }) {
  const { c } = useCk();
  const [kind, setKind] = useState<ChecklistKind>('APPEARANCE');
  const [{ data }, reexecute] = useQuery({ query: CkOnDutyDocument, variables: { depotId }, requestPolicy: 'cache-and-network' });
  const [{ data: month }, refetchMonth] = useQuery({ query: CkMonthDocument, variables: { depotId, month: currentMonth() }, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isChecklistChange, () => {
    reexecute({ requestPolicy: 'network-only' });
    refetchMonth({ requestPolicy: 'network-only' });
  });
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  useEffect(
    () =>
      onStartedCheck(() => {
        if (activeKey && startedCheck(activeKey)) setActiveId(startedCheck(activeKey)!);
      }),
    [activeKey],
  );
  const starts = useCkOutbox(staff.id).filter((i) => i.change.type === 'startInspection');
  const starting = starts.some((i) => i.key === activeKey && i.state === 'pending');
  const onDuty = (data?.onDutyNow ?? []).filter((s) => s.staff.id !== staff.id);
  const open = (month?.depotChecks ?? []).filter((k) => k.type === 'SPOT_INSPECTION' && k.status === 'OPEN' && k.performedBy.id === staff.id && k.id !== activeId);

  async function start(staffId: string, name: string) {
    const item = await queueCk(staff.id, { type: 'startInspection', staffId, kind, summary: `${name} · ${c(`kind.${kind}`)}`, occurredAt: nowIso() });
    setActiveId(startedCheck(item.key) ?? null);
    setActiveKey(item.key);
  }

  return (
    <>
      {activeId && <ActiveInspection id={activeId} staffId={staff.id} onClose={() => setActiveId(null)} />}
      {!activeId && starting && <p class="muted" role="status">{c('inspect.starting')}</p>}
      {open.length > 0 && (
        <section class="card" aria-labelledby="open-inspections">
          <h2 id="open-inspections">{c('inspect.open')}</h2>
          {open.map((k) => (
            <button key={k.id} type="button" class="btn block" onClick={() => setActiveId(k.id)}>
              {c('inspect.continue', { name: k.subject.name })} · {k.template.title}
            </button>
          ))}
        </section>
      )}
      <section class="card" aria-labelledby="inspect-title">
        <h2 id="inspect-title">{c('inspect.title')}</h2>
        <div class="segmented" role="group" aria-label={c('inspect.kind')}>
          {inspectKinds.map((k) => (
            <button key={k} type="button" class={`seg${kind === k ? ' on' : ''}`} aria-pressed={kind === k} onClick={() => setKind(k)}>
              {c(`kind.${k}`)}
            </button>
          ))}
        </div>
        {data && onDuty.length === 0 && <p class="muted">{c('inspect.empty')}</p>}
        <ul class="list">
          {onDuty.map((s) => (
            <li key={s.id} class="row">
              <span>
                <strong>{s.staff.name}</strong>
                <span class="muted small block">
                  {s.staff.employeeNo} · {s.shiftType.name} {s.shiftType.startTime}–{s.shiftType.endTime}
                </span>
              </span>
              <button
                type="button"
                class="btn small primary nowrap"
                disabled={starting}
                aria-label={c('inspect.start', { name: s.staff.name })}
                onClick={() => void start(s.staff.id, s.staff.name)}
              >
                {c('inspect.go')}
              </button>
            </li>
          ))}
        </ul>
        <QueuedState items={starts.filter((i) => i.state === 'refused')} />
      </section>
    </>
  );
}

function ActiveInspection({ id, staffId, onClose }: { id: string; staffId: string; onClose: () => void }) {
  const { c } = useCk();
  const [{ data }, reexecute] = useQuery({ query: CheckByIdDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staffId, isChecklistChange, () => reexecute({ requestPolicy: 'network-only' }));
  const node = data?.node;
  const check = node && 'items' in node ? (node as CkCheckFragment) : null;
  if (!check) return <p class="muted">{c('loading')}</p>;
  return (
    <section class="card" aria-labelledby="active-inspection">
      <div class="card-head">
        <h2 id="active-inspection">{c('inspect.current', { name: check.subject.name, title: check.template.title })}</h2>
        <button type="button" class="btn small" onClick={onClose}>
          {c('inspect.close')}
        </button>
      </div>
      <CheckRunner check={check} staffId={staffId} mode="inspect" />
    </section>
  );
}

function MonthView({ staff, depotId, depotName }: { staff: StaffSummary; depotId: string; depotName: string }) {
  const { c, locale } = useCk();
  const [month, setMonth] = useState(currentMonth);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CkMonthDocument, variables: { depotId, month }, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isChecklistChange, () => reexecute({ requestPolicy: 'network-only' }));
  const [csvState, setCsvState] = useState<string | null>(null);
  const checks = data?.depotChecks ?? [];
  const actions = new Map<string, CkActionFragment>();
  for (const k of checks) for (const it of k.items) if (it.correctiveAction) actions.set(it.correctiveAction.id, it.correctiveAction);
  const toVerify = [...actions.values()].filter((a) => a.status === 'DONE');
  const overdue = data?.overdueCorrectiveActions ?? [];
  const over = month < currentMonth();

  async function exportCsv() {
    setCsvState(null);
    const result = await client.query(ScoreSheetsCsvDocument, { depotId, month }, { requestPolicy: 'network-only' }).toPromise();
    if (!result.data) {
      setCsvState(c('month.csvFailed', { message: result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? '' }));
      return;
    }
    const file = `score-sheets-${depotName}-${month}.csv`;
    const url = URL.createObjectURL(new Blob([result.data.scoreSheetsCsv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setCsvState(c('month.csvSaved', { file }));
  }

  return (
    <>
      <section class="card" aria-labelledby="month-title">
        <h2 id="month-title">
          {c('month.title')} · {formatMonth(month, locale)}
        </h2>
        <div class="actions">
          <button type="button" class="btn" onClick={() => setMonth(shiftMonth(month, -1))}>
            ‹ {c('month.prev')}
          </button>
          <button type="button" class="btn" disabled={month >= currentMonth()} onClick={() => setMonth(shiftMonth(month, 1))}>
            {c('month.next')} ›
          </button>
        </div>
        {fetching && !data && <p class="muted">{c('loading')}</p>}
        {error && !data && <p class="error" role="alert">{c('loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
        {data && <p class="muted">{checks.length === 0 ? c('month.noChecks') : c('month.checks', { count: checks.length })}</p>}
        <ul class="list">
          {checks.slice(0, 30).map((k) => (
            <li key={k.id}>
              <div class="row">
                <strong>
                  {k.subject.name} · {k.template.title} {c('results.version', { version: k.template.version })}
                </strong>
                <span>{k.status === 'COMPLETED' ? c('check.score', { score: k.score ?? 0 }) : c('check.open')}</span>
              </div>
              <div class="muted small">
                {formatDay(k.day, locale)} · {c('results.by', { type: c(`type.${k.type}`), who: k.performedBy.name })}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="to-verify">
        <h2 id="to-verify">{c('month.toVerify')}</h2>
        {data && toVerify.length === 0 && <p class="muted">{c('month.noneToVerify')}</p>}
        <ul class="list">
          {toVerify.map((a) => (
            <ActionRow key={a.id} action={a} staffId={staff.id} verb={a.assignee.id === staff.id ? null : 'verify'} />
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="overdue">
        <h2 id="overdue">{c('month.overdue')}</h2>
        {data && overdue.length === 0 && <p class="muted">{c('month.noneOverdue')}</p>}
        <ul class="list">
          {overdue.map((a) => (
            <ActionRow key={a.id} action={a} staffId={staff.id} verb={null} />
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="sheets">
        <div class="card-head">
          <h2 id="sheets">{c('month.sheets')}</h2>
          <button type="button" class="btn small" onClick={() => void exportCsv()}>
            {c('month.csv')}
          </button>
        </div>
        {csvState && <p class="small muted" role="status">{csvState}</p>}
        {!over && <p class="small muted">{c('month.signAfter')}</p>}
        {data && data.scoreSheets.length === 0 && <p class="muted">{c('month.noSheets')}</p>}
      </section>
      {(data?.scoreSheets ?? []).map((s) => (
        <SheetCard key={s.staff.id} sheet={s} collapsible title={c('month.for', { name: s.staff.name, no: s.staff.employeeNo })}>
          {over && !s.signedOff && <SignOff sheet={s} staffId={staff.id} />}
        </SheetCard>
      ))}
    </>
  );
}

function SignOff({ sheet, staffId }: { sheet: CkScoreSheetFragment; staffId: string }) {
  const { c } = useCk();
  const [comment, setComment] = useState('');
  const queued = useCkOutbox(staffId).filter((i) => i.change.type === 'signOffScoreSheet' && i.change.staffId === sheet.staff.id && i.change.month === sheet.month);
  const waiting = queued.some((i) => i.state === 'pending');
  const id = `sign-${sheet.staff.id}`;
  return (
    <div>
      <label for={id} class="small">
        {c('month.signComment')}
      </label>
      <input id={id} maxLength={1000} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLInputElement).value)} />
      <button
        type="button"
        class="btn primary block"
        disabled={waiting}
        aria-label={c('month.signOffLabel', { name: sheet.staff.name })}
        onClick={() =>
          void queueCk(staffId, {
            type: 'signOffScoreSheet',
            staffId: sheet.staff.id,
            month: sheet.month,
            comment: comment.trim(),
            summary: `${sheet.staff.name} · ${sheet.month}`,
            occurredAt: nowIso(),
          })
        }
      >
        {c('month.signOff')}
      </button>
      <QueuedState items={queued} />
    </div>
  );
}
