// The roster's writes as outbox changes: saved on the phone first, sent with their
// idempotency key, shown as 待同步 until the server answers, refusals kept with its reason.
import type { AvailabilityKind, Decision } from '../../graphql/schema-types';
import type { MessageKey } from '../../i18n/messages';

interface Base {
  /** When the person acted, on the device (RFC 3339). */
  occurredAt: string;
  /** What the change is about, in words for the queue (for example "12月3日 白班 ⇄ 12月4日 白班"). */
  summary: string;
}

export type RosterChange = Base &
  (
    | {
        type: 'requestShiftSwap';
        requesterShiftId: string;
        colleagueId: string;
        colleagueShiftId: string;
        reason: string;
      }
    | { type: 'respondToShiftSwap'; shiftSwapId: string; version: number; accept: boolean }
    | { type: 'decideShiftSwap' | 'decideLeave'; id: string; version: number; decision: Decision; comment: string }
    | { type: 'requestLeave'; leaveTypeId: string; startDay: string; endDay: string; reason: string }
    | {
        type: 'assignShifts';
        depotId: string;
        month: string;
        assignments: { staffId: string; day: string; shiftTypeId: string | null }[];
      }
    | { type: 'copyPreviousRoster'; depotId: string; month: string }
    | { type: 'publishRoster'; rosterId: string; version: number }
    | { type: 'cancelShiftSwap'; shiftSwapId: string; version: number }
    | { type: 'cancelLeave'; leaveId: string; version: number }
    | { type: 'postOpenShift'; depotId: string; day: string; shiftTypeId: string; note: string; leaveRequestId?: string }
    | { type: 'claimOpenShift' | 'withdrawOpenShiftClaim'; openShiftId: string }
    | { type: 'confirmOpenShiftClaim'; openShiftId: string; claimId: string; version: number }
    | { type: 'cancelOpenShift'; openShiftId: string; version: number }
    | { type: 'markAvailability'; day: string; kind: AvailabilityKind; startMinute: number | null; endMinute: number | null; reason: string }
    | { type: 'removeAvailability'; markId: string }
  );

export type RosterChangeType = RosterChange['type'];

const titles: Record<RosterChangeType, MessageKey> = {
  requestShiftSwap: 'roster.change.requestShiftSwap',
  respondToShiftSwap: 'roster.change.respondToShiftSwap',
  decideShiftSwap: 'roster.change.decideShiftSwap',
  decideLeave: 'roster.change.decideLeave',
  requestLeave: 'roster.change.requestLeave',
  assignShifts: 'roster.change.assignShifts',
  copyPreviousRoster: 'roster.change.copyPreviousRoster',
  publishRoster: 'roster.change.publishRoster',
  cancelShiftSwap: 'roster.change.cancelShiftSwap',
  cancelLeave: 'roster.change.cancelLeave',
  // One title for the open shift changes: their summary names the action (in the lazy
  // screen's texts), which keeps these words out of the first screen's JavaScript.
  postOpenShift: 'roster.change.openShift',
  claimOpenShift: 'roster.change.openShift',
  withdrawOpenShiftClaim: 'roster.change.openShift',
  confirmOpenShiftClaim: 'roster.change.openShift',
  cancelOpenShift: 'roster.change.openShift',
  // Availability's summaries name the action too (texts in the lazy i18n/availability).
  markAvailability: 'roster.change.availability',
  removeAvailability: 'roster.change.availability',
};

/** How the queue names a roster change: its kind, then what it is about. */
export function describeRosterChange(change: RosterChange, t: (key: MessageKey) => string): string {
  return `${t(titles[change.type])} · ${change.summary}`;
}

/** The global id a change acts on, so a screen can show its pending or refused state in place. */
export function rosterChangeSubject(change: RosterChange): string | null {
  switch (change.type) {
    case 'respondToShiftSwap':
    case 'cancelShiftSwap':
      return change.shiftSwapId;
    case 'cancelLeave':
      return change.leaveId;
    case 'claimOpenShift':
    case 'withdrawOpenShiftClaim':
    case 'confirmOpenShiftClaim':
    case 'cancelOpenShift':
      return change.openShiftId;
    case 'removeAvailability':
      return change.markId;
    case 'decideShiftSwap':
    case 'decideLeave':
      return change.id;
    case 'publishRoster':
      return change.rosterId;
    default:
      return null;
  }
}
