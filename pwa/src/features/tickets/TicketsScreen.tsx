import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import { useTicketsI18n } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { BackLink, kindLabel, QueuedItem, SlaLeft, ticketPath, useRefetchAfterSync, useTicketOutbox, Field } from './common';
import { OpenTicket } from './OpenTicket';
import { OverShortScreen } from './OverShortScreen';
import { ReportScreen } from './ReportScreen';
import { TicketDetailScreen } from './TicketDetailScreen';
import { MyTicketsDocument, TicketOrderByWaybillDocument, UnownedTicketsDocument, type TicketListItemFragment } from './tickets.generated';
import './tickets.css';

const AGENT_ROLES = ['AGENT', 'SUPERVISOR', 'MANAGER', 'ADMIN'];
const REPORT_ROLES = ['SUPERVISOR', 'MANAGER', 'ADMIN'];

/** The Tickets tab's routes: /tickets, /tickets/new, /tickets/overshort, /tickets/report, /tickets/<id>. */
export function TicketsScreen({ path, staff }: { path: string; staff: StaffSummary }) {
  const [, first] = path.split('/').filter(Boolean).map(decodeURIComponent);
  const handles = staff.roles.some((r) => AGENT_ROLES.includes(r));
  return (
    <div class="tk">
      {!first && !handles ? (
        <OverShortScreen staff={staff} />
      ) : !first ? (
        <TicketsHome staff={staff} />
      ) : first === 'overshort' ? (
        <div class="stack">
          <BackLink to="/tickets" label="tk.back" />
          <OverShortScreen staff={staff} />
        </div>
      ) : first === 'report' ? (
        <div class="stack">
          <BackLink to="/tickets" label="tk.back" />
          <ReportScreen />
        </div>
      ) : first === 'new' ? (
        <NewTicket staff={staff} />
      ) : (
        <TicketDetailScreen key={first} id={first} staff={staff} />
      )}
    </div>
  );
}

export function TicketRow({ ticket }: { ticket: TicketListItemFragment }) {
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
    </li>
  );
}

function TicketsHome({ staff }: { staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyTicketsDocument, requestPolicy: 'cache-and-network' });
  const supervisor = staff.roles.some((r) => REPORT_ROLES.includes(r));
  useRefetchAfterSync(staff.id, () => refetch({ requestPolicy: 'network-only' }));
  const creating = useTicketOutbox(staff.id).filter((i) => i.change.type === 'createTicketFromOrder');
  const tickets = data?.myTickets;
  return (
    <div class="stack">
      <a class="btn primary block" href="/tickets/new" onClick={linkTo('/tickets/new')}>
        {tt('tk.new')}
      </a>
      {supervisor && (
        <div class="actions" style={{ marginTop: 0 }}>
          <a class="btn small" href="/tickets/report" onClick={linkTo('/tickets/report')}>
            {tt('tk.report')}
          </a>
          <a class="btn small" href="/tickets/overshort" onClick={linkTo('/tickets/overshort')}>
            {tt('tk.overShort')}
          </a>
        </div>
      )}
      {creating.length > 0 && (
        <section class="card" aria-label={tt('tk.pending')}>
          <ul class="list">
            {creating.map((i) => (
              <QueuedItem key={i.key} item={i} />
            ))}
          </ul>
        </section>
      )}
      <section class="card" aria-labelledby="mine-title">
        <h2 id="mine-title">{tt('tk.mine')}</h2>
        <p class="muted small">{tt('tk.mineHint')}</p>
        {fetching && !tickets && <p class="muted">{tt('tk.loading')}</p>}
        {error && !tickets && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
        {tickets && tickets.length === 0 && <p>{tt('tk.none')}</p>}
        {tickets && tickets.length > 0 && (
          <ul class="list" aria-label={tt('tk.mine')}>
            {tickets.map((t) => (
              <TicketRow key={t.id} ticket={t} />
            ))}
          </ul>
        )}
      </section>
      {supervisor && <Unowned />}
    </div>
  );
}

function Unowned() {
  const { tt } = useTicketsI18n();
  const [{ data, error }] = useQuery({ query: UnownedTicketsDocument, requestPolicy: 'cache-and-network' });
  const list = data?.unownedTickets;
  return (
    <section class="card" aria-labelledby="unowned-title">
      <h2 id="unowned-title">{tt('tk.unowned')}</h2>
      {error && !list && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
      {list && list.length === 0 && <p>{tt('tk.unownedNone')}</p>}
      {list && list.length > 0 && (
        <ul class="list" aria-label={tt('tk.unowned')}>
          {list.map((t) => (
            <TicketRow key={t.id} ticket={t} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NewTicket({ staff }: { staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [input, setInput] = useState('');
  const [waybill, setWaybill] = useState('');
  const [{ data, fetching, error }] = useQuery({ query: TicketOrderByWaybillDocument, variables: { waybillNo: waybill }, pause: !waybill });
  const order = waybill ? data?.orderByWaybill : undefined;
  return (
    <div class="stack">
      <BackLink to="/tickets" label="tk.back" />
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          setWaybill(input.trim().toUpperCase());
        }}
      >
        <Field id="tk-waybill" label={tt('tk.waybill')}>
          <input id="tk-waybill" value={input} autocomplete="off" autocapitalize="characters" onInput={(e) => setInput(e.currentTarget.value)} required />
        </Field>
        <button type="submit" class="btn primary block" disabled={fetching}>
          {tt('tk.find')}
        </button>
        {waybill && !fetching && !order && (
          <p class="error" role="alert">
            {error?.graphQLErrors[0]?.message ?? tt('tk.orderNotFound')}
          </p>
        )}
      </form>
      {order && <OpenTicket key={order.id} order={order} staff={staff} startOpen />}
    </div>
  );
}
