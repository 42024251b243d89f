// "开工单 / Open ticket" on an order: tap a kind, describe the problem (required: the
// server refuses a ticket without one), send; once the server has it, the ticket opens.
// When the order already has an open ticket of the same kind, the form says so and offers
// that ticket; a second one is opened only on purpose.
import { useQuery } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import type { TicketExceptionKind, TicketKind } from '../../graphql/schema-types';
import { useI18n } from '../../i18n/i18n';
import { useTicketsI18n } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { QueuedItem, queueTicketChange, useOpenWhenCreated, useTicketOutbox } from './common';
import { OrderOpenTicketsDocument } from './tickets.generated';
import './tickets.css';

const EXCEPTIONS: readonly TicketExceptionKind[] = ['DAMAGE', 'DELAY', 'LOSS', 'SHORT_GOODS', 'OVER_GOODS', 'DETAINED', 'WRONG_INFO'];
const OTHERS: readonly TicketKind[] = ['ENQUIRY', 'COMPLAINT', 'SUGGESTION'];

// This form's own words, loaded with it rather than with the first screen's messages.
const words = {
  'zh-CN': {
    describe: '问题描述',
    describeHint: '客户遇到了什么问题？',
    describeRequired: '请先描述问题再开工单',
    submit: '提交工单',
    duplicate: (kind: string) => `该订单已有未结的${kind}工单，请在原工单中跟进：`,
    openExisting: (summary: string) => `打开已有工单：${summary}`,
    openAnyway: '仍然开新工单',
  },
  en: {
    describe: 'Description',
    describeHint: 'What problem does the customer have?',
    describeRequired: 'Describe the problem before opening the ticket',
    submit: 'Submit ticket',
    duplicate: (kind: string) => `This order already has an open ${kind} ticket; follow it up there:`,
    openExisting: (summary: string) => `Open the existing ticket: ${summary}`,
    openAnyway: 'Open a new ticket anyway',
  },
} as const;

interface Choice {
  kind: TicketKind;
  exceptionKind: TicketExceptionKind | null;
}

/** True when text has something visible (not only spaces, full-width ones included). */
export const described = (text: string) => /[^\s\u200b-\u200f\u2060\ufeff]/u.test(text);

export function OpenTicket({ order, staff, startOpen = false }: { order: { id: string; waybillNo: string }; staff: StaffSummary; startOpen?: boolean }) {
  const { tt } = useTicketsI18n();
  const w = words[useI18n().locale];
  const [open, setOpen] = useState(startOpen);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [anyway, setAnyway] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  const items = useTicketOutbox(staff.id);
  const mine = key ? items.find((i) => i.key === key) : undefined;
  const [{ data }] = useQuery({ query: OrderOpenTicketsDocument, variables: { orderId: order.id }, pause: !open, requestPolicy: 'cache-and-network' });

  useOpenWhenCreated(key);

  // Opened (by 开工单, or already open on the new-ticket screen once the order is found): the
  // first kind takes the focus, where the 开工单 button that had it is gone.
  const kinds = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) kinds.current?.querySelector<HTMLElement>('button')?.focus();
  }, [open]);

  const what = (c: Choice) => (c.exceptionKind ? tt(`tk.ex.${c.exceptionKind}`) : tt(`tk.kind.${c.kind}`));
  const openTickets = data?.node && 'openTickets' in data.node ? data.node.openTickets : [];
  const same = choice ? openTickets.filter((t) => t.kind === choice.kind && (t.exceptionKind ?? null) === choice.exceptionKind) : [];

  const pick = (c: Choice) => {
    setChoice(c);
    setMissing(false);
    setAnyway(false);
  };

  const send = async (e: Event) => {
    e.preventDefault();
    if (!choice) return;
    if (!described(note)) {
      setMissing(true);
      return;
    }
    const item = await queueTicketChange(staff.id, {
      type: 'createTicketFromOrder',
      orderId: order.id,
      waybill: order.waybillNo,
      kind: choice.kind,
      exceptionKind: choice.exceptionKind,
      note: note.trim(),
      label: `${tt('tk.change.createTicketFromOrder', { waybill: order.waybillNo })} · ${what(choice)}`,
    });
    setKey(item.key);
    setOpen(false);
    setChoice(null);
    setNote('');
  };

  const kindButton = (c: Choice, label: string) => {
    const on = choice?.kind === c.kind && choice.exceptionKind === c.exceptionKind;
    return (
      <button key={label} type="button" class={on ? 'btn small primary' : 'btn small'} aria-pressed={on} onClick={() => pick(c)}>
        {label}
      </button>
    );
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
            <div class="tk-kinds" ref={kinds}>{EXCEPTIONS.map((ex) => kindButton({ kind: 'EXCEPTION', exceptionKind: ex }, tt(`tk.ex.${ex}`)))}</div>
          </fieldset>
          <fieldset>
            <legend>{tt('tk.others')}</legend>
            <div class="tk-kinds">{OTHERS.map((k) => kindButton({ kind: k, exceptionKind: null }, tt(`tk.kind.${k}`)))}</div>
          </fieldset>
          {choice && (
            <form class="stack" onSubmit={(e) => void send(e)} noValidate>
              {same.length > 0 && (
                <div class="notice" role="alert">
                  <p class="small">{w.duplicate(what(choice))}</p>
                  <ul class="list">
                    {same.map((t) => {
                      const to = `/tickets/${encodeURIComponent(t.id)}`;
                      return (
                        <li key={t.id}>
                          <a href={to} onClick={linkTo(to)}>
                            {w.openExisting(t.summary)}
                          </a>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              )}
              <label for="open-ticket-note">
                {w.describe} · {what(choice)}
              </label>
              <textarea
                id="open-ticket-note"
                rows={3}
                maxLength={500}
                required
                placeholder={w.describeHint}
                aria-invalid={missing}
                aria-describedby={missing ? 'open-ticket-note-error' : undefined}
                value={note}
                onInput={(e) => {
                  setNote(e.currentTarget.value);
                  setMissing(false);
                }}
              />
              {missing && (
                <p id="open-ticket-note-error" class="error" role="alert">
                  {w.describeRequired}
                </p>
              )}
              {same.length > 0 && !anyway ? (
                <button type="button" class="btn" onClick={() => setAnyway(true)}>
                  {w.openAnyway}
                </button>
              ) : (
                <button type="submit" class="btn primary">
                  {w.submit}
                </button>
              )}
            </form>
          )}
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
