import { describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../../outbox/types';
import type { OrderChange } from './changes';

const mutation = vi.fn();
const query = vi.fn(() => ({ toPromise: async () => ({ data: null }) }));
vi.mock('../../graphql/client', () => ({ client: { mutation: (...a: unknown[]) => mutation(...a), query: (...a: unknown[]) => query(...(a as [])) } }));
vi.mock('../../session/session', () => ({ freshAccessToken: async () => 'token' }));

const { sendOrderChange } = await import('./changes');

const answer = (result: unknown) => mutation.mockReturnValueOnce({ toPromise: async () => result });
const item = (key: string, change: OrderChange): OutboxItem<OrderChange> => ({
  key,
  staffId: 'S1',
  change,
  createdAt: '2026-11-23T02:00:00Z',
  state: 'pending',
  attempts: 0,
});
const event = { waybillNo: 'SD123456785CN', status: 'PICKED_UP' as const, occurredAt: '2026-11-23T02:00:00Z', place: '浦东', scannedBy: '张伟' };

describe('sendOrderChange', () => {
  it('a tracking event the server rejects inside the batch is refused with its code and message', async () => {
    answer({
      data: {
        recordTrackingEvents: {
          accepted: 0,
          duplicates: 0,
          rejected: 1,
          results: [{ index: 0, eventKey: 'e1', outcome: 'REJECTED', errorCode: 'ORDER_NOT_RELEASED', errorMessage: '订单尚未放行' }],
        },
      },
    });
    const outcome = await sendOrderChange(item('e1', { type: 'recordTrackingEvent', event }));
    expect(outcome).toEqual({ kind: 'refused', error: { code: 'ORDER_NOT_RELEASED', message: '订单尚未放行' } });
    expect(mutation.mock.calls[0]![1]).toEqual({ input: { events: [{ eventKey: 'e1', ...event }] } });
  });

  it('an accepted event refreshes the order so the timeline shows it', async () => {
    answer({ data: { recordTrackingEvents: { accepted: 1, duplicates: 0, rejected: 0, results: [{ index: 0, eventKey: 'e2', outcome: 'ACCEPTED' }] } } });
    expect(await sendOrderChange(item('e2', { type: 'recordTrackingEvent', event }))).toEqual({ kind: 'done' });
    expect(query).toHaveBeenCalledWith(expect.anything(), { waybillNo: 'SD123456785CN' }, { requestPolicy: 'network-only' });
  });

  it('a release queued after this phone own verification uses the version that verification produced', async () => {
    mutation.mockClear();
    const on = { orderId: 'O9', waybillNo: 'SD123456785CN', expectedVersion: 4 };
    answer({ data: { verifyOrder: { replayed: false, order: { version: 5 } } } });
    await sendOrderChange(item('v1', { type: 'verifyOrder', ...on, elements: ['GOODS'] }));
    answer({ data: { releaseOrder: { replayed: false, order: { version: 6 } } } });
    await sendOrderChange(item('r1', { type: 'releaseOrder', ...on }));
    expect(mutation.mock.calls[1]![1]).toEqual({ input: { idempotencyKey: 'r1', orderId: 'O9', expectedVersion: 5 } });
  });

  it('a network failure is retried and a conflict is refused', async () => {
    const on = { orderId: 'O10', waybillNo: 'SD123456785CN', expectedVersion: 1 };
    answer({ error: { networkError: new Error('offline'), graphQLErrors: [] } });
    expect(await sendOrderChange(item('c1', { type: 'cancelOrder', ...on, reason: '不要了' }))).toEqual({ kind: 'retry' });
    answer({ error: { graphQLErrors: [{ message: '订单已被他人修改', extensions: { code: 'CONFLICT' } }] } });
    expect(await sendOrderChange(item('c1', { type: 'cancelOrder', ...on, reason: '不要了' }))).toEqual({
      kind: 'refused',
      error: { code: 'CONFLICT', message: '订单已被他人修改' },
    });
  });

  it('a printed order is cancelled with both slips confirmed back (打过单的要回发货单与快递单)', async () => {
    mutation.mockClear();
    const on = { orderId: 'O11', waybillNo: 'SD123456785CN', expectedVersion: 3 };
    answer({ data: { cancelPrintedOrder: { replayed: false, action: 'VOID_PRINTED', order: { version: 4 } } } });
    const change = { type: 'cancelPrintedOrder' as const, ...on, reason: '不要了', waybillRetrieved: true, deliverySlipRetrieved: true };
    expect(await sendOrderChange(item('p1', change))).toEqual({ kind: 'done' });
    expect(mutation.mock.calls[0]![1]).toEqual({
      input: { idempotencyKey: 'p1', orderId: 'O11', expectedVersion: 3, reason: '不要了', waybillRetrieved: true, deliverySlipRetrieved: true },
    });
  });
});
