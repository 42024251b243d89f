// Today's self-check (due from two hours before a rostered shift until it ends), then my
// results this month, my corrective actions (mark them done) and my monthly score.
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isChecklistChange } from './kinds';
import { useQuery } from '@urql/preact';
import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/i18n';
import type { StaffSummary } from '../../session/session';
import { CheckRunner } from './CheckRunner';
import { CkMyDressCodeDocument, DueSelfChecksDocument, MyChecklistResultsDocument, type CkActionFragment, type CkScoreSheetFragment } from './checklists.generated';
import { QueuedState, currentMonth, formatDay, formatMonth, nowIso, queueCk, useCk, useCkOutbox } from './shared';

export function ChecksScreen({ staff }: { staff: StaffSummary }) {
  return (
    <div class="stack ck">
      <DueChecks staff={staff} />
      <MyResults staff={staff} />
      <MyDressCode staff={staff} />
    </div>
  );
}

function DueChecks({ staff }: { staff: StaffSummary }) {
  const { c, locale } = useCk();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DueSelfChecksDocument, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isChecklistChange, () => reexecute({ requestPolicy: 'network-only' }));
  const queued = useCkOutbox(staff.id).filter((i) => i.change.type === 'startSelfCheck');
  const due = data?.dueSelfChecks ?? [];
  return (
    <>
      {fetching && !data && <p class="muted">{c('loading')}</p>}
      {error && !data && <p class="error" role="alert">{c('loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && due.length === 0 && (
        <section class="card empty">
          <h2>{c('due.empty')}</h2>
          <p class="muted">{c('due.emptyBody')}</p>
        </section>
      )}
      {due.map((d) => {
        const titleId = `due-${d.shift.id}-${d.kind}`;
        const mine = queued.filter((i) => i.change.type === 'startSelfCheck' && i.change.shiftId === d.shift.id && i.change.kind === d.kind);
        const starting = mine.some((i) => i.state === 'pending');
        return (
          <section key={titleId} class="card" aria-labelledby={titleId}>
            <h2 id={titleId}>{d.check?.template.title ?? d.template.title}</h2>
            <p class="muted small">
              {c('due.shift', {
                day: formatDay(d.shift.day, locale),
                shift: d.shift.shiftType.name,
                start: d.shift.shiftType.startTime,
                end: d.shift.shiftType.endTime,
              })}
            </p>
            {d.check ? (
              <CheckRunner check={d.check} staffId={staff.id} mode="self" />
            ) : (
              <>
                <button
                  type="button"
                  class="btn primary block"
                  disabled={starting}
                  onClick={() =>
                    void queueCk(staff.id, { type: 'startSelfCheck', shiftId: d.shift.id, kind: d.kind, summary: d.template.title, occurredAt: nowIso() })
                  }
                >
                  {starting ? c('due.starting') : c('due.start', { title: d.template.title })}
                </button>
                <QueuedState items={mine.filter((i) => i.state === 'refused')} />
              </>
            )}
          </section>
        );
      })}
    </>
  );
}

function MyResults({ staff }: { staff: StaffSummary }) {
  const { c, locale } = useCk();
  const month = currentMonth();
  const [{ data, error }, reexecute] = useQuery({ query: MyChecklistResultsDocument, variables: { month }, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isChecklistChange, () => reexecute({ requestPolicy: 'network-only' }));
  const actions = data?.myCorrectiveActions ?? [];
  const checks = data?.myChecks ?? [];
  return (
    <>
      <section class="card" aria-labelledby="my-actions">
        <h2 id="my-actions">{c('actions.title')}</h2>
        {error && !data && <p class="error" role="alert">{c('loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
        {data && actions.length === 0 && <p class="muted">{c('actions.empty')}</p>}
        <ul class="list">
          {actions.map((a) => (
            <ActionRow key={a.id} action={a} staffId={staff.id} verb="complete" />
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="my-checks">
        <h2 id="my-checks">
          {c('results.title')} · {formatMonth(month, locale)}
        </h2>
        {data && checks.length === 0 && <p class="muted">{c('results.empty')}</p>}
        <ul class="list">
          {checks.map((k) => (
            <li key={k.id}>
              <div class="row">
                <strong>
                  {k.template.title} {c('results.version', { version: k.template.version })}
                </strong>
                <span>{k.status === 'COMPLETED' ? c('check.score', { score: k.score ?? 0 }) : c('check.open')}</span>
              </div>
              <div class="muted small">
                {formatDay(k.day, locale)} · {c('results.by', { type: c(`type.${k.type}`), who: k.performedBy.name })}
              </div>
              {k.items
                .filter((it) => it.passed === false)
                .map((it) => (
                  <div key={it.id} class="small ck-result fail">
                    ✗ {it.item.text}
                  </div>
                ))}
            </li>
          ))}
        </ul>
      </section>
      {data && <SheetCard sheet={data.myScoreSheet} title={c('sheet.title')} />}
    </>
  );
}

/** A corrective action with the one step the viewer can take: mark done (assignee) or verify (supervisor). */
export function ActionRow({ action, staffId, verb }: { action: CkActionFragment; staffId: string; verb: 'complete' | 'verify' | null }) {
  const { c, locale } = useCk();
  const [note, setNote] = useState('');
  const queued = useCkOutbox(staffId).filter(
    (i) => (i.change.type === 'completeCorrectiveAction' || i.change.type === 'verifyCorrectiveAction') && i.change.actionId === action.id,
  );
  const waiting = queued.some((i) => i.state === 'pending');
  const canAct = !waiting && ((verb === 'complete' && action.status === 'OPEN') || (verb === 'verify' && action.status === 'DONE'));
  const titleId = `action-${action.id}`;
  async function act() {
    const type = verb === 'verify' ? 'verifyCorrectiveAction' : 'completeCorrectiveAction';
    await queueCk(staffId, { type, actionId: action.id, version: action.version, note: note.trim(), summary: action.description, occurredAt: nowIso() });
  }
  return (
    <li aria-labelledby={titleId}>
      <div class="row">
        <strong id={titleId}>{action.description}</strong>
        <span class={`tag${action.overdue ? ' refused' : ''}`}>{action.overdue ? c('actions.overdue') : c(`actions.status.${action.status}`)}</span>
      </div>
      <div class="muted small">
        {action.subject.id !== action.assignee.id || verb === 'verify' ? `${action.assignee.name} · ` : ''}
        {c('actions.due', { due: formatDay(action.dueOn, locale) })} · {c('actions.raisedBy', { who: action.raisedBy.name })}
      </div>
      {action.doneNote && <div class="small">{c('actions.doneNote', { note: action.doneNote })}</div>}
      {canAct && verb === 'complete' && (
        <>
          <label for={`note-${action.id}`} class="small">
            {c('actions.note')}
          </label>
          <input id={`note-${action.id}`} value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
        </>
      )}
      {canAct && (
        <button type="button" class="btn primary block" aria-label={c(verb === 'verify' ? 'actions.verifyLabel' : 'actions.completeLabel', { what: action.description })} onClick={() => void act()}>
          {c(verb === 'verify' ? 'actions.verify' : 'actions.complete')}
        </button>
      )}
      {action.verifiedAt && action.verifiedBy && (
        <div class="muted small">
          {c('actions.status.VERIFIED')} · {action.verifiedBy.name} · {formatDateTime(action.verifiedAt, locale)}
        </div>
      )}
      <QueuedState items={queued} />
    </li>
  );
}

/** One person's monthly score sheet as a definition list. */
export function SheetCard({
  sheet,
  title,
  collapsible = false,
  children,
}: {
  sheet: CkScoreSheetFragment;
  title: string;
  /** In a list of many people: one summary line, details on tap. */
  collapsible?: boolean;
  children?: ComponentChildren;
}) {
  const { c, locale } = useCk();
  const titleId = `sheet-${sheet.staff.id}-${sheet.month}`;
  const rows: [string, string | number][] = [
    [c('sheet.average'), sheet.averageScore ?? c('sheet.none')],
    [c('sheet.checks'), sheet.checksCompleted],
    [c('sheet.failed'), sheet.itemsFailed],
    [c('sheet.missed'), sheet.selfChecksMissed],
    [c('sheet.actions'), c('sheet.actionsValue', { raised: sheet.actionsRaised, open: sheet.actionsOpen, closed: sheet.actionsClosed })],
    [c('sheet.shifts'), sheet.shiftsRostered],
    [c('sheet.late'), c('sheet.lateValue', { count: sheet.lateCount, minutes: sheet.lateMinutes })],
    [c('sheet.early'), sheet.earlyLeaveCount],
    [c('sheet.noClockIn'), sheet.missingClockIns],
    [c('sheet.complaints'), sheet.complaintsResponsible],
    [c('sheet.overGoods'), sheet.overGoodsApproved],
  ];
  const stats = (
    <dl class="ck-stats">
      {rows.map(([k, v]) => (
        <Fragment key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
  const line = c('sheet.line', {
    score: sheet.averageScore ?? c('sheet.none'),
    failed: sheet.itemsFailed,
    raised: sheet.actionsRaised,
    closed: sheet.actionsClosed,
  });
  return (
    <section class="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {collapsible ? (
        <details>
          <summary class="ck-summary">{line}</summary>
          {stats}
        </details>
      ) : (
        stats
      )}
      <p class="small muted">
        {sheet.signedOff && sheet.signedOffBy && sheet.signedOffAt
          ? c('sheet.signedOff', { who: sheet.signedOffBy.name, time: formatDateTime(sheet.signedOffAt, locale) })
          : c('sheet.notSigned')}
      </p>
      {sheet.comment && <p class="small">{c('sheet.comment', { comment: sheet.comment })}</p>}
      {children}
    </section>
  );
}

/** The dress-code profile the person follows, which decides the profile-specific items of their self-check. */
function MyDressCode({ staff }: { staff: StaffSummary }) {
  const { c } = useCk();
  const [{ data }, reexecute] = useQuery({ query: CkMyDressCodeDocument, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isChecklistChange, () => reexecute({ requestPolicy: 'network-only' }));
  const queued = useCkOutbox(staff.id).filter((i) => i.change.type === 'setDressCode');
  const pending = queued.find((i) => i.state === 'pending');
  if (!data) return null;
  const chosen = pending && pending.change.type === 'setDressCode' ? pending.change.profileCode : (data.myDressCode ?? '');
  const name = (code: string) => data.dressCodeProfiles.find((p) => p.code === code)?.name ?? code;
  return (
    <section class="card" aria-labelledby="my-dress-code">
      <h2 id="my-dress-code">{c('dress.title')}</h2>
      <p class="muted small">{c('dress.hint')}</p>
      <label for="dress-code">{c('dress.label')}</label>
      <select
        id="dress-code"
        value={chosen}
        onChange={(e) => {
          const code = (e.currentTarget as HTMLSelectElement).value;
          if (code) void queueCk(staff.id, { type: 'setDressCode', staffId: staff.id, profileCode: code, summary: name(code), occurredAt: nowIso() });
        }}
      >
        {!data.myDressCode && <option value="">{c('dress.none')}</option>}
        {data.dressCodeProfiles.map((p) => (
          <option key={p.code} value={p.code}>
            {p.name}
          </option>
        ))}
      </select>
      {data.myDressCode && <p class="small">{c('dress.current', { name: name(data.myDressCode) })}</p>}
      <QueuedState items={queued} />
    </section>
  );
}
