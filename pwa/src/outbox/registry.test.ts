// The outbox registry: every feature's stored change types still reach that feature's sender
// after the upgrade, and a type no feature registered is refused on the phone, never sent.
import { describe, expect, it } from 'vitest';
import '../app/changeKinds';
import { t } from '../i18n/i18n';
import { memoryKeyValueStore } from '../storage/idb';
import { Outbox } from './outbox';
import { describeChange, featureOf, isKnownChange, registerChangeKind, sendRegistered, shownAt, UNKNOWN_CHANGE } from './registry';
import { sendChange } from './sync';
import type { OutboxChange, OutboxItem, SendOutcome } from './types';

// Items as the previous version (one Change union, kinds.ts) stored them in IndexedDB: one
// of each feature, with the fields that version wrote.
const saved: { feature: string; change: OutboxChange }[] = [
  { feature: 'today', change: { type: 'recordAttendance', kind: 'CLOCK_IN', occurredAt: '2026-11-24T01:00:00.000Z' } as OutboxChange },
  {
    feature: 'roster',
    change: { type: 'requestLeave', leaveTypeId: 'lt-1', startDay: '2026-12-01', endDay: '2026-12-02', reason: '看病', occurredAt: '2026-11-24T01:00:00.000Z', summary: '12月1日–12月2日' } as OutboxChange,
  },
  { feature: 'orders', change: { type: 'releaseOrder', orderId: 'O1', waybillNo: 'SD123456785CN', expectedVersion: 3 } as OutboxChange },
  { feature: 'tickets', change: { type: 'escalateTicket', ticketId: 't1', expectedVersion: 1, reason: 'x', externalContact: null, label: '升级工单' } as OutboxChange },
  { feature: 'checklists', change: { type: 'markNoticeRead', noticeId: 'n-1', summary: '线路变更', occurredAt: '2026-11-24T01:00:00.000Z' } as OutboxChange },
];

// Every type each feature queued in the previous version (kinds.ts listed roster's by hand,
// tickets and checklists kept arrays, and everything else went to orders).
const typesBefore: Record<string, readonly string[]> = {
  today: ['recordAttendance'],
  roster: [
    'requestShiftSwap', 'respondToShiftSwap', 'decideShiftSwap', 'decideLeave', 'requestLeave', 'assignShifts', 'copyPreviousRoster',
    'publishRoster', 'cancelShiftSwap', 'cancelLeave', 'postOpenShift', 'claimOpenShift', 'withdrawOpenShiftClaim',
    'confirmOpenShiftClaim', 'cancelOpenShift', 'markAvailability', 'removeAvailability',
  ],
  orders: [
    'intakeOrder', 'verifyOrder', 'releaseOrder', 'advanceOrderStage', 'changeOrderAddress', 'changeOrderGoods', 'cancelOrder',
    'cancelPrintedOrder', 'recordTrackingEvent', 'markTrackingRoundItem', 'confirmArrival', 'openOrderReturn',
  ],
  tickets: [
    'createTicketFromOrder', 'createTicket', 'addTicketComment', 'changeTicketState', 'resolveTicket', 'closeTicket', 'escalateTicket',
    'handOverTickets', 'assignTicket', 'restateTicket', 'confirmTicketRestatement', 'proposeClaim', 'decideClaim', 'payClaim',
    'reviewOverShortGoods', 'reportOverShortGoods', 'addTicketCause', 'retireTicketCause',
  ],
  checklists: [
    'startSelfCheck', 'startInspection', 'answerChecklistItem', 'raiseCorrectiveAction', 'completeCorrectiveAction',
    'verifyCorrectiveAction', 'markNoticeRead', 'remindUnreadNotice', 'publishNotice', 'signOffScoreSheet',
    'reviseChecklistTemplate', 'setDressCode',
  ],
};

function item(key: string, change: OutboxChange): OutboxItem {
  return { key, staffId: 'staff-1', change, createdAt: '2026-11-24T02:00:00.000Z', state: 'pending', attempts: 0 };
}

describe('the outbox registry', () => {
  it('routes a saved item of each feature to that feature', () => {
    for (const { feature, change } of saved) expect(featureOf(change), change.type).toBe(feature);
  });

  it('knows every change type the previous version queued, each by the same feature', () => {
    for (const [feature, types] of Object.entries(typesBefore)) {
      for (const type of types) expect(featureOf({ type }), type).toBe(feature);
    }
  });

  it('describes saved items as their feature does, and shows a punch at its device time', () => {
    expect(describeChange(saved[0]!.change, t)).toBe(t('punch.CLOCK_IN'));
    expect(describeChange(saved[1]!.change, t)).toBe(`${t('roster.change.requestLeave')} · 12月1日–12月2日`);
    expect(describeChange(saved[3]!.change, t)).toBe('升级工单');
    expect(shownAt(item('k1', saved[0]!.change))).toBe('2026-11-24T01:00:00.000Z');
    expect(shownAt(item('k2', saved[2]!.change))).toBe('2026-11-24T02:00:00.000Z');
  });

  it('refuses a change no feature registered on the phone, with a clear reason, and sends nothing', async () => {
    const unknown = { type: 'teleportParcel', waybillNo: 'SD1' };
    expect(isKnownChange(unknown)).toBe(false);
    const outcome = await sendRegistered(item('k1', unknown));
    expect(outcome).toEqual({ kind: 'refused', error: { code: UNKNOWN_CHANGE, message: t('outbox.unknownRefused', { type: 'teleportParcel' }) } });
    expect(describeChange(unknown, t)).toBe(t('outbox.unknown', { type: 'teleportParcel' }));
  });

  it('keeps an unknown change visible as refused, and the changes after it still go', async () => {
    const box = new Outbox(memoryKeyValueStore(), () => `key-${Math.random()}`);
    const unknown = await box.add('staff-1', { type: 'teleportParcel' });
    const known = await box.add('staff-1', saved[4]!.change);
    const sentToFeatures: string[] = [];
    // The app's own sendChange for the unknown one; a known one counts as delivered here.
    await box.flush('staff-1', async (i): Promise<SendOutcome> => {
      if (!isKnownChange(i.change)) return sendChange(i);
      sentToFeatures.push(i.key);
      return { kind: 'done' };
    });
    expect(sentToFeatures).toEqual([known.key]);
    expect(box.list('staff-1')).toMatchObject([{ key: unknown.key, state: 'refused', refusal: { code: UNKNOWN_CHANGE } }]);
  });

  it('shows a strange stored type cleaned and cut short', () => {
    const odd = { type: `evil\u0000\u001b[31m\u2028${'x'.repeat(5000)}` };
    const text = describeChange(odd, t);
    expect(text).not.toMatch(/[\u0000-\u001f\u2028]/);
    expect(text.length).toBeLessThan(80);
    expect(describeChange({ type: 42 } as unknown as OutboxChange, t)).toBe(t('outbox.unknown', { type: '?' }));
  });

  it('refuses a type that another feature already registered', () => {
    expect(() => registerChangeKind<{ type: 'releaseOrder' }>({ feature: 'elsewhere', types: { releaseOrder: true }, send: async () => ({ kind: 'done' }), describe: () => '' })).toThrow(
      /releaseOrder.*orders/,
    );
    expect(featureOf({ type: 'releaseOrder' })).toBe('orders');
  });
});
