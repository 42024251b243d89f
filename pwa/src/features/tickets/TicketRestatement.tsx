// The problem as restated to the customer, and their confirmation when the server offers it.
import { formatDateTime } from '../../i18n/i18n';
import { useTicketsI18n } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { queueTicketChange } from './common';
import type { Ticket } from './ticket-forms/shared';
import { may } from './useTicketActions';

export function TicketRestatement({ ticket, staff }: { ticket: Ticket; staff: StaffSummary }) {
  const { tt, locale } = useTicketsI18n();
  if (!ticket.restatement) return null;
  return (
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
      {may(ticket, 'CONFIRM_RESTATEMENT') && (
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
  );
}
