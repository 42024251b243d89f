// The forms that pass a ticket on: up the escalation ladder, or to a colleague on duty.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useTicketsI18n, type TicketsKey } from '../../../i18n/tickets';
import { distinctOnDuty, Field, OnDutySelect, queueTicketChange } from '../common';
import { TicketColleaguesOnDutyDocument } from '../tickets.generated';
import { Submit, type FormProps } from './shared';

export function EscalateForm({ ticket, staff, done }: FormProps) {
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
    </form>
  );
}

export function HandoverForm({ ticket, staff, done }: FormProps) {
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
