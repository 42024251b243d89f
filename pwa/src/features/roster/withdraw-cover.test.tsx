import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { outbox } from '../../outbox/sync';
import { LeavePanel } from './LeavePanel';
import { SwapPanel } from './SwapPanel';
import { WithClient, assignment, dayShift, fakeClient, person } from './testing';

afterEach(async () => {
  cleanup();
  setLocale('zh-CN');
  for (const i of outbox.list()) await outbox.dismiss(i.key);
});

const zhang = person('s-1001', '张伟', 'CS1001');
const li = person('s-1002', '李娜', 'CS1002');
const huang = person('s-1003', '黄磊', 'CS1003');
const month = '2099-10';
const nightShift = { ...dayShift, id: 'st-night', code: 'NIGHT', name: '夜班', startTime: '21:00', endTime: '07:00', crossesMidnight: true, night: true };

function swap(id: string, status: string, requester: typeof zhang, colleague: typeof zhang) {
  return {
    __typename: 'ShiftSwap',
    id,
    status,
    version: 2,
    requesterDay: `${month}-01`,
    colleagueDay: `${month}-02`,
    reason: '',
    decisionComment: '',
    decidedAt: null,
    createdAt: '2099-09-25T00:00:00Z',
    requester,
    colleague,
    requesterShiftType: dayShift,
    colleagueShiftType: dayShift,
    decidedBy: null,
  };
}

const annual = { __typename: 'LeaveType', id: 'lt-annual', code: 'ANNUAL', nameZh: '年假', nameEn: 'Annual leave', requiresAdvance: true, active: true };

function leave(id: string, status: string) {
  return {
    __typename: 'LeaveRequest',
    id,
    status,
    version: 3,
    startDay: `${month}-0${id.slice(-1)}`,
    endDay: `${month}-0${id.slice(-1)}`,
    reason: '探亲',
    currentLevel: 2,
    levels: 2,
    createdAt: '2099-09-01T00:00:00Z',
    staff: zhang,
    leaveType: annual,
    steps: [],
  };
}

function rosterMonth(extra: Record<string, unknown[]>) {
  return {
    me: { __typename: 'Staff', id: zhang.id, depot: { __typename: 'OrgUnit', id: 'depot-1', name: '张江网点' } },
    myShifts: [],
    holidays: [],
    myLeaveRequests: [],
    myShiftSwaps: [],
    ...extra,
  };
}

describe('withdrawing my pending requests', () => {
  it('offers to withdraw only my own pending swaps, and queues it with the version seen', async () => {
    const client = fakeClient({
      RosterMonth: rosterMonth({
        myShiftSwaps: [swap('sw-mine', 'PENDING_APPROVAL', zhang, li), swap('sw-theirs', 'PENDING_COLLEAGUE', huang, zhang), swap('sw-done', 'APPROVED', zhang, li)],
      }),
      DepotRoster: { dutyRoster: null },
      ApprovalsInbox: { approvalsInbox: [] },
    });
    render(
      <WithClient client={client}>
        <SwapPanel staffId={zhang.id} month={month} />
      </WithClient>,
    );
    const mine = await screen.findByRole('region', { name: '我的换班' });
    const buttons = within(mine).getAllByRole('button', { name: '撤回申请' });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    await waitFor(() => expect(outbox.list(zhang.id)).toHaveLength(1));
    expect(outbox.list(zhang.id)[0]!.change).toMatchObject({ type: 'cancelShiftSwap', shiftSwapId: 'sw-mine', version: 2 });
    await within(mine).findByText('待同步');
    // The supervisor decided first: the refusal says so in place.
    await outbox.flush(zhang.id, async () => ({
      kind: 'refused',
      error: { code: 'REQUEST_ALREADY_DECIDED', message: '该申请已有结果(已批准),不能再撤回' },
    }));
    const alert = await within(mine).findByRole('alert');
    expect(within(alert).getByText('该申请已有结果(已批准),不能再撤回')).toBeTruthy();
    expect(within(alert).getByText('供客服支持查询：REQUEST_ALREADY_DECIDED')).toBeTruthy();
  });

  it('offers to withdraw pending leave, not decided leave', async () => {
    const client = fakeClient({
      RosterMonth: rosterMonth({ myLeaveRequests: [leave('l-5', 'PENDING'), leave('l-7', 'APPROVED'), leave('l-8', 'CANCELLED')] }),
      LeaveTypes: { leaveTypes: [annual] },
    });
    render(
      <WithClient client={client}>
        <LeavePanel staffId={zhang.id} month={month} />
      </WithClient>,
    );
    const mine = await screen.findByRole('region', { name: '我的请假' });
    await within(mine).findByText('已撤回');
    const buttons = within(mine).getAllByRole('button', { name: '撤回请假' });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    await waitFor(() => expect(outbox.list(zhang.id)).toHaveLength(1));
    expect(outbox.list(zhang.id)[0]!.change).toMatchObject({ type: 'cancelLeave', leaveId: 'l-5', version: 3 });
  });
});

describe('cover swap offer', () => {
  it('turns a night-shift leave refusal into a list of colleagues who can cover, and asks the chosen one', async () => {
    const night = { ...assignment('a-night', `${month}-06`, zhang), shiftType: nightShift };
    const reason = { __typename: 'RuleViolation', code: 'SWAP_LEAVE_CONFLICT', message: 'x', messageZh: '2099-10-06 已有请假,换班日和还班日不允许请假', messageEn: 'There is leave on 2099-10-06' };
    const client = fakeClient({
      RosterMonth: rosterMonth({ myShifts: [night] }),
      LeaveTypes: { leaveTypes: [annual] },
      CoverCandidates: (vars: Record<string, unknown>) => ({
        coverCandidates:
          vars.shiftAssignmentId === 'a-night'
            ? [
                {
                  __typename: 'CoverCandidate',
                  available: true,
                  colleague: li,
                  payBackShifts: [assignment('b-6', `${month}-06`, li), assignment('b-8', `${month}-08`, li)],
                  reasons: [],
                },
                { __typename: 'CoverCandidate', available: false, colleague: huang, payBackShifts: [], reasons: [reason] },
              ]
            : [],
      }),
    });
    await outbox.add(zhang.id, {
      type: 'requestLeave',
      leaveTypeId: annual.id,
      startDay: `${month}-06`,
      endDay: `${month}-06`,
      reason: '家中有事',
      summary: '年假 · 10月6日',
      occurredAt: '2099-09-30T00:00:00Z',
    });
    await outbox.flush(zhang.id, async () => ({ kind: 'refused', error: { code: 'LEAVE_NIGHT_SHIFT', message: '2099-10-06 是夜班(夜班),夜班不允许请假' } }));
    render(
      <WithClient client={client}>
        <LeavePanel staffId={zhang.id} month={month} />
      </WithClient>,
    );
    const offer = await screen.findByRole('region', { name: '找同事顶班' });
    expect(within(offer).getByText(/要顶的班次：10月6日.*夜班 21:00–07:00 \(\+1\)/)).toBeTruthy();
    fireEvent.click(within(offer).getByRole('button', { name: '找人顶班' }));
    const ask = await within(offer).findByRole('button', { name: '请李娜顶班' });
    fireEvent.change(within(offer).getByLabelText('您为李娜还班的班次'), { target: { value: 'b-8' } });
    // Whoever cannot cover says why.
    const why = within(offer).getByRole('list', { name: '黄磊不能顶班的原因' });
    expect(why.textContent).toContain('已有请假');
    expect(why.textContent).not.toContain('SWAP_LEAVE_CONFLICT');
    expect(within(offer).getByText('供客服支持查询：SWAP_LEAVE_CONFLICT')).toBeTruthy();
    fireEvent.click(ask);
    await waitFor(() => expect(outbox.list(zhang.id).filter((i) => i.change.type === 'requestShiftSwap')).toHaveLength(1));
    expect(outbox.list(zhang.id).find((i) => i.change.type === 'requestShiftSwap')!.change).toMatchObject({
      requesterShiftId: 'a-night',
      colleagueId: li.id,
      colleagueShiftId: 'b-8',
    });
  });

  it('is not offered for other refusals', async () => {
    const client = fakeClient({ RosterMonth: rosterMonth({}), LeaveTypes: { leaveTypes: [annual] } });
    await outbox.add(zhang.id, {
      type: 'requestLeave',
      leaveTypeId: annual.id,
      startDay: `${month}-06`,
      endDay: `${month}-06`,
      reason: '家中有事',
      summary: '年假',
      occurredAt: '2099-09-30T00:00:00Z',
    });
    await outbox.flush(zhang.id, async () => ({ kind: 'refused', error: { code: 'LEAVE_OVERLAP', message: '已有请假申请' } }));
    render(
      <WithClient client={client}>
        <LeavePanel staffId={zhang.id} month={month} />
      </WithClient>,
    );
    await screen.findByText(/已有请假申请/);
    expect(screen.queryByRole('region', { name: '找同事顶班' })).toBeNull();
  });
});
