import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

const submitChange = vi.fn(async () => ({ key: 'k1' }));
vi.mock('../../outbox/sync', () => ({
  submitChange: (...args: unknown[]) => submitChange(...(args as [])),
  useOutbox: () => ({ items: [], sending: null }),
  outbox: { dismiss: vi.fn() },
}));

const { ReturnScreen } = await import('./ReturnScreen');
const { ReturnSection } = await import('./ReturnSection');
import { setLocale } from '../../i18n/i18n';
import { fakeClient, WithClient } from '../roster/testing';
import { groupMissed, lastWeek, type MissedRound } from './missed';
import type { OrderDetailFragment } from './orders.generated';
import { lookUpParcel } from './publicTrack';
import { mayOpenReturn, payers, returnProblems } from './returns';
import { publicTrackPath } from '../../app/router';

afterEach(() => {
  cleanup();
  submitChange.mockClear();
  setLocale('zh-CN');
});

describe('who pays a return', () => {
  it.each([
    ['RETURN', 'QUALITY', 'COMPANY', null],
    ['RETURN', 'OTHER', 'CUSTOMER', null],
    ['EXCHANGE', 'QUALITY', 'COMPANY', 'COMPANY'],
    ['EXCHANGE', 'OTHER', 'CUSTOMER', 'COMPANY'],
  ] as const)('%s for %s: return leg %s, replacement leg %s', (kind, reason, returnLeg, replacementLeg) => {
    expect(payers(kind, reason)).toEqual({ returnLeg, replacementLeg });
  });
});

describe('return form', () => {
  const ok = { kind: 'RETURN', reason: 'QUALITY', description: '外壳碎裂', parcelIntact: true, photoCount: 1 } as const;
  it('accepts a complete quality claim', () => expect(returnProblems(ok)).toEqual([]));
  it('a quality claim without photos is refused', () => expect(returnProblems({ ...ok, photoCount: 0 })).toEqual(['return.problem.photos']));
  it('another reason needs no photo', () => expect(returnProblems({ ...ok, reason: 'OTHER', photoCount: 0 })).toEqual([]));
  it('a parcel that cannot come back intact is refused', () => expect(returnProblems({ ...ok, parcelIntact: false })).toEqual(['return.problem.intact']));
  it('the description is 2 to 500 characters', () => {
    expect(returnProblems({ ...ok, description: ' 坏 ' })).toEqual(['return.problem.description']);
    expect(returnProblems({ ...ok, description: '坏'.repeat(501) })).toEqual(['return.problem.description']);
  });
  it('at most 9 photos', () => expect(returnProblems({ ...ok, photoCount: 10 })).toEqual(['return.problem.tooManyPhotos']));
  it('only a signed-for order without a return opens one', () => {
    expect(mayOpenReturn({ state: 'RELEASED', trackingStatus: 'SIGNED', returnRequest: null })).toBe(true);
    expect(mayOpenReturn({ state: 'RELEASED', trackingStatus: 'IN_TRANSIT', returnRequest: null })).toBe(false);
    expect(mayOpenReturn({ state: 'RELEASED', trackingStatus: 'SIGNED', returnRequest: { kind: 'RETURN' } })).toBe(false);
    expect(mayOpenReturn({ state: 'CANCELLED', trackingStatus: 'SIGNED', returnRequest: null })).toBe(false);
  });
});

const signed = {
  id: 'O1',
  waybillNo: 'SD123456785CN',
  version: 4,
  state: 'RELEASED',
  trackingStatus: 'SIGNED',
  returnRequest: null,
  returnOf: null,
} as unknown as OrderDetailFragment;

describe('ReturnScreen', () => {
  const client = fakeClient({ OrderByWaybill: { orderByWaybill: signed } });

  it('explains who pays, asks for photos of a quality problem and queues nothing until they are there', async () => {
    render(
      <WithClient client={client}>
        <ReturnScreen waybillNo="SD123456785CN" staff={{ id: 'S1', employeeNo: 'CS1001', name: '张伟', roles: ['AGENT'] }} />
      </WithClient>,
    );
    expect(screen.getByText('质量问题需拍照留证，往返运费均由公司承担。')).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: '客户描述的问题' }), { target: { value: '外壳碎裂' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /包裹可完好退回/ }));
    fireEvent.click(screen.getByRole('button', { name: '提交退换货' }));
    await Promise.resolve();
    expect(screen.getByRole('alert').textContent).toContain('质量问题请至少拍 1 张照片。');
    expect(submitChange).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('radio', { name: '换货' }));
    fireEvent.click(screen.getByRole('radio', { name: '其他原因' }));
    expect(screen.getByText('非质量问题，退货运费由客户承担。')).toBeTruthy();
    expect(screen.getByText('换货发出运费')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '提交退换货' }));
    await Promise.resolve();
    expect(submitChange).toHaveBeenCalledWith('S1', {
      type: 'openOrderReturn',
      orderId: 'O1',
      waybillNo: 'SD123456785CN',
      expectedVersion: 4,
      kind: 'EXCHANGE',
      reason: 'OTHER',
      description: '外壳碎裂',
      parcelIntact: true,
      photos: [],
      capturedAt: [],
    });
  });
});

describe('ReturnSection', () => {
  it('links the return and replacement waybills and shows the photos', () => {
    const order = {
      ...signed,
      returnRequest: {
        kind: 'EXCHANGE',
        reason: 'QUALITY',
        description: '外壳碎裂',
        returnLegPayer: 'COMPANY',
        replacementLegPayer: 'COMPANY',
        openedAt: '2026-11-23T02:00:00Z',
        photos: [{ id: 'P1', url: '/media/photos/p1?exp=1&sig=x' }],
        returnOrder: { id: 'O2', waybillNo: 'SD000000017CN', trackingStatus: 'CREATED' },
        replacementOrder: { id: 'O3', waybillNo: 'SD000000025CN', trackingStatus: 'CREATED' },
      },
    } as unknown as OrderDetailFragment;
    render(<ReturnSection order={order} />);
    expect(screen.getByRole('link', { name: 'SD000000017CN' }).getAttribute('href')).toBe('/orders/SD000000017CN');
    expect(screen.getByRole('link', { name: 'SD000000025CN' }).getAttribute('href')).toBe('/orders/SD000000025CN');
    expect(screen.getByRole('link', { name: '查看照片 1' }).getAttribute('href')).toBe('/media/photos/p1?exp=1&sig=x');
    expect(screen.queryByRole('link', { name: '退换货' })).toBeNull();
  });

  it('offers a return on a signed-for order', () => {
    render(<ReturnSection order={signed} />);
    expect(screen.getByRole('link', { name: '退换货' }).getAttribute('href')).toBe('/orders/SD123456785CN/return');
  });
});

describe('missed rounds', () => {
  const round = (id: string, day: string, slot: 'MORNING' | 'AFTERNOON'): MissedRound => ({
    unchecked: 1,
    total: 2,
    round: { id, day, slot, dueAt: `${day}T04:00:00Z`, items: [] },
  });
  it('groups by day, newest first, the 09:00 round before the 16:00 one', () => {
    const days = groupMissed([round('a', '2026-11-20', 'AFTERNOON'), round('b', '2026-11-22', 'AFTERNOON'), round('c', '2026-11-20', 'MORNING')]);
    expect(days.map((d) => [d.day, d.rounds.map((r) => r.round.id)])).toEqual([
      ['2026-11-22', ['b']],
      ['2026-11-20', ['c', 'a']],
    ]);
  });
  it('defaults to the last 7 days, today included', () => {
    expect(lastWeek(new Date(2026, 10, 24, 10))).toEqual({ from: '2026-11-18', to: '2026-11-24' });
    expect(lastWeek(new Date(2026, 2, 3, 10))).toEqual({ from: '2026-02-25', to: '2026-03-03' });
  });
});

describe('customer look-up', () => {
  const answer = (body: unknown) => vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(JSON.stringify(body)));

  it('catches a mistyped waybill and bad digits on the phone without asking the server', async () => {
    const f = answer({});
    expect(await lookUpParcel('SD123456784CN', '5678', f)).toMatchObject({ key: 'track.badCheckDigit', field: 'waybill' });
    expect(await lookUpParcel('12345', '5678', f)).toMatchObject({ key: 'track.badFormat' });
    expect(await lookUpParcel('SD123456785CN', '56a8', f)).toMatchObject({ key: 'track.badLast4', field: 'last4' });
    expect(f).not.toHaveBeenCalled();
  });

  it('asks without a token or cookie and returns the milestones', async () => {
    const tracking = { waybillNo: 'SD123456785CN', status: 'IN_TRANSIT', events: [] };
    const f = answer({ data: { customerTracking: tracking } });
    expect(await lookUpParcel(' sd 12345678 5cn ', '5678', f)).toEqual({ kind: 'found', tracking });
    const init = f.mock.calls[0]![1]!;
    expect(init.credentials).toBe('omit');
    expect(new Headers(init.headers).has('Authorization')).toBe(false);
    expect(JSON.parse(String(init.body)).variables).toEqual({ waybillNo: 'SD123456785CN', phoneLast4: '5678' });
  });

  it.each([
    [{ code: 'NOT_FOUND' }, { key: 'track.notFound' }],
    [{ code: 'WAYBILL_CHECK_DIGIT' }, { key: 'track.badCheckDigit' }],
    [{ code: 'THROTTLED', retryAfterSeconds: 42 }, { key: 'track.throttled', params: { seconds: 42 } }],
    [{ code: 'TRACKING_LOOKUP_LOCKED', retryAfterSeconds: 600 }, { key: 'track.locked', params: { minutes: 10 } }],
    [{ code: 'INTERNAL' }, { key: 'track.failed' }],
  ])('explains %o', async (extensions, want) => {
    expect(await lookUpParcel('SD123456785CN', '5678', answer({ data: null, errors: [{ message: 'x', extensions }] }))).toMatchObject(want);
  });

  it('says when the phone is offline', async () => {
    const f = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await lookUpParcel('SD123456785CN', '5678', f)).toMatchObject({ key: 'track.offline' });
  });

  it('is reached at /track and /track/<waybill> only', () => {
    expect(publicTrackPath('/track')).toEqual({ waybill: '' });
    expect(publicTrackPath('/track/SD123456785CN')).toEqual({ waybill: 'SD123456785CN' });
    expect(publicTrackPath('/orders/track')).toBeNull();
    expect(publicTrackPath('/tracking')).toBeNull();
  });
});
