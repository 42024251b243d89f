import type { RosterChange } from '../features/roster/changes';
import type { Change } from './outbox';
import { ticketChangeTypes, type TicketChange } from '../features/tickets/changes';
import { checklistChangeTypes, type ChecklistChange } from '../features/checklists/changes';

// The outbox carries changes of several features; each feature sends and describes its own.
// Punches are the platform's; roster changes are recognised by their type; the rest are
// order changes.
const rosterTypes: ReadonlySet<string> = new Set<RosterChange['type']>([
  'requestShiftSwap',
  'respondToShiftSwap',
  'decideShiftSwap',
  'decideLeave',
  'requestLeave',
  'assignShifts',
  'copyPreviousRoster',
  'publishRoster',
  'cancelShiftSwap',
  'cancelLeave',
  'postOpenShift',
  'claimOpenShift',
  'withdrawOpenShiftClaim',
  'confirmOpenShiftClaim',
  'cancelOpenShift',
  'markAvailability',
  'removeAvailability',
]);

export function isRosterChange(change: Change): change is RosterChange {
  return rosterTypes.has(change.type);
}

const ticketTypes: ReadonlySet<string> = new Set<string>(ticketChangeTypes);
export function isTicketChange(change: Change): change is TicketChange {
  return ticketTypes.has(change.type);
}

const checklistTypes: ReadonlySet<string> = new Set<string>(checklistChangeTypes);
export function isChecklistChange(change: Change): change is ChecklistChange {
  return checklistTypes.has(change.type);
}
