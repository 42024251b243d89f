import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { fakeClient, WithClient } from '../roster/testing';
import { MissedRoundsScreen } from './MissedRoundsScreen';
import { PublicTrackScreen } from './PublicTrackScreen';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('zh-CN');
});

const agent = { id: 'S1', name: '张伟', employeeNo: 'CS1001' };
const item = (id: string, waybillNo: string, checkedAt: string | null) => ({ id, checkedAt, agent, order: { id: `O-${id}`, waybillNo } });

describe('MissedRoundsScreen', () => {
  it('asks for the last 7 days of the supervisor’s depot and lists the unchecked items by day and round', async () => {
    const asked: Record<string, unknown>[] = [];
    const client = fakeClient({
      MyDepot: { me: { id: 'S9', depot: { id: 'D1', name: '浦东网点' } } },
      MissedTrackingRounds: (v: Record<string, unknown>) => {
        asked.push(v);
        return {
          missedTrackingRounds: [
            { unchecked: 1, total: 2, round: { id: 'R2', day: '2026-11-22', slot: 'AFTERNOON', dueAt: '2026-11-22T11:00:00Z', items: [item('a', 'SD000000017CN', null), item('b', 'SD000000025CN', '2026-11-22T09:00:00Z')] } },
            { unchecked: 1, total: 1, round: { id: 'R1', day: '2026-11-22', slot: 'MORNING', dueAt: '2026-11-22T04:00:00Z', items: [item('c', 'SD000000033CN', null)] } },
          ],
        };
      },
    });
    render(
      <WithClient client={client}>
        <MissedRoundsScreen />
      </WithClient>,
    );
    await screen.findByText('网点：浦东网点');
    expect(asked[0]).toMatchObject({ depotId: 'D1' });
    const from = new Date(`${asked[0]!.from}T00:00:00Z`).getTime();
    const to = new Date(`${asked[0]!.to}T00:00:00Z`).getTime();
    expect((to - from) / 86400_000).toBe(6);
    const rounds = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(rounds).toEqual(['09:00 跟踪 · 1/1 单未跟踪', '16:00 跟踪 · 1/2 单未跟踪']);
    expect(screen.getByRole('link', { name: 'SD000000017CN' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'SD000000025CN' })).toBeNull();
    expect(screen.getAllByText('负责人：张伟（CS1001）')).toHaveLength(2);
  });

  it('refuses a period that ends before it starts', async () => {
    render(
      <WithClient client={fakeClient({ MyDepot: { me: { id: 'S9', depot: { id: 'D1', name: '浦东网点' } } }, MissedTrackingRounds: { missedTrackingRounds: [] } })}>
        <MissedRoundsScreen />
      </WithClient>,
    );
    await screen.findByText('所选期间没有漏跟踪的轮次。');
    fireEvent.input(screen.getByLabelText('开始日期'), { target: { value: '2099-01-02' } });
    fireEvent.input(screen.getByLabelText('结束日期'), { target: { value: '2099-01-01' } });
    expect(screen.getByRole('alert').textContent).toBe('开始日期不能晚于结束日期。');
    expect((screen.getByRole('button', { name: '查询' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('PublicTrackScreen', () => {
  it('shows the milestones, and in English says how long to wait when throttled', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        new Response(
          JSON.stringify({
            data: {
              customerTracking: {
                waybillNo: 'SD123456785CN',
                status: 'IN_TRANSIT',
                exceptionReason: null,
                late: false,
                cancelled: false,
                expectedArrival: '2026-11-26T10:00:00Z',
                destinationCity: '杭州市',
                events: [{ status: 'PICKED_UP', exceptionReason: null, occurredAt: '2026-11-23T02:00:00Z', place: '上海浦东' }],
              },
            },
          }),
        ),
      )
      .mockResolvedValueOnce(new Response(JSON.stringify({ data: null, errors: [{ message: 'x', extensions: { code: 'THROTTLED', retryAfterSeconds: 17 } }] })));
    vi.stubGlobal('fetch', fetchMock);
    render(<PublicTrackScreen initialWaybill="SD123456785CN" />);
    expect((screen.getByRole('textbox', { name: '运单号' }) as HTMLInputElement).value).toBe('SD123456785CN');
    fireEvent.input(screen.getByRole('textbox', { name: '电话后四位' }), { target: { value: '5678' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await screen.findByText('杭州市');
    expect(screen.getByRole('list', { name: '物流轨迹' }).textContent).toContain('已揽收');

    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    await screen.findByRole('heading', { name: 'Track a parcel' });
    fireEvent.click(screen.getByRole('button', { name: 'Track' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many look-ups; try again in 17 s.'));
  });

  it('shows the expected arrival while the parcel travels, and once signed for who signed, masked', async () => {
    const answer = (status: string, signedBy: string | null) =>
      new Response(
        JSON.stringify({
          data: {
            customerTracking: {
              waybillNo: 'SD123456785CN',
              status,
              exceptionReason: null,
              late: false,
              cancelled: false,
              expectedArrival: '2026-11-26T10:00:00Z',
              destinationCity: '杭州市',
              signedBy,
              events: [{ status, exceptionReason: null, occurredAt: '2026-11-23T02:00:00Z', place: '杭州转运中心' }],
            },
          },
        }),
      );
    vi.stubGlobal('fetch', vi.fn().mockResolvedValueOnce(answer('OUT_FOR_DELIVERY', null)).mockResolvedValueOnce(answer('SIGNED', '欧***')));
    render(<PublicTrackScreen initialWaybill="SD123456785CN" />);
    fireEvent.input(screen.getByRole('textbox', { name: '电话后四位' }), { target: { value: '5678' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await screen.findByText('杭州市');
    expect(screen.queryByText('预计送达')).not.toBeNull();
    expect(screen.queryByText('签收人')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(screen.queryByText('预计送达')).toBeNull());
    expect(screen.getByText('杭州市')).not.toBeNull();
    expect(screen.getByText('签收人').nextElementSibling?.textContent).toBe('欧***');
  });
});
