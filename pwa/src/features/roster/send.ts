// Sends a queued roster change. Loaded on demand by the outbox, so the mutations' documents
// stay out of the first screen's JavaScript.
import type { OperationResult } from '@urql/core';
import { client } from '../../graphql/client';
import {
  AssignShiftsDocument,
  CancelLeaveRequestDocument,
  CancelShiftSwapDocument,
  CopyPreviousRosterDocument,
  DecideLeaveDocument,
  DecideShiftSwapDocument,
  PublishRosterDocument,
  RequestLeaveDocument,
  RequestShiftSwapDocument,
  RespondToShiftSwapDocument,
} from './roster.generated';
import type { RosterChange } from './changes';

/** Sends one roster change with its idempotency key. */
export function sendRosterChange(change: RosterChange, idempotencyKey: string): Promise<OperationResult> {
  const opts = { requestPolicy: 'network-only' as const };
  switch (change.type) {
    case 'requestShiftSwap': {
      const { requesterShiftId, colleagueId, colleagueShiftId, reason } = change;
      const input = { idempotencyKey, proposal: { requesterShiftId, colleagueId, colleagueShiftId }, reason: reason || null };
      return client.mutation(RequestShiftSwapDocument, { input }, opts).toPromise();
    }
    case 'respondToShiftSwap': {
      const { shiftSwapId, version, accept } = change;
      return client.mutation(RespondToShiftSwapDocument, { input: { idempotencyKey, shiftSwapId, version, accept } }, opts).toPromise();
    }
    case 'decideShiftSwap':
    case 'decideLeave': {
      const { id, version, decision, comment } = change;
      const input = { idempotencyKey, id, version, decision, comment: comment || null };
      const doc = change.type === 'decideShiftSwap' ? DecideShiftSwapDocument : DecideLeaveDocument;
      return client.mutation(doc, { input }, opts).toPromise();
    }
    case 'requestLeave': {
      const { leaveTypeId, startDay, endDay, reason } = change;
      return client.mutation(RequestLeaveDocument, { input: { idempotencyKey, leaveTypeId, startDay, endDay, reason } }, opts).toPromise();
    }
    case 'assignShifts': {
      const { depotId, month, assignments } = change;
      return client.mutation(AssignShiftsDocument, { input: { idempotencyKey, depotId, month, assignments } }, opts).toPromise();
    }
    case 'copyPreviousRoster': {
      const { depotId, month } = change;
      return client.mutation(CopyPreviousRosterDocument, { input: { idempotencyKey, depotId, month } }, opts).toPromise();
    }
    case 'publishRoster': {
      const { rosterId, version } = change;
      return client.mutation(PublishRosterDocument, { input: { idempotencyKey, rosterId, version } }, opts).toPromise();
    }
    case 'cancelShiftSwap': {
      const { shiftSwapId: id, version } = change;
      return client.mutation(CancelShiftSwapDocument, { input: { idempotencyKey, id, version } }, opts).toPromise();
    }
    case 'cancelLeave': {
      const { leaveId: id, version } = change;
      return client.mutation(CancelLeaveRequestDocument, { input: { idempotencyKey, id, version } }, opts).toPromise();
    }
    // Open shifts' documents load with their screen, not in the first screen's JavaScript.
    case 'postOpenShift':
      return import('./openshifts.generated').then(({ PostOpenShiftDocument }) => {
        const { depotId, day, shiftTypeId, note, leaveRequestId } = change;
        const input = { idempotencyKey, depotId, day, shiftTypeId, note: note || null, leaveRequestId: leaveRequestId ?? null };
        return client.mutation(PostOpenShiftDocument, { input }, opts).toPromise();
      });
    case 'claimOpenShift':
    case 'withdrawOpenShiftClaim':
      return import('./openshifts.generated').then(({ ClaimOpenShiftDocument, WithdrawOpenShiftClaimDocument }) => {
        const doc = change.type === 'claimOpenShift' ? ClaimOpenShiftDocument : WithdrawOpenShiftClaimDocument;
        return client.mutation(doc, { input: { idempotencyKey, openShiftId: change.openShiftId } }, opts).toPromise();
      });
    case 'confirmOpenShiftClaim':
      return import('./openshifts.generated').then(({ ConfirmOpenShiftClaimDocument }) => {
        const { claimId, version } = change;
        return client.mutation(ConfirmOpenShiftClaimDocument, { input: { idempotencyKey, claimId, version } }, opts).toPromise();
      });
    case 'cancelOpenShift':
      return import('./openshifts.generated').then(({ CancelOpenShiftDocument }) => {
        const { openShiftId: id, version } = change;
        return client.mutation(CancelOpenShiftDocument, { input: { idempotencyKey, id, version } }, opts).toPromise();
      });
    // Availability's documents load with its screen too. Removing is idempotent by id.
    case 'markAvailability':
      return import('./availability.generated').then(({ MarkAvailabilityDocument }) => {
        const { day, kind, startMinute, endMinute, reason } = change;
        return client.mutation(MarkAvailabilityDocument, { input: { idempotencyKey, day, kind, startMinute, endMinute, reason } }, opts).toPromise();
      });
    case 'removeAvailability':
      return import('./availability.generated').then(({ RemoveAvailabilityDocument }) =>
        client.mutation(RemoveAvailabilityDocument, { id: change.markId }, opts).toPromise(),
      );
  }
}
