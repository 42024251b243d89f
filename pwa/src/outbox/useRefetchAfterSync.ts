import { useEffect, useRef } from 'preact/hooks';
import { useOutbox } from './sync';
import type { OutboxChange } from './types';

/**
 * Calls `refetch` whenever one of this person's queued changes of a kind (`isMine`, the guard
 * its feature's registration returned) has left the queue: delivered, so the server's list
 * now holds it.
 */
export function useRefetchAfterSync(staffId: string, isMine: (change: OutboxChange) => boolean, refetch: () => void): void {
  const pending = useOutbox(staffId).items.filter((i) => i.state === 'pending' && isMine(i.change)).length;
  const before = useRef(pending);
  useEffect(() => {
    if (pending < before.current) refetch();
    before.current = pending;
  }, [pending]);
}
