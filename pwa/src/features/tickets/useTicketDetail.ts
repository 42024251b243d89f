// One ticket, kept fresh: refetched when the outbox delivers a ticket change and when the
// server announces a change to it.
import { useQuery } from '@urql/preact';
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isTicketChange } from './kinds';
import { useTicketUpdates } from './live';
import { TicketByIdDocument, type TicketDetailFragment } from './tickets.generated';

export function useTicketDetail(id: string, staffId: string) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TicketByIdDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staffId, isTicketChange, () => refetch({ requestPolicy: 'network-only' }));
  useTicketUpdates((t) => {
    if (t.id === id) refetch({ requestPolicy: 'network-only' });
  });
  const node = data?.node;
  const ticket = node && 'kind' in node ? (node as TicketDetailFragment) : null;
  return { ticket, fetching, error };
}
