import { describe, expect, it } from 'vitest';
import { memoryKeyValueStore } from '../storage/idb';
import { Outbox } from './outbox';
import type { OutboxItem, SendOutcome } from './types';

const clockIn = { type: 'recordAttendance' as const, kind: 'CLOCK_IN' as const, occurredAt: '2026-11-24T01:00:00.000Z' };
const clockOut = { type: 'recordAttendance' as const, kind: 'CLOCK_OUT' as const, occurredAt: '2026-11-24T10:00:00.000Z' };

function keys() {
  let n = 0;
  return () => `key-${++n}`;
}

function scripted(outcomes: SendOutcome[]) {
  const sent: string[] = [];
  return {
    sent,
    send: async (item: OutboxItem): Promise<SendOutcome> => {
      sent.push(item.key);
      return outcomes.shift() ?? { kind: 'done' };
    },
  };
}

describe('Outbox', () => {
  it('keeps a change before sending it, with an idempotency key', async () => {
    const store = memoryKeyValueStore();
    const box = new Outbox(store, keys());
    const item = await box.add('staff-1', clockIn);
    expect(item).toMatchObject({ key: 'key-1', staffId: 'staff-1', state: 'pending', change: clockIn });
    expect(await store.get('items')).toHaveLength(1);
  });

  it('survives a reload: a new outbox on the same store sees the pending change', async () => {
    const store = memoryKeyValueStore();
    await new Outbox(store, keys()).add('staff-1', clockIn);
    const reloaded = new Outbox(store, keys());
    await reloaded.ready();
    expect(reloaded.list('staff-1').map((i) => i.change.type)).toEqual(['recordAttendance']);
  });

  it('sends in order and removes what the server accepted', async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    await box.add('staff-1', clockIn);
    await box.add('staff-1', clockOut);
    const server = scripted([{ kind: 'done' }, { kind: 'done' }]);
    await box.flush('staff-1', server.send);
    expect(server.sent).toEqual(['key-1', 'key-2']);
    expect(box.list()).toEqual([]);
  });

  it('stops at the first change to retry so that later ones never overtake it', async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    await box.add('staff-1', clockIn);
    await box.add('staff-1', clockOut);
    const offline = scripted([{ kind: 'retry' }]);
    await box.flush('staff-1', offline.send);
    expect(offline.sent).toEqual(['key-1']);
    expect(box.list().map((i) => [i.key, i.state, i.attempts])).toEqual([
      ['key-1', 'pending', 1],
      ['key-2', 'pending', 0],
    ]);
    const online = scripted([]);
    await box.flush('staff-1', online.send);
    expect(online.sent).toEqual(['key-1', 'key-2']);
    expect(box.list()).toEqual([]);
  });

  it('treats a thrown sender as retry, not as loss', async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    await box.add('staff-1', clockIn);
    await box.flush('staff-1', async () => {
      throw new Error('boom');
    });
    expect(box.list()).toHaveLength(1);
  });

  it('keeps a refused change with its reason, and goes on with the next one', async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    await box.add('staff-1', clockIn);
    await box.add('staff-1', clockOut);
    const error = { code: 'BAD_USER_INPUT', message: '打卡时间早于 48 小时前' };
    const server = scripted([{ kind: 'refused', error }, { kind: 'done' }]);
    await box.flush('staff-1', server.send);
    expect(server.sent).toEqual(['key-1', 'key-2']);
    expect(box.list()).toEqual([expect.objectContaining({ key: 'key-1', state: 'refused', refusal: error })]);
    // A refused change is not sent again…
    const again = scripted([]);
    await box.flush('staff-1', again.send);
    expect(again.sent).toEqual([]);
    // …and leaves only when its owner dismisses it.
    await box.dismiss('key-1');
    expect(box.list()).toEqual([]);
  });

  it('does not dismiss a pending change', async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    await box.add('staff-1', clockIn);
    await box.dismiss('key-1');
    expect(box.list()).toHaveLength(1);
  });

  it("sends only the signed-in person's changes", async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    await box.add('staff-1', clockIn);
    await box.add('staff-2', clockIn);
    const server = scripted([]);
    await box.flush('staff-2', server.send);
    expect(server.sent).toEqual(['key-2']);
    expect(box.list('staff-1')).toHaveLength(1);
  });

  it('runs one flush at a time, so a change is never sent twice concurrently', async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    await box.add('staff-1', clockIn);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const send = async (item: OutboxItem): Promise<SendOutcome> => {
      sent.push(item.key);
      await gate;
      return { kind: 'done' };
    };
    const first = box.flush('staff-1', send);
    const second = box.flush('staff-1', send);
    await Promise.resolve();
    expect(box.sending()).toBe('key-1');
    release();
    await Promise.all([first, second]);
    expect(sent).toEqual(['key-1']);
  });

  it('tells subscribers about changes', async () => {
    const box = new Outbox(memoryKeyValueStore(), keys());
    let calls = 0;
    box.subscribe(() => calls++);
    await box.add('staff-1', clockIn);
    expect(calls).toBeGreaterThan(0);
  });
});
