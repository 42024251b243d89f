// "开工单 / Open ticket" on an order: one tap opens the kind picker, a second tap on a kind
// queues the ticket; once the server has it, the ticket opens.
import { useState } from 'preact/hooks';
import type { TicketExceptionKind, TicketKind } from '../../graphql/schema-types';
import { useTicketsI18n } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { QueuedItem, queueTicketChange, useOpenWhenCreated, useTicketOutbox } from './common';
import './tickets.css';

const EXCEPTIONS: readonly TicketExceptionKind[] = ['DAMAGE', 'DELAY', 'LOSS', 'SHORT_GOODS', 'OVER_GOODS', 'DETAINED', 'WRONG_INFO'];
const OTHERS: readonly TicketKind[] = ['ENQUIRY', 'COMPLAINT', 'SUGGESTION'];

export function OpenTicket({ order, staff, startOpen = false }: { order: { id: string; waybillNo: string }; staff: StaffSummary; startOpen?: boolean }) {
  const { tt } = useTicketsI18n();
  const [open, setOpen] = useState(startOpen);
  const [key, setKey] = useState<string | null>(null);
  const items = useTicketOutbox(staff.id);
  const mine = key ? items.find((i) => i.key === key) : undefined;

  useOpenWhenCreated(key);

  const pick = async (kind: TicketKind, exceptionKind: TicketExceptionKind | null) => {
    const what = exceptionKind ? tt(`tk.ex.${exceptionKind}`) : tt(`tk.kind.${kind}`);
    const item = await queueTicketChange(staff.id, {
      type: 'createTicketFromOrder',
      orderId: order.id,
      waybill: order.waybillNo,
      kind,
      exceptionKind,
      label: `${tt('tk.change.createTicketFromOrder', { waybill: order.waybillNo })} · ${what}`,
    });
    setKey(item.key);
    setOpen(false);
  };

  return (
    <section class="card tk" aria-labelledby="open-ticket-title">
      {!open ? (
        <button type="button" id="open-ticket-title" class="btn block" aria-expanded="false" onClick={() => setOpen(true)}>
          {tt('tk.open')}
        </button>
      ) : (
        <>
          <h2 id="open-ticket-title">{tt('tk.openTitle')}</h2>
          <p class="muted small">{tt('tk.openFor', { waybill: order.waybillNo })}</p>
          <fieldset>
            <legend>{tt('tk.exceptions')}</legend>
            <div class="tk-kinds">
              {EXCEPTIONS.map((ex) => (
                <button key={ex} type="button" class="btn small" onClick={() => void pick('EXCEPTION', ex)}>
                  {tt(`tk.ex.${ex}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{tt('tk.others')}</legend>
            <div class="tk-kinds">
              {OTHERS.map((k) => (
                <button key={k} type="button" class="btn small" onClick={() => void pick(k, null)}>
                  {tt(`tk.kind.${k}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <button type="button" class="btn small" onClick={() => setOpen(false)}>
            {tt('tk.cancel')}
          </button>
        </>
      )}
      {mine && (
        <ul class="list" aria-live="polite">
          <QueuedItem item={mine} />
        </ul>
      )}
      {mine?.state === 'pending' && <p class="muted small" role="status">{tt('tk.creating')}</p>}
    </section>
  );
}

export default OpenTicket;
