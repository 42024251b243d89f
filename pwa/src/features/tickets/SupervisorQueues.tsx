// The supervisor's watch lists on the tickets home: tickets nobody owns (a dropped ticket
// is itself a fault) and tickets whose owner went off shift without handing them over,
// each assigned to a colleague on duty in two taps, and promises to customers that were
// broken.
import { useQuery } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/i18n';
import { useTicketsI18n } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { distinctOnDuty, Field, formatDuration, OnDutySelect, queueTicketChange } from './common';
import { TicketRow } from './TicketRow';
import {
  BrokenPromisesDocument,
  TicketColleaguesOnDutyDocument,
  TicketsAtRiskDocument,
  UnownedTicketsDocument,
  type UnownedTicketsQuery,
} from './tickets.generated';

type UnownedTicket = UnownedTicketsQuery['unownedTickets'][number];

/** Both lists reload when `version` changes (a live update or a synced write). */
export function SupervisorQueues({ staff, version }: { staff: StaffSummary; version: number }) {
  return (
    <>
      <Unowned staff={staff} version={version} />
      <AtRisk staff={staff} version={version} />
      <BrokenPromises version={version} />
    </>
  );
}

/** Reloads a list whenever `version` moves on (not on the first render, which loads anyway). */
function useReloadOn(version: number, reload: () => void): void {
  const first = useRef(version);
  useEffect(() => {
    if (version !== first.current) reload();
  }, [version]);
}

function Unowned({ staff, version }: { staff: StaffSummary; version: number }) {
  const { tt } = useTicketsI18n();
  const [{ data, error }, refetch] = useQuery({ query: UnownedTicketsDocument, requestPolicy: 'cache-and-network' });
  useReloadOn(version, () => refetch({ requestPolicy: 'network-only' }));
  const list = data?.unownedTickets;
  return (
    <section class="card" aria-labelledby="unowned-title">
      <h2 id="unowned-title">{tt('tk.unowned')}</h2>
      {error && !list && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
      {list && list.length === 0 && <p>{tt('tk.unownedNone')}</p>}
      {list && list.length > 0 && (
        <ul class="list" aria-label={tt('tk.unowned')}>
          {list.map((t) => (
            <TicketRow key={t.id} ticket={t}>
              <AssignTicket ticket={t} staff={staff} />
            </TicketRow>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Tickets whose owner's shift ended without a handover: who, and how long ago. */
function AtRisk({ staff, version }: { staff: StaffSummary; version: number }) {
  const { tt, locale } = useTicketsI18n();
  const [{ data, error }, refetch] = useQuery({ query: TicketsAtRiskDocument, requestPolicy: 'cache-and-network' });
  useReloadOn(version, () => refetch({ requestPolicy: 'network-only' }));
  const list = data?.ticketsAtRisk;
  return (
    <section class="card" aria-labelledby="at-risk-title">
      <h2 id="at-risk-title">{tt('tk.atRisk')}</h2>
      {error && !list && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
      {list && list.length === 0 && <p>{tt('tk.atRiskNone')}</p>}
      {list && list.length > 0 && (
        <ul class="list" aria-label={tt('tk.atRisk')}>
          {list.map((r) => (
            <TicketRow key={r.ticket.id} ticket={r.ticket}>
              <span class="block small error">
                {tt('tk.atRiskOwner', {
                  name: `${r.owner.name}（${r.owner.employeeNo}）`,
                  time: formatDuration(r.minutesSinceShiftEnd * 60, tt),
                  at: formatDateTime(r.shiftEndedAt, locale),
                })}
              </span>
              <AssignTicket ticket={r.ticket} staff={staff} />
            </TicketRow>
          ))}
        </ul>
      )}
    </section>
  );
}

function AssignTicket({ ticket, staff }: { ticket: UnownedTicket; staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [queued, setQueued] = useState(false);
  const [{ data, fetching, error }] = useQuery({
    query: TicketColleaguesOnDutyDocument,
    variables: { depotId: ticket.depot.id },
    requestPolicy: 'network-only',
    pause: !open,
  });
  if (queued) return null;
  if (!open) {
    return (
      <button type="button" class="btn small" aria-label={tt('tk.assignFor', { summary: ticket.summary })} onClick={() => setOpen(true)}>
        {tt('tk.assign')}
      </button>
    );
  }
  const colleagues = distinctOnDuty(data?.onDutyNow);
  if (fetching && !data) return <p class="muted">{tt('tk.loading')}</p>;
  if (error && !data) return <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>;
  if (colleagues.length === 0) return <p role="alert">{tt('tk.assignNone')}</p>;
  const chosen = colleagues.find((c) => c.staff.id === to);
  const id = `tk-assign-${ticket.id}`;
  return (
    <form
      aria-label={tt('tk.assignFor', { summary: ticket.summary })}
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen) return;
        void queueTicketChange(staff.id, {
          type: 'assignTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          assigneeId: chosen.staff.id,
          note: note.trim(),
          label: `${tt('tk.change.assignTicket', { name: chosen.staff.name })} · ${ticket.summary}`,
        });
        setQueued(true);
      }}
    >
      <OnDutySelect id={`${id}-to`} label={tt('tk.assignTo')} colleagues={colleagues} value={to} onChange={setTo} />
      <Field id={`${id}-note`} label={tt('tk.assignNote')}>
        <input id={`${id}-note`} value={note} maxLength={500} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <div class="actions">
        <button type="button" class="btn small" onClick={() => setOpen(false)}>
          {tt('tk.cancel')}
        </button>
        <button type="submit" class="btn primary small">
          {tt('tk.assign')}
        </button>
      </div>
    </form>
  );
}

function BrokenPromises({ version }: { version: number }) {
  const { tt, locale } = useTicketsI18n();
  const [{ data, error }, refetch] = useQuery({ query: BrokenPromisesDocument, requestPolicy: 'cache-and-network' });
  useReloadOn(version, () => refetch({ requestPolicy: 'network-only' }));
  const list = data?.brokenPromises;
  return (
    <section class="card" aria-labelledby="broken-title">
      <h2 id="broken-title">{tt('tk.broken')}</h2>
      {error && !list && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
      {list && list.length === 0 && <p>{tt('tk.brokenNone')}</p>}
      {list && list.length > 0 && (
        <ul class="list" aria-label={tt('tk.broken')}>
          {list.map((t) => (
            <TicketRow key={t.id} ticket={t}>
              <span class="block small">
                {t.restatement && <span class="error">{tt('tk.promisedWas', { time: formatDateTime(t.restatement.promisedAt, locale) })}</span>}
                {' · '}
                {t.assignee ? `${t.assignee.name}（${t.assignee.employeeNo}）` : tt('tk.nobody')}
              </span>
            </TicketRow>
          ))}
        </ul>
      )}
    </section>
  );
}
