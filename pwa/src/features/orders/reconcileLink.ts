// The reconciliation screen's address, kept apart from the screen so the approvals inbox
// can link to it without loading it.

/** The link that opens a station's month on the reconciliation screen: /orders/reconcile?station=<id>&month=YYYY-MM. */
export function reconcilePath(stationId: string, month: string): string {
  return `/orders/reconcile?${new URLSearchParams({ station: stationId, month }).toString()}`;
}

/**
 * The station and month asked for in the address (?station=&month=), as the approvals
 * inbox's review card links them; a month that is not YYYY-MM is left out.
 */
export function reconcileParams(search: string): { station: string | null; month: string | null } {
  const q = new URLSearchParams(search);
  const month = q.get('month');
  return { station: q.get('station') || null, month: month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : null };
}
