// What waits for the person (myCounts): loaded once, then kept live over the
// myCountsChanged subscription while the phone is online. The shell owns the one stream;
// badges read the counts, and lists with a live matter refetch when they change, so a
// newly accepted swap appears in the approvals inbox without a reload.
import { useQuery } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { MyCountsDocument, type CountsFragment } from '../features/today/today.generated';
import { listenLive } from './live';

export type Counts = CountsFragment;

// As app/live.ts's NOTICES: also in features/today/today.graphql; live.test.ts keeps them equal.
export const LIVE = `subscription LiveCounts { myCountsChanged { swapsToAnswer approvalsWaiting unreadNotices unreadNotifications ticketsDueSoon total } }`;

const listeners = new Set<(c: Counts) => void>();
let latest: Counts | null = null;

function publish(c: Counts): void {
  const changed = !latest || JSON.stringify(latest) !== JSON.stringify(c);
  latest = c;
  if (changed) for (const fn of listeners) fn(c);
}

/** Calls fn with every new set of counts; returns the unsubscribe. */
export function onCountsChanged(fn: (c: Counts) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The shell's counts: the query, then the live stream while online. */
export function useCountsSource(online: boolean, staffId: string): Counts | null {
  const [{ data }] = useQuery({ query: MyCountsDocument, requestPolicy: 'cache-and-network' });
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => onCountsChanged(setCounts), []);
  useEffect(() => {
    if (data?.myCounts) publish(data.myCounts);
  }, [data]);
  useEffect(() => {
    if (!online) return;
    const stop = new AbortController();
    listenLive<{ myCountsChanged?: Counts }>(LIVE, {}, (d) => d.myCountsChanged && publish(d.myCountsChanged), stop.signal);
    return () => stop.abort();
  }, [online, staffId]);
  return counts ?? data?.myCounts ?? null;
}

/** The latest counts, for screens below the shell. */
export function useCounts(): Counts | null {
  const [counts, setCounts] = useState<Counts | null>(latest);
  useEffect(() => onCountsChanged(setCounts), []);
  return counts;
}

/** Runs refetch whenever the counts change after the screen opened (a live matter moved). */
export function useRefetchOnCounts(refetch: () => void): void {
  const latest = useRef(refetch);
  latest.current = refetch; // the screen's current query (its month may have changed)
  useEffect(() => onCountsChanged(() => latest.current()), []);
}

/** The badge of each tab: what waits behind it. */
export function tabBadges(c: Counts | null): Record<string, number> {
  if (!c) return {};
  return {
    '/today': c.unreadNotices,
    '/tickets': c.ticketsDueSoon,
    '/roster': c.swapsToAnswer + c.unreadNotifications,
    '/approvals': c.approvalsWaiting,
  };
}
