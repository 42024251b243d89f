// Clock-in and clock-out as outbox changes: the device time of the punch is what counts, so
// the queue shows it. Registered with the outbox at start-up; once a sync delivered anything,
// the today summary reloads.
import { client } from '../../graphql/client';
import { outcomeOf } from '../../outbox/outcome';
import { registerChangeKind } from '../../outbox/registry';
import { afterSync } from '../../outbox/sync';
import { RecordAttendanceDocument, TodayDocument } from './today.generated';

export interface ClockPunchChange {
  type: 'recordAttendance';
  kind: 'CLOCK_IN' | 'CLOCK_OUT';
  /** Device time of the punch (RFC 3339). */
  occurredAt: string;
}

export const isClockPunch = registerChangeKind<ClockPunchChange>({
  feature: 'today',
  types: { recordAttendance: true },
  send: async (item) => {
    const { change } = item;
    const input = { idempotencyKey: item.key, kind: change.kind, occurredAt: change.occurredAt };
    return outcomeOf((await client.mutation(RecordAttendanceDocument, { input }, { requestPolicy: 'network-only' }).toPromise()).error);
  },
  describe: (change, t) => t(`punch.${change.kind}`),
  shownAt: (change) => change.occurredAt,
});

afterSync(() => client.query(TodayDocument, {}, { requestPolicy: 'network-only' }).toPromise());
