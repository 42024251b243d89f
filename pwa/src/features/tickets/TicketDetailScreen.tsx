// One ticket: what it is, time left, the ladder, everything that happened, and the steps
// the caller may take next — as the server lists them (`Ticket.actions`). Every write goes
// through the outbox; the forms are in ticket-forms/.
import { useState } from 'preact/hooks';
import { useOnline } from '../../app/network';
import { linkTo } from '../../app/router';
import { formatDateTime } from '../../i18n/i18n';
import { useTicketsI18n } from '../../i18n/tickets';
import { PhotoThumbs } from '../../photos/PhotoPicker';
import type { StaffSummary } from '../../session/session';
import { BackLink } from '../../ui/BackLink';
import { kindLabel, QueuedForTicket, SlaLeft } from './common';
import { ProposeClaimForm, ResolveForm, CloseForm } from './ticket-forms/ClosingForms';
import { EscalateForm, HandoverForm } from './ticket-forms/LadderForms';
import type { Ticket } from './ticket-forms/shared';
import { CommentForm, RestateForm, StateForm } from './ticket-forms/WorkForms';
import { TicketClaims } from './TicketClaims';
import { TicketRestatement } from './TicketRestatement';
import { formActions, formLabels, may, type FormAction } from './useTicketActions';
import { useTicketDetail } from './useTicketDetail';

export { toFen } from './ticket-forms/shared';

const overShortPath = (ticketId: string) => `/tickets/overshort/new/${encodeURIComponent(ticketId)}`;

export function TicketDetailScreen({ id, staff }: { id: string; staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const { ticket, fetching, error } = useTicketDetail(id, staff.id);
  const online = useOnline();
  return (
    <div class="stack">
      <BackLink to="/tickets" label={tt('tk.back')} />
      {fetching && !ticket && <p class="muted">{tt('tk.loading')}</p>}
      {/* The server's own message, never urql's "[GraphQL] …" wrapping of it. */}
      {error && !ticket && <p class="error" role="alert">{tt('tk.loadError', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {/* Offline, a ticket the phone never stored comes back empty: that is not "no such ticket". */}
      {!fetching && !error && !ticket && <p role="alert">{tt(online ? 'tk.notFound' : 'tk.offlineNotStored')}</p>}
      {ticket && <TicketDetail ticket={ticket} staff={staff} />}
    </div>
  );
}

export function TicketDetail({ ticket, staff }: { ticket: Ticket; staff: StaffSummary }) {
  const { tt, locale } = useTicketsI18n();
  const [action, setAction] = useState<FormAction | null>(null);
  const actions = formActions(ticket);
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
        {may(ticket, 'REPORT_OVER_SHORT') && (
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
                {tt(formLabels[a])}
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

      <TicketRestatement ticket={ticket} staff={staff} />

      <TicketClaims ticket={ticket} staff={staff} />

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
