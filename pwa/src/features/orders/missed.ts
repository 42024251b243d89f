// Missed tracking rounds grouped the way a supervisor reads them: by day (newest first),
// then the 09:00 round before the 16:00 one, each with the items nobody checked.
import type { MissedTrackingRoundsQuery } from './orders.generated';

export type MissedRound = MissedTrackingRoundsQuery['missedTrackingRounds'][number];

export interface MissedDay {
  day: string;
  rounds: MissedRound[];
}

const SLOT_ORDER = { MORNING: 0, AFTERNOON: 1 } as const;

export function groupMissed(rounds: readonly MissedRound[]): MissedDay[] {
  const byDay = new Map<string, MissedRound[]>();
  for (const r of rounds) byDay.set(r.round.day, [...(byDay.get(r.round.day) ?? []), r]);
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([day, rs]) => ({ day, rounds: [...rs].sort((a, b) => SLOT_ORDER[a.round.slot] - SLOT_ORDER[b.round.slot]) }));
}

/** The items of a round nobody checked. */
export function uncheckedItems(r: MissedRound): MissedRound['round']['items'] {
  return r.round.items.filter((i) => !i.checkedAt);
}

/** YYYY-MM-DD of a date in the phone's time zone. */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The default period: the last 7 days, today included. */
export function lastWeek(now: Date = new Date()): { from: string; to: string } {
  const from = new Date(now);
  from.setDate(from.getDate() - 6);
  return { from: localDay(from), to: localDay(now) };
}
