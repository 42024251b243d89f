import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../../outbox/types';
import type { OrderChange } from './changes';

const mutation = vi.fn();
const query = vi.fn(() => ({ toPromise: async () => ({ data: null }) }));
const uploadPhoto = vi.fn();
vi.mock('../../graphql/client', () => ({ client: { mutation: (...a: unknown[]) => mutation(...a), query: (...a: unknown[]) => query(...(a as [])) } }));
vi.mock('../../session/session', () => ({ freshAccessToken: async () => 'token' }));
vi.mock('../../photos/upload', () => ({ uploadPhoto: (...a: unknown[]) => uploadPhoto(...a) }));

const { sendOrderChange } = await import('./changes');

const change = (photos: Blob[]): OrderChange => ({
  type: 'openOrderReturn',
  orderId: 'O1',
  waybillNo: 'SD123456785CN',
  expectedVersion: 4,
  kind: 'RETURN',
  reason: 'QUALITY',
  description: '外壳碎裂',
  parcelIntact: true,
  photos,
  capturedAt: photos.map((_, i) => `2026-11-23T02:0${i}:00Z`),
});
const item = (key: string, c: OrderChange): OutboxItem<OrderChange> => ({ key, staffId: 'S1', change: c, createdAt: '2026-11-23T02:00:00Z', state: 'pending', attempts: 0 });

afterEach(() => {
  mutation.mockReset();
  uploadPhoto.mockReset();
  query.mockClear();
});

describe('sending a return', () => {
  it('uploads each photo, then opens the return with their ids and re-reads the order', async () => {
    uploadPhoto.mockResolvedValueOnce({ kind: 'ok', photoId: 'P1' }).mockResolvedValueOnce({ kind: 'ok', photoId: 'P2' });
    mutation.mockReturnValueOnce({ toPromise: async () => ({ data: { openOrderReturn: { replayed: false } } }) });
    const a = new Blob(['a'], { type: 'image/jpeg' });
    const b = new Blob(['b'], { type: 'image/jpeg' });
    expect(await sendOrderChange(item('r1', change([a, b])))).toEqual({ kind: 'done' });
    expect(uploadPhoto.mock.calls).toEqual([
      [a, '2026-11-23T02:00:00Z'],
      [b, '2026-11-23T02:01:00Z'],
    ]);
    expect(mutation.mock.calls[0]![1]).toEqual({
      input: { idempotencyKey: 'r1', orderId: 'O1', expectedVersion: 4, kind: 'RETURN', reason: 'QUALITY', description: '外壳碎裂', parcelIntact: true, photoRefs: ['P1', 'P2'] },
    });
    expect(query).toHaveBeenCalled();
  });

  it('a photo the server refuses stops the return, which keeps the refusal', async () => {
    uploadPhoto.mockResolvedValueOnce({ kind: 'fail', outcome: { kind: 'refused', error: { code: 'PHOTO_NOT_IMAGE', message: '不是图片' } } });
    expect(await sendOrderChange(item('r2', change([new Blob(['x'])])))).toEqual({ kind: 'refused', error: { code: 'PHOTO_NOT_IMAGE', message: '不是图片' } });
    expect(mutation).not.toHaveBeenCalled();
  });

  it('offline during an upload: tried again later', async () => {
    uploadPhoto.mockResolvedValueOnce({ kind: 'fail', outcome: { kind: 'retry' } });
    expect(await sendOrderChange(item('r3', change([new Blob(['x'])])))).toEqual({ kind: 'retry' });
    expect(mutation).not.toHaveBeenCalled();
  });
});
