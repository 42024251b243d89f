// The roster's outbox changes, registered with the outbox at start-up. Their sender loads
// with the first roster change sent (lazy import), not with the first screen.
import { outcomeOf } from '../../outbox/outcome';
import { registerChangeKind } from '../../outbox/registry';
import { describeRosterChange, type RosterChange } from './changes';

export const isRosterChange = registerChangeKind<RosterChange>({
  feature: 'roster',
  types: {
    requestShiftSwap: true,
    respondToShiftSwap: true,
    decideShiftSwap: true,
    decideLeave: true,
    requestLeave: true,
    assignShifts: true,
    copyPreviousRoster: true,
    publishRoster: true,
    cancelShiftSwap: true,
    cancelLeave: true,
    postOpenShift: true,
    claimOpenShift: true,
    withdrawOpenShiftClaim: true,
    confirmOpenShiftClaim: true,
    cancelOpenShift: true,
    markAvailability: true,
    removeAvailability: true,
  },
  send: async (item) => outcomeOf((await (await import('./send')).sendRosterChange(item.change, item.key)).error),
  describe: describeRosterChange,
});
