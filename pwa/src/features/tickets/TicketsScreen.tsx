import { BackLink } from '../../ui/BackLink';
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isTicketChange } from './kinds';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import { useTicketsI18n } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { QueuedItem, useTicketOutbox, Field } from './common';
import { FreeFormTicket } from './FreeFormTicket';
import { useTicketUpdates } from './live';
import { OpenTicket } from './OpenTicket';
import { OverShortRegister } from './OverShortRegister';
import { OverShortReportForm } from './OverShortReportForm';
import { OverShortScreen } from './OverShortScreen';
import { ReportScreen } from './ReportScreen';
import { SupervisorQueues } from './SupervisorQueues';
import { TicketDetailScreen } from './TicketDetailScreen';
import { TicketRow } from './TicketRow';
import { MyTicketsDocument, TicketOrderByWaybillDocument } from './tickets.generated';
import './tickets.css';

const AGENT_ROLES = ['AGENT', 'SUPERVISOR', 'MANAGER', 'ADMIN'];
const REPORT_ROLES = ['SUPERVISOR', 'MANAGER', 'ADMIN'];

/**
 * The Tickets tab's routes: /tickets, /tickets/new, /tickets/overshort (the verifier's
 * queue), /tickets/overshort/new[/<ticket id>], /tickets/overshort/register,
 * /tickets/report, /tickets/<id>.
 */
export function TicketsScreen({ path, staff }: { path: string; staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [, first, second, third] = path.split('/').filter(Boolean).map(decodeURIComponent);
  const handles = staff.roles.some((r) => AGENT_ROLES.includes(r));
  return (
    <div class="tk">
      {!first && !handles ? (
        <OverShortScreen staff={staff} />
      ) : !first ? (
        <TicketsHome staff={staff} />
      ) : first === 'overshort' && second === 'new' ? (
        <div class="stack">
          <BackLink to="/tickets/overshort" label={tt('tk.overShort')} />
          <OverShortReportForm key={third} staff={staff} ticketId={third ?? null} />
        </div>
      ) : first === 'overshort' && second === 'register' ? (
        <div class="stack">
          <BackLink to={handles ? '/tickets/overshort' : '/tickets'} label={tt('tk.overShort')} />
          <OverShortRegister />
        </div>
      ) : first === 'overshort' ? (
        <div class="stack">
          <BackLink to="/tickets" label={tt('tk.back')} />
          <OverShortScreen staff={staff} />
        </div>
      ) : first === 'report' ? (
        <div class="stack">
          <BackLink to="/tickets" label={tt('tk.back')} />
          <ReportScreen staff={staff} />
        </div>
      ) : first === 'new' ? (
        <NewTicket staff={staff} />
      ) : (
        <TicketDetailScreen key={first} id={first} staff={staff} />
      )}
    </div>
  );
}

function TicketsHome({ staff }: { staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyTicketsDocument, requestPolicy: 'cache-and-network' });
  const supervisor = staff.roles.some((r) => REPORT_ROLES.includes(r));
  // Bumped on every live update or synced write, to reload the supervisor's lists too.
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState<string | null>(null);
  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    setVersion((v) => v + 1);
  };
  useRefetchAfterSync(staff.id, isTicketChange, reload);
  useTicketUpdates((t) => {
    setLive(t.summary);
    reload();
  });
  const creating = useTicketOutbox(staff.id).filter((i) => i.change.type === 'createTicketFromOrder' || i.change.type === 'createTicket');
  const tickets = data?.myTickets;
  return (
    <div class="stack">
      <a class="btn primary block" href="/tickets/new" onClick={linkTo('/tickets/new')}>
        {tt('tk.new')}
      </a>
      <div class="actions" style={{ marginTop: 0 }}>
        {supervisor && (
          <a class="btn small" href="/tickets/report" onClick={linkTo('/tickets/report')}>
            {tt('tk.report')}
          </a>
        )}
        <a class="btn small" href="/tickets/overshort" onClick={linkTo('/tickets/overshort')}>
          {tt('tk.overShort')}
        </a>
      </div>
      {live && (
        <p class="small muted" role="status">
          {tt('tk.live', { summary: live })}
        </p>
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
      {supervisor && <SupervisorQueues staff={staff} version={version} />}
    </div>
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
      <BackLink to="/tickets" label={tt('tk.back')} />
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
      <FreeFormTicket staff={staff} />
    </div>
  );
}
