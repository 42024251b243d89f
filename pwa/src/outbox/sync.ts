// Wires the outbox to the GraphQL client and to the moments worth retrying: a change was
// added, the network came back, the session was restored, the app became visible, a timer.
import { useEffect, useState } from 'preact/hooks';
import { isOnline, onNetworkChange } from '../app/network';
import { freshAccessToken, getSession, onSessionChange, reconnect } from '../session/session';
import { openKeyValueStore, memoryKeyValueStore } from '../storage/idb';
import { Outbox } from './outbox';
import { isKnownChange, sendRegistered } from './registry';
import type { OutboxChange, OutboxItem, SendOutcome } from './types';

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

/**
 * Sends one change with the sender its feature registered (through the GraphQL client, so
 * the cache learns the result). A change no feature registered is refused on the phone.
 */
export async function sendChange(item: OutboxItem): Promise<SendOutcome> {
  if (isKnownChange(item.change) && !(await freshAccessToken())) return { kind: 'retry' };
  return sendRegistered(item);
}

const afterSyncs = new Set<() => Promise<unknown>>();
/** Runs `fn` after a sync delivered at least one change (the today screen reloads its summary). */
export function afterSync(fn: () => Promise<unknown>): () => void {
  afterSyncs.add(fn);
  return () => afterSyncs.delete(fn);
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
  if (after < before) await Promise.all([...afterSyncs].map((fn) => fn()));
}

/** Saves a change in the outbox and tries to send it straight away. */
export async function submitChange<C extends OutboxChange>(staffId: string, change: C): Promise<OutboxItem<C>> {
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
