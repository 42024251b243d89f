// One ticket: what it is, time left, the ladder, everything that happened, and the steps an
// agent (or their supervisor) takes next. Every write goes through the outbox.
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isTicketChange } from './kinds';
import { BackLink } from '../../ui/BackLink';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import type { ResponsiblePartyKind, TicketState } from '../../graphql/schema-types';
import { formatDateTime } from '../../i18n/i18n';
import { useTicketsI18n, type TicketsKey } from '../../i18n/tickets';
import { PhotoPicker, PhotoThumbs, useReleasePhotos, type PickedPhoto } from '../../photos/PhotoPicker';
import type { StaffSummary } from '../../session/session';
import { formatFen } from '../../ui/money';
import {
  distinctOnDuty,
  Field,
  kindLabel,
  OnDutySelect,
  QueuedForTicket,
  queueTicketChange,
  SlaLeft,
  toUpload,
  usePhotoLabels,
} from './common';
import { PhrasePicker, ReplyAdvice } from '../phrases/PhrasePicker';
import { useTicketUpdates } from './live';
import { TicketByIdDocument, TicketCausesDocument, TicketColleaguesOnDutyDocument, type TicketClaimFragment, type TicketDetailFragment } from './tickets.generated';

type Ticket = TicketDetailFragment;
type Action = 'comment' | 'state' | 'restate' | 'escalate' | 'handover' | 'claim' | 'resolve' | 'close';

const OPEN: readonly TicketState[] = ['NEW', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'WAITING_OTHER_PARTY', 'ESCALATED'];
const MOVABLE: readonly TicketState[] = ['IN_PROGRESS', 'WAITING_CUSTOMER', 'WAITING_OTHER_PARTY'];
const PARTIES: readonly ResponsiblePartyKind[] = ['BRANCH', 'DEPARTMENT', 'PERSON', 'OTHER_PARTY', 'CUSTOMER'];

const actionLabels: Record<Action, TicketsKey> = {
  comment: 'tk.comment',
  state: 'tk.changeState',
  restate: 'tk.restate',
  escalate: 'tk.escalate',
  handover: 'tk.handover',
  claim: 'tk.propose',
  resolve: 'tk.resolve',
  close: 'tk.close',
};

const overShortPath = (ticketId: string) => `/tickets/overshort/new/${encodeURIComponent(ticketId)}`;

function isApprover(staff: StaffSummary): boolean {
  return staff.roles.some((r) => r === 'SUPERVISOR' || r === 'MANAGER' || r === 'ADMIN');
}

export function TicketDetailScreen({ id, staff }: { id: string; staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TicketByIdDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isTicketChange, () => refetch({ requestPolicy: 'network-only' }));
  useTicketUpdates((t) => {
    if (t.id === id) refetch({ requestPolicy: 'network-only' });
  });
  const node = data?.node;
  const ticket = node && 'kind' in node ? (node as Ticket) : null;
  return (
    <div class="stack">
      <BackLink to="/tickets" label={tt('tk.back')} />
      {fetching && !ticket && <p class="muted">{tt('tk.loading')}</p>}
      {error && !ticket && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
      {!fetching && !error && !ticket && <p role="alert">{tt('tk.notFound')}</p>}
      {ticket && <TicketDetail ticket={ticket} staff={staff} />}
    </div>
  );
}

export function TicketDetail({ ticket, staff }: { ticket: Ticket; staff: StaffSummary }) {
  const { tt, locale } = useTicketsI18n();
  const [action, setAction] = useState<Action | null>(null);
  const open = OPEN.includes(ticket.state);
  const actions: Action[] = open
    ? ['comment', 'state', 'restate', 'escalate', 'handover', 'claim', 'resolve']
    : ticket.state === 'RESOLVED'
      ? ['close', 'comment', 'claim']
      : [];
  const done = () => setAction(null);
  const breached = ticket.sla.firstResponseBreached || ticket.sla.resolutionBreached;
  return (
    <>
      <section class="card" aria-labelledby="ticket-title">
        <div class="row">
          <h2 id="ticket-title">{ticket.summary}</h2>
          <span class="tag">{tt(`tk.state.${ticket.state}`)}</span>
        </div>
        <p>
          <SlaLeft sla={ticket.sla} />
          {breached && <span class="tag late"> {tt('tk.breached')}</span>}
          {ticket.promiseBroken && <span class="tag late"> {tt('tk.promiseBroken')}</span>}
        </p>
        <dl class="facts">
          <dt>{tt('tk.kindPrio')}</dt>
          <dd>
            {kindLabel(ticket, tt)} · {tt(`tk.prio.${ticket.priority}`)}
          </dd>
          <dt>{tt('tk.ladder')}</dt>
          <dd>{ticket.escalationLevel > 0 ? tt('tk.level', { level: ticket.escalationLevel }) : tt('tk.levelNone')}</dd>
          <dt>{tt('tk.customer')}</dt>
          <dd>
            {ticket.customerName} · {ticket.customerPhoneMasked}
          </dd>
          <dt>{tt('tk.assignee')}</dt>
          <dd>{ticket.assignee ? `${ticket.assignee.name}（${ticket.assignee.employeeNo}）` : tt('tk.nobody')}</dd>
          <dt>{tt('tk.depot')}</dt>
          <dd>{ticket.depot.name}</dd>
          <dt>{tt('tk.due')}</dt>
          <dd>{formatDateTime(ticket.sla.resolutionDueAt, locale)}</dd>
        </dl>
        {ticket.waybillNo && (
          <a class="btn small" href={`/orders/${ticket.waybillNo}`} onClick={linkTo(`/orders/${ticket.waybillNo}`)}>
            {tt('tk.order')} <span class="code">{ticket.waybillNo}</span>
          </a>
        )}
        {(ticket.exceptionKind === 'OVER_GOODS' || ticket.exceptionKind === 'SHORT_GOODS') &&
          staff.roles.some((r) => r === 'AGENT' || r === 'SUPERVISOR') && (
            <a class="btn small" href={overShortPath(ticket.id)} onClick={linkTo(overShortPath(ticket.id))}>
              {tt('tk.osReport')}
            </a>
          )}
      </section>

      <QueuedForTicket staffId={staff.id} ticketId={ticket.id} />

      {actions.length > 0 && (
        <section class="card" aria-labelledby="actions-title">
          <h2 id="actions-title">{tt('tk.actions')}</h2>
          <div class="tk-actions">
            {actions.map((a) => (
              <button key={a} type="button" class="btn small" aria-expanded={action === a} onClick={() => setAction(action === a ? null : a)}>
                {tt(actionLabels[a])}
              </button>
            ))}
          </div>
          {action === 'comment' && <CommentForm ticket={ticket} staff={staff} done={done} />}
          {action === 'state' && <StateForm ticket={ticket} staff={staff} done={done} />}
          {action === 'restate' && <RestateForm ticket={ticket} staff={staff} done={done} />}
          {action === 'escalate' && <EscalateForm ticket={ticket} staff={staff} done={done} />}
          {action === 'handover' && <HandoverForm ticket={ticket} staff={staff} done={done} />}
          {action === 'claim' && <ProposeClaimForm ticket={ticket} staff={staff} done={done} />}
          {action === 'resolve' && <ResolveForm ticket={ticket} staff={staff} done={done} />}
          {action === 'close' && <CloseForm ticket={ticket} staff={staff} done={done} />}
        </section>
      )}

      {ticket.restatement && (
        <section class="card" aria-labelledby="restated-title">
          <h2 id="restated-title">{tt('tk.restated')}</h2>
          <dl class="facts">
            <dt>{tt('tk.problem')}</dt>
            <dd>{ticket.restatement.problem}</dd>
            <dt>{tt('tk.cause')}</dt>
            <dd>{ticket.restatement.cause || '—'}</dd>
            <dt>{tt('tk.responsibleName')}</dt>
            <dd>
              {ticket.restatement.responsibleKind
                ? `${tt(`tk.resp.${ticket.restatement.responsibleKind}`)} · ${ticket.restatement.responsibleName}`
                : tt('tk.resp.none')}
            </dd>
            <dt>{tt('tk.plan')}</dt>
            <dd>{ticket.restatement.plan}</dd>
            <dt>{tt('tk.promisedAt')}</dt>
            <dd class={ticket.promiseBroken ? 'error' : undefined}>{formatDateTime(ticket.restatement.promisedAt, locale)}</dd>
            <dt>{tt('tk.confirmed')}</dt>
            <dd>
              {ticket.restatement.customerConfirmedAt && ticket.restatement.customerConfirmedVia
                ? tt('tk.confirmedAt', { time: formatDateTime(ticket.restatement.customerConfirmedAt, locale), via: tt(`tk.via.${ticket.restatement.customerConfirmedVia}`) })
                : tt('tk.confirmedNot')}
            </dd>
          </dl>
          {!ticket.restatement.customerConfirmedAt && ticket.state !== 'RESOLVED' && ticket.state !== 'CLOSED' && (
            <div class="actions">
              {(['CALL', 'MESSAGE'] as const).map((via) => (
                <button
                  key={via}
                  type="button"
                  class="btn small"
                  onClick={() =>
                    void queueTicketChange(staff.id, {
                      type: 'confirmTicketRestatement',
                      ticketId: ticket.id,
                      expectedVersion: ticket.version,
                      via,
                      confirmedAt: new Date().toISOString(),
                      label: `${tt('tk.change.confirmTicketRestatement')} · ${ticket.summary}`,
                    })
                  }
                >
                  {tt(`tk.confirmBy.${via}`)}
                </button>
              ))}
            </div>
          )}
        </section>
      )}

      <Claims ticket={ticket} staff={staff} />

      {ticket.followUp && (
        <section class="card" aria-labelledby="followup-title">
          <h2 id="followup-title">{tt('tk.followUp')}</h2>
          <p>
            {tt('tk.satisfaction')}: <strong>{ticket.followUp.satisfaction}</strong>/5
          </p>
          <p>{ticket.followUp.outcome}</p>
          {ticket.followUp.reason && <p class="muted">{ticket.followUp.reason}</p>}
        </section>
      )}

      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{tt('tk.timeline')}</h2>
        <ol class="list" aria-label={tt('tk.timeline')}>
          {[...ticket.timeline].reverse().map((e, i) => (
            <li key={i}>
              <strong>{tt(`tk.entry.${e.kind}`)}</strong>
              {e.toState && ` → ${tt(`tk.state.${e.toState}`)}`}
              <span class="block small muted">
                {e.actor ? e.actor.name : tt('tk.system')} · {formatDateTime(e.at, locale)}
              </span>
              {e.body && <span class="block small">{e.body}</span>}
              <PhotoThumbs photos={e.photos} alt={(n) => tt('tk.photoAlt', { n })} place={(w) => tt('tk.photoPlace', { ...w })} />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

interface FormProps {
  ticket: Ticket;
  staff: StaffSummary;
  done: () => void;
}

function Submit({ label }: { label: string }) {
  return (
    <button type="submit" class="btn primary block">
      {label}
    </button>
  );
}

function CommentForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const [body, setBody] = useState('');
  // The standard phrase the reply was last built from, counted for coaching with the reply
  // as long as the reply still holds its text.
  const [phrase, setPhrase] = useState<{ id: string; text: string } | null>(null);
  const applyPhrase = (next: string, id: string, text: string) => (setBody(next), setPhrase({ id, text }));
  const phraseId = phrase && body.includes(phrase.text) ? phrase.id : null;
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const labels = usePhotoLabels();
  useReleasePhotos(photos);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim()) return;
        const withPhotos = photos.length > 0 ? ` · ${tt('tk.withPhotos', { n: photos.length })}` : '';
        void queueTicketChange(staff.id, {
          type: 'addTicketComment',
          ticketId: ticket.id,
          body: body.trim(),
          photos: toUpload(photos),
          ...(phraseId ? { phraseId } : {}),
          label: `${tt('tk.change.addTicketComment')} · ${ticket.summary}${withPhotos}`,
        });
        done();
      }}
    >
      <Field id="tk-comment" label={tt('tk.commentLabel')}>
        <textarea id="tk-comment" value={body} required maxLength={2000} onInput={(e) => setBody(e.currentTarget.value)} />
      </Field>
      <PhrasePicker id="tk-comment-phrases" body={body} onChange={applyPhrase} />
      <ReplyAdvice body={body} onChange={applyPhrase} />
      <PhotoPicker id="tk-comment-photos" photos={photos} onChange={setPhotos} labels={labels} />
      <Submit label={tt('tk.send')} />
    </form>
  );
}

function StateForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  return (
    <div class="stack" style={{ marginTop: '12px', gap: '8px' }}>
      {MOVABLE.filter((s) => s !== ticket.state).map((state) => (
        <button
          key={state}
          type="button"
          class="btn block"
          onClick={() => {
            void queueTicketChange(staff.id, {
              type: 'changeTicketState',
              ticketId: ticket.id,
              expectedVersion: ticket.version,
              state,
              note: null,
              label: `${tt('tk.change.changeTicketState', { state: tt(`tk.state.${state}`) })} · ${ticket.summary}`,
            });
            done();
          }}
        >
          {tt('tk.moveTo', { state: tt(`tk.state.${state}`) })}
        </button>
      ))}
    </div>
  );
}

/** A datetime-local value ("2026-11-24T18:00") for a date, in the phone's time zone. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function RestateForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const r = ticket.restatement;
  const [problem, setProblem] = useState(r?.problem ?? ticket.summary);
  const [cause, setCause] = useState(r?.cause ?? '');
  const [kind, setKind] = useState<ResponsiblePartyKind | ''>(r?.responsibleKind ?? '');
  const [name, setName] = useState(r?.responsibleName ?? '');
  const [plan, setPlan] = useState(r?.plan ?? '');
  const [promised, setPromised] = useState(localInput(r ? new Date(r.promisedAt) : new Date(Date.now() + 24 * 3600_000)));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void queueTicketChange(staff.id, {
          type: 'restateTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          problem: problem.trim(),
          cause: cause.trim() || null,
          responsibleKind: kind || null,
          responsibleName: kind ? name.trim() : null,
          plan: plan.trim(),
          promisedAt: new Date(promised).toISOString(),
          label: `${tt('tk.change.restateTicket')} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-problem" label={tt('tk.problem')}>
        <textarea id="tk-problem" value={problem} required onInput={(e) => setProblem(e.currentTarget.value)} />
      </Field>
      <Field id="tk-cause" label={tt('tk.cause')}>
        <input id="tk-cause" value={cause} onInput={(e) => setCause(e.currentTarget.value)} />
      </Field>
      <Field id="tk-resp-kind" label={tt('tk.responsibleKind')}>
        <select id="tk-resp-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as ResponsiblePartyKind | '')}>
          <option value="">{tt('tk.resp.none')}</option>
          {PARTIES.map((p) => (
            <option key={p} value={p}>
              {tt(`tk.resp.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      {kind && (
        <Field id="tk-resp-name" label={tt('tk.responsibleName')}>
          <input id="tk-resp-name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
      )}
      <Field id="tk-plan" label={tt('tk.plan')}>
        <textarea id="tk-plan" value={plan} required onInput={(e) => setPlan(e.currentTarget.value)} />
      </Field>
      <Field id="tk-promised" label={tt('tk.promisedAt')}>
        <input id="tk-promised" type="datetime-local" value={promised} required onInput={(e) => setPromised(e.currentTarget.value)} />
      </Field>
      <Submit label={tt('tk.save')} />
    </form>
  );
}

function EscalateForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const next = ticket.escalationLevel + 1;
  const needsContact = next === 2 && !ticket.externalContact;
  const [reason, setReason] = useState('');
  const [company, setCompany] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void queueTicketChange(staff.id, {
          type: 'escalateTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          reason: reason.trim(),
          externalContact: needsContact ? { company: company.trim(), name: name.trim(), phone: phone.trim() || null } : null,
          label: `${tt('tk.change.escalateTicket', { level: next })} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <h3>{tt('tk.ladder')}</h3>
      <ol class="tk-ladder" aria-label={tt('tk.ladder')}>
        {ticket.escalationLadder.map((rung) => (
          <li key={rung.level} class={rung.level === ticket.escalationLevel ? 'now' : rung.level === next ? 'next' : undefined}>
            L{rung.level} {tt(`tk.ladder.${rung.level}` as TicketsKey)}
            {rung.level === ticket.escalationLevel && ` · ${tt('tk.current')}`}
            <span class="block small muted">
              {rung.staff.map((s) => s.name).join('、') || (rung.externalContact ? `${rung.externalContact.company} · ${rung.externalContact.name}` : '—')}
            </span>
          </li>
        ))}
      </ol>
      {next > 4 ? (
        <p role="alert">{tt('tk.escalateTop')}</p>
      ) : (
        <>
          <Field id="tk-esc-reason" label={tt('tk.reason')}>
            <textarea id="tk-esc-reason" value={reason} required onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
          {needsContact && (
            <>
              <Field id="tk-ext-company" label={tt('tk.extCompany')}>
                <input id="tk-ext-company" value={company} required onInput={(e) => setCompany(e.currentTarget.value)} />
              </Field>
              <Field id="tk-ext-name" label={tt('tk.extName')}>
                <input id="tk-ext-name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
              </Field>
              <Field id="tk-ext-phone" label={tt('tk.extPhone')}>
                <input id="tk-ext-phone" type="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
              </Field>
            </>
          )}
          <Submit label={tt('tk.escalateTo', { level: next })} />
        </>
      )}
    </form>
  );
}

function HandoverForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const [{ data, fetching, error }] = useQuery({
    query: TicketColleaguesOnDutyDocument,
    variables: { depotId: ticket.depot.id },
    requestPolicy: 'network-only',
  });
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const colleagues = distinctOnDuty(data?.onDutyNow, staff.id);
  if (fetching && !data) return <p class="muted">{tt('tk.loading')}</p>;
  if (error && !data) return <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>;
  if (colleagues.length === 0) return <p role="alert">{tt('tk.handoverNone')}</p>;
  const chosen = colleagues.find((c) => c.staff.id === to);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen) return;
        void queueTicketChange(staff.id, {
          type: 'handOverTickets',
          ticketIds: [ticket.id],
          toStaffId: chosen.staff.id,
          note: note.trim(),
          label: `${tt('tk.change.handOverTickets', { name: chosen.staff.name })} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <OnDutySelect id="tk-handover-to" label={tt('tk.handoverTo')} colleagues={colleagues} value={to} onChange={setTo} />
      <Field id="tk-handover-note" label={tt('tk.note')}>
        <textarea id="tk-handover-note" value={note} required onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <Submit label={tt('tk.handover')} />
    </form>
  );
}

/** "12.50" (yuan) to 1250 fen; null when not a positive amount. */
export function toFen(yuan: string): number | null {
  const n = Number(yuan.replace(',', '.'));
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.round(n * 100);
}

function ProposeClaimForm({ ticket, staff, done }: FormProps) {
  const { tt, locale } = useTicketsI18n();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const fen = toFen(amount);
        if (fen == null) return setInvalid(true);
        void queueTicketChange(staff.id, {
          type: 'proposeClaim',
          ticketId: ticket.id,
          amountFen: fen,
          reason: reason.trim(),
          label: `${tt('tk.change.proposeClaim', { amount: formatFen(fen, locale) })} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-claim-amount" label={tt('tk.amount')} error={invalid ? tt('tk.amountInvalid') : null}>
        <input id="tk-claim-amount" inputMode="decimal" value={amount} required aria-invalid={invalid} onInput={(e) => (setAmount(e.currentTarget.value), setInvalid(false))} />
      </Field>
      <Field id="tk-claim-reason" label={tt('tk.reason')}>
        <textarea id="tk-claim-reason" value={reason} required onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      <Submit label={tt('tk.propose')} />
    </form>
  );
}

function ResolveForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const [resolution, setResolution] = useState('');
  const [cause, setCause] = useState(ticket.restatement?.cause ?? '');
  // A cause chosen from the organisation's taxonomy ('' = written instead), so the same
  // cause is counted once in the report.
  const [{ data: causes }] = useQuery({ query: TicketCausesDocument });
  const choices = causes?.ticketCauses ?? [];
  const [causeId, setCauseId] = useState('');
  const [missing, setMissing] = useState(false);
  const needsCause = ticket.kind === 'EXCEPTION' || ticket.kind === 'COMPLAINT';
  const categories = [...new Set(choices.map((c) => c.category))];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (needsCause && !causeId && !cause.trim()) return setMissing(true);
        void queueTicketChange(staff.id, {
          type: 'resolveTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          resolution: resolution.trim(),
          cause: causeId ? null : cause.trim() || null,
          causeId: causeId || null,
          label: `${tt('tk.change.resolveTicket')} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-resolution" label={tt('tk.resolution')}>
        <textarea id="tk-resolution" value={resolution} required onInput={(e) => setResolution(e.currentTarget.value)} />
      </Field>
      {choices.length > 0 && (
        <Field id="tk-resolve-cause-choice" label={tt('tk.causeChoice')}>
          <select id="tk-resolve-cause-choice" value={causeId} onChange={(e) => (setCauseId(e.currentTarget.value), setMissing(false))}>
            <option value="">{tt('tk.causeOther')}</option>
            {categories.map((cat) => (
              <optgroup key={cat} label={cat}>
                {choices
                  .filter((c) => c.category === cat)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </Field>
      )}
      {!causeId && (
        <Field id="tk-resolve-cause" label={tt('tk.cause')} error={missing ? tt('tk.causeRequired') : null}>
          <input id="tk-resolve-cause" value={cause} aria-invalid={missing} onInput={(e) => (setCause(e.currentTarget.value), setMissing(false))} />
        </Field>
      )}
      <Submit label={tt('tk.resolve')} />
    </form>
  );
}

function CloseForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const [outcome, setOutcome] = useState('');
  const [sat, setSat] = useState(0);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (sat === 0) return;
        if (sat <= 2 && !reason.trim()) return setMissing(true);
        void queueTicketChange(staff.id, {
          type: 'closeTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          followUp: { outcome: outcome.trim(), satisfaction: sat, reason: sat <= 2 ? reason.trim() : null },
          label: `${tt('tk.change.closeTicket')} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-outcome" label={tt('tk.outcome')}>
        <textarea id="tk-outcome" value={outcome} required onInput={(e) => setOutcome(e.currentTarget.value)} />
      </Field>
      <fieldset>
        <legend>{tt('tk.satisfaction')}</legend>
        <div class="tk-sat">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input type="radio" name="tk-sat" value={n} checked={sat === n} required onChange={() => setSat(n)} />
              {tt('tk.sat', { n })}
            </label>
          ))}
        </div>
      </fieldset>
      {sat > 0 && sat <= 2 && (
        <Field id="tk-low-reason" label={tt('tk.lowReason')} error={missing ? tt('tk.lowReasonRequired') : null}>
          <textarea id="tk-low-reason" value={reason} required aria-invalid={missing} onInput={(e) => (setReason(e.currentTarget.value), setMissing(false))} />
        </Field>
      )}
      <Submit label={tt('tk.close')} />
    </form>
  );
}

function Claims({ ticket, staff }: { ticket: Ticket; staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  return (
    <section class="card" aria-labelledby="claims-title">
      <h2 id="claims-title">{tt('tk.claims')}</h2>
      {ticket.claims.length === 0 ? (
        <p class="muted">{tt('tk.claimsNone')}</p>
      ) : (
        <ul class="list" aria-label={tt('tk.claims')}>
          {ticket.claims.map((c) => (
            <ClaimRow key={c.id} claim={c} ticket={ticket} staff={staff} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ClaimRow({ claim, ticket, staff }: { claim: TicketClaimFragment; ticket: Ticket; staff: StaffSummary }) {
  const { tt, locale } = useTicketsI18n();
  const approver = isApprover(staff);
  const [amount, setAmount] = useState(String(claim.proposedFen / 100));
  const [comment, setComment] = useState('');
  const [ref, setRef] = useState('');
  const [problem, setProblem] = useState<TicketsKey | null>(null);
  const decide = (decision: 'APPROVE' | 'REJECT') => {
    const fen = decision === 'APPROVE' ? toFen(amount) : null;
    if (decision === 'APPROVE' && fen == null) return setProblem('tk.amountInvalid');
    const reduced = fen != null && fen !== claim.proposedFen;
    if ((decision === 'REJECT' || reduced) && !comment.trim()) return setProblem('tk.commentRequired');
    void queueTicketChange(staff.id, {
      type: 'decideClaim',
      ticketId: ticket.id,
      claimId: claim.id,
      expectedVersion: claim.version,
      decision,
      approvedFen: reduced ? fen : null,
      comment: comment.trim() || null,
      label: `${tt('tk.change.decideClaim')} · ${tt(decision === 'APPROVE' ? 'tk.approve' : 'tk.reject')} · ${formatFen(claim.proposedFen, locale)}`,
    });
  };
  return (
    <li>
      <div class="row">
        <strong>{formatFen(claim.proposedFen, locale)}</strong>
        <span class="tag">{tt(`tk.claim.${claim.state}`)}</span>
      </div>
      <span class="block small">{claim.reason}</span>
      <span class="block small muted">
        {claim.proposedBy.name} · {formatDateTime(claim.createdAt, locale)}
      </span>
      {claim.approvedFen != null && <span class="block small">{tt('tk.approved', { amount: formatFen(claim.approvedFen, locale) })}</span>}
      {claim.decidedBy && (
        <span class="block small muted">
          {claim.decidedBy.name}
          {claim.decisionComment && ` · ${claim.decisionComment}`}
        </span>
      )}
      {claim.paymentRef && <span class="block small">{tt('tk.paidRef', { ref: claim.paymentRef })}</span>}
      {approver && claim.state === 'PROPOSED' && (
        <div>
          <Field id={`tk-approve-${claim.id}`} label={tt('tk.approveAmount')} error={problem === 'tk.amountInvalid' ? tt(problem) : null}>
            <input id={`tk-approve-${claim.id}`} inputMode="decimal" value={amount} onInput={(e) => (setAmount(e.currentTarget.value), setProblem(null))} />
          </Field>
          <Field id={`tk-decide-${claim.id}`} label={tt('tk.decisionComment')} error={problem === 'tk.commentRequired' ? tt(problem) : null}>
            <input id={`tk-decide-${claim.id}`} value={comment} onInput={(e) => (setComment(e.currentTarget.value), setProblem(null))} />
          </Field>
          <div class="actions">
            <button type="button" class="btn danger" onClick={() => decide('REJECT')}>
              {tt('tk.reject')}
            </button>
            <button type="button" class="btn primary" onClick={() => decide('APPROVE')}>
              {tt('tk.approve')}
            </button>
          </div>
        </div>
      )}
      {approver && claim.state === 'APPROVED' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!ref.trim()) return;
            void queueTicketChange(staff.id, {
              type: 'payClaim',
              ticketId: ticket.id,
              claimId: claim.id,
              expectedVersion: claim.version,
              paymentRef: ref.trim(),
              label: `${tt('tk.change.payClaim')} · ${formatFen(claim.approvedFen ?? claim.proposedFen, locale)}`,
            });
          }}
        >
          <Field id={`tk-pay-${claim.id}`} label={tt('tk.paymentRef')}>
            <input id={`tk-pay-${claim.id}`} value={ref} required onInput={(e) => setRef(e.currentTarget.value)} />
          </Field>
          <Submit label={tt('tk.pay')} />
        </form>
      )}
    </li>
  );
}
