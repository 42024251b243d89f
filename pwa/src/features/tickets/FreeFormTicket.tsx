// A ticket without an order: an enquiry, suggestion or complaint from a customer who calls
// or walks in, with their name and phone. Queued in the outbox; once the server has it,
// the ticket opens.
import { useState } from 'preact/hooks';
import type { TicketKind } from '../../graphql/schema-types';
import { useTicketsI18n } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { Field, QueuedItem, queueTicketChange, useOpenWhenCreated, useTicketOutbox } from './common';

const KINDS: readonly TicketKind[] = ['ENQUIRY', 'SUGGESTION', 'COMPLAINT'];

export function FreeFormTicket({ staff }: { staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [kind, setKind] = useState<TicketKind>('ENQUIRY');
  const [summary, setSummary] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const mine = useTicketOutbox(staff.id).find((i) => i.key === key);

  useOpenWhenCreated(key);

  return (
    <form
      class="card"
      aria-labelledby="tk-free-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const item = await queueTicketChange(staff.id, {
          type: 'createTicket',
          kind,
          summary: summary.trim(),
          customerName: name.trim(),
          customerPhone: phone.trim(),
          label: `${tt('tk.change.createTicket', { kind: tt(`tk.kind.${kind}`) })} · ${summary.trim()}`,
        });
        setKey(item.key);
      }}
    >
      <h2 id="tk-free-title">{tt('tk.newOther')}</h2>
      <fieldset>
        <legend>{tt('tk.kindLabel')}</legend>
        <div class="tk-kinds" role="radiogroup" aria-label={tt('tk.kindLabel')}>
          {KINDS.map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} class={`btn small${kind === k ? ' primary' : ''}`} onClick={() => setKind(k)}>
              {tt(`tk.kind.${k}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <Field id="tk-free-summary" label={tt('tk.summary')}>
        <textarea id="tk-free-summary" value={summary} required minLength={2} maxLength={500} onInput={(e) => setSummary(e.currentTarget.value)} />
      </Field>
      <Field id="tk-free-name" label={tt('tk.customerName')}>
        <input id="tk-free-name" value={name} required maxLength={50} autocomplete="off" onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field id="tk-free-phone" label={tt('tk.customerPhone')}>
        <input id="tk-free-phone" type="tel" inputMode="tel" value={phone} required autocomplete="off" onInput={(e) => setPhone(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="btn primary block" disabled={mine?.state === 'pending'}>
        {tt('tk.open')}
      </button>
      {mine && (
        <ul class="list" aria-live="polite">
          <QueuedItem item={mine} />
        </ul>
      )}
      {mine?.state === 'pending' && <p class="muted small" role="status">{tt('tk.creating')}</p>}
    </form>
  );
}
