// Wires the outbox to the GraphQL client and to the moments worth retrying: a change was
// added, the network came back, the session was restored, the app became visible, a timer.
import { isChecklistChange, isRosterChange, isTicketChange } from './kinds';
import { useEffect, useState } from 'preact/hooks';
import { client } from '../graphql/client';
import { isAuthError, isRetryable, serverErrors } from '../graphql/errors';
import { isOnline, onNetworkChange } from '../app/network';
import { freshAccessToken, getSession, onSessionChange, reconnect } from '../session/session';
import { openKeyValueStore, memoryKeyValueStore } from '../storage/idb';
import { RecordAttendanceDocument, TodayDocument } from '../features/today/today.generated';
import { Outbox, type Change, type OutboxItem, type SendOutcome } from './outbox';

export const outbox = new Outbox(typeof indexedDB === 'undefined' ? memoryKeyValueStore() : openKeyValueStore('cs-outbox'));

const RETRY_EVERY_MS = 15_000;
/** After a failed attempt while the browser says it is online, try again soon, backing off. */
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000];
let backoffStep = 0;
let backoffTimer: ReturnType<typeof setTimeout> | null = null;

function scheduleRetry(): void {
  if (backoffTimer || !isOnline() || backoffStep >= BACKOFF_MS.length) return;
  backoffTimer = setTimeout(() => {
    backoffTimer = null;
    void syncNow();
  }, BACKOFF_MS[backoffStep++]);
}

/** Sends one change through the GraphQL client (so the cache learns the result). */
export async function sendChange(item: OutboxItem): Promise<SendOutcome> {
  if (!(await freshAccessToken())) return { kind: 'retry' };
  const { change } = item;
  if (isTicketChange(change)) return (await import('../features/tickets/send')).sendTicketChange(item);
  if (isChecklistChange(change)) return (await import('../features/checklists/send')).sendChecklistChange(item);
  if (change.type !== 'recordAttendance' && !isRosterChange(change)) return (await import('../features/orders/changes')).sendOrderChange(item);
  const result =
    change.type === 'recordAttendance'
      ? await client
          .mutation(
            RecordAttendanceDocument,
            { input: { idempotencyKey: item.key, kind: change.kind, occurredAt: change.occurredAt } },
            { requestPolicy: 'network-only' },
          )
          .toPromise()
      : await import('../features/roster/send').then((m) => m.sendRosterChange(change, item.key));
  if (!result.error) return { kind: 'done' };
  if (result.error.networkError || result.error.graphQLErrors.length === 0) return { kind: 'retry' };
  const first = serverErrors(result.error.graphQLErrors)[0];
  if (!first || isRetryable(first) || isAuthError(first)) return { kind: 'retry' };
  return { kind: 'refused', error: first };
}

/** Sends the signed-in person's pending changes, then refreshes what they affect. */
export async function syncNow(): Promise<void> {
  const session = getSession();
  if (session.status !== 'signedIn') return;
  const staffId = session.staff.id;
  await outbox.ready();
  const before = outbox.list(staffId).filter((i) => i.state === 'pending').length;
  if (before === 0) return;
  await reconnect();
  await outbox.flush(staffId, sendChange);
  const after = outbox.list(staffId).filter((i) => i.state === 'pending').length;
  if (after === 0) backoffStep = 0;
  else scheduleRetry();
  if (after < before) {
    await client.query(TodayDocument, {}, { requestPolicy: 'network-only' }).toPromise();
  }
}

/** Saves a change in the outbox and tries to send it straight away. */
export async function submitChange(staffId: string, change: Change): Promise<OutboxItem> {
  const item = await outbox.add(staffId, change);
  void syncNow();
  return item;
}

let started = false;
/** Starts the background triggers once per page. */
export function startSync(): void {
  if (started) return;
  started = true;
  onNetworkChange((online) => {
    if (!online) return;
    backoffStep = 0;
    void syncNow();
  });
  onSessionChange((s) => s.status === 'signedIn' && void syncNow());
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void syncNow());
  setInterval(() => void syncNow(), RETRY_EVERY_MS);
  void syncNow();
}

export function useOutbox(staffId: string): { items: readonly OutboxItem[]; sending: string | null } {
  const read = () => ({ items: outbox.list(staffId), sending: outbox.sending() });
  const [snapshot, setSnapshot] = useState(read);
  useEffect(() => {
    setSnapshot(read());
    return outbox.subscribe(() => setSnapshot(read()));
  }, [staffId]);
  return snapshot;
}
