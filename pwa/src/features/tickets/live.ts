// The tickets screens listen to ticketUpdated while they are open, so an assignee sees a new
// or escalated ticket of the depot at once, without pulling to refresh.
import { stringifyDocument } from '@urql/core';
import { useEffect, useRef } from 'preact/hooks';
import { listenLive } from '../../app/live';
import { TicketUpdatedDocument, type TicketListItemFragment, type TicketUpdatedSubscription } from './tickets.generated';

const QUERY = stringifyDocument(TicketUpdatedDocument);

/** Calls onTicket with each ticket created or changed that the person may see, while mounted. */
export function useTicketUpdates(onTicket: (t: TicketListItemFragment) => void): void {
  const latest = useRef(onTicket);
  latest.current = onTicket;
  useEffect(() => {
    const stop = new AbortController();
    listenLive<TicketUpdatedSubscription>(QUERY, {}, (data) => latest.current(data.ticketUpdated), stop.signal);
    return () => stop.abort();
  }, []);
}
