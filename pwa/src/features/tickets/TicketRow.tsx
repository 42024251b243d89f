// One ticket in a list: summary, state, kind, waybill, ladder level and time left; the
// list may add its own controls below (assign, the broken promise).
import type { ComponentChildren } from 'preact';
import { linkTo } from '../../app/router';
import { useTicketsI18n } from '../../i18n/tickets';
import { kindLabel, SlaLeft, ticketPath } from './common';
import type { TicketListItemFragment } from './tickets.generated';

export function TicketRow({ ticket, children }: { ticket: TicketListItemFragment; children?: ComponentChildren }) {
  const { tt } = useTicketsI18n();
  const breached = ticket.sla.firstResponseBreached || ticket.sla.resolutionBreached;
  return (
    <li>
      <a class="tk-row" href={ticketPath(ticket.id)} onClick={linkTo(ticketPath(ticket.id))}>
        <div class="row">
          <strong>{ticket.summary}</strong>
          <span class="tag">{tt(`tk.state.${ticket.state}`)}</span>
        </div>
        <span class="block small muted">
          {kindLabel(ticket, tt)} · {tt(`tk.prio.${ticket.priority}`)}
          {ticket.waybillNo && <> · <span class="code">{ticket.waybillNo}</span></>}
          {ticket.escalationLevel > 0 && ` · L${ticket.escalationLevel}`}
        </span>
        <span class="block small">
          <SlaLeft sla={ticket.sla} />
          {breached && <span class="tag late"> {tt('tk.breached')}</span>}
          {ticket.promiseBroken && <span class="tag late"> {tt('tk.promiseBroken')}</span>}
        </span>
      </a>
      {children}
    </li>
  );
}
