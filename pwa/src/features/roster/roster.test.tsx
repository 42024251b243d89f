import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { outbox } from '../../outbox/sync';
import { ApprovalsScreen } from './ApprovalsScreen';
import { describeRosterChange } from './changes';
import { translate } from '../../i18n/i18n';
import { MyCalendar } from './MyCalendar';
import { SwapPanel } from './SwapPanel';
import { WithClient, assignment, dayShift, fakeClient, person } from './testing';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const zhang = person('s-1001', '张伟', 'CS1001');
const li = person('s-1002', '李娜', 'CS1002');
const huang = person('s-1003', '黄磊', 'CS1003');
const month = '2099-10';

const limit = {
  __typename: 'RuleViolation',
  code: 'SWAP_MONTHLY_LIMIT',
  message: '申请人 2099-10 月已有 3 次换班,每人每月最多 3 次',
  messageZh: '申请人 2099-10 月已有 3 次换班,每人每月最多 3 次',
  messageEn: 'The requester already has 3 swaps in 2099-10; at most 3 per person per month',
};

function rosterMonth(extra: Partial<Record<'holidays' | 'myLeaveRequests' | 'myShiftSwaps', unknown[]>> = {}) {
  return {
    me: { __typename: 'Staff', id: zhang.id, depot: { __typename: 'OrgUnit', id: 'depot-1', name: '张江网点' } },
    myShifts: [assignment('a-1', `${month}-01`, zhang), assignment('a-3', `${month}-03`, zhang)],
    holidays: [],
    myLeaveRequests: [],
    myShiftSwaps: [],
    ...extra,
  };
}

const depotRoster = {
  dutyRoster: {
    __typename: 'DutyRoster',
    id: 'r-1',
    month,
    status: 'PUBLISHED',
    version: 2,
    publishedAt: '2099-09-20T00:00:00Z',
    assignments: [assignment('a-1', `${month}-01`, zhang), assignment('b-2', `${month}-02`, li), assignment('c-2', `${month}-02`, huang)],
  },
};

function pick(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('swap request', () => {
  function renderSwap(check: { allowed: boolean; violations: unknown[] }) {
    const client = fakeClient({
      RosterMonth: rosterMonth(),
      DepotRoster: depotRoster,
      ApprovalsInbox: { approvalsInbox: [] },
      CheckShiftSwap: { checkShiftSwap: { __typename: 'ShiftSwapCheck', ...check } },
    });
    render(
      <WithClient client={client}>
        <SwapPanel staffId={zhang.id} month={month} />
      </WithClient>,
    );
    pick('我的班次', 'a-1');
    pick('同事', li.id);
    pick('同事的班次', 'b-2');
  }

  it('explains every broken rule before sending, and does not let it be sent', async () => {
    renderSwap({ allowed: false, violations: [limit, { ...limit, messageZh: '同事 2099-10 月已有 3 次换班,每人每月最多 3 次' }] });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('不能申请：违反 2 条规则');
    const rules = within(alert).getByRole('list', { name: '违反的规则' });
    expect(within(rules).getAllByRole('listitem')).toHaveLength(2);
    expect(rules.textContent).toContain('每人每月最多 3 次');
    // Codes are for support, in their own small line, never in the explanation.
    expect(rules.textContent).not.toContain('SWAP_MONTHLY_LIMIT');
    expect(within(alert).getByText('供客服支持查询：SWAP_MONTHLY_LIMIT')).toBeTruthy();
    expect((screen.getByRole('button', { name: '发送换班申请' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers only colleagues and their shifts from the published roster', async () => {
    renderSwap({ allowed: true, violations: [] });
    const colleagues = within(screen.getByLabelText('同事')).getAllByRole('option').map((o) => o.textContent);
    expect(colleagues).toEqual(['请选择', '李娜 (CS1002)', '黄磊 (CS1003)']);
    await screen.findByText('符合全部换班规则，可以申请。');
    expect((screen.getByRole('button', { name: '发送换班申请' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('offers only choices that can pass: no started shift, no colleague already working my day, none of my other days', async () => {
    const started = { ...assignment('a-old', '2020-01-01', zhang) };
    const client = fakeClient({
      RosterMonth: { ...rosterMonth(), myShifts: [started, assignment('a-1', `${month}-01`, zhang), assignment('a-3', `${month}-03`, zhang)] },
      DepotRoster: {
        dutyRoster: {
          ...depotRoster.dutyRoster,
          assignments: [
            assignment('a-1', `${month}-01`, zhang),
            assignment('a-3', `${month}-03`, zhang),
            assignment('b-2', `${month}-02`, li),
            assignment('b-3', `${month}-03`, li),
            assignment('c-1', `${month}-01`, huang),
            assignment('c-2', `${month}-02`, huang),
          ],
        },
      },
      ApprovalsInbox: { approvalsInbox: [] },
      CheckShiftSwap: { checkShiftSwap: { __typename: 'ShiftSwapCheck', allowed: true, violations: [] } },
    });
    render(
      <WithClient client={client}>
        <SwapPanel staffId={zhang.id} month={month} />
      </WithClient>,
    );
    const options = (label: string) => within(screen.getByLabelText(label)).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);
    await waitFor(() => expect(options('我的班次')).toEqual(['', 'a-1', 'a-3']));
    pick('我的班次', 'a-1');
    // 李娜's Oct 3 is a day I already work: only her Oct 2 is offered.
    pick('同事', li.id);
    expect(options('同事的班次')).toEqual(['', 'b-2']);
    // 黄磊 already works Oct 1: only that same-day shift (a straight exchange), not his Oct 2.
    pick('同事', huang.id);
    expect(options('同事的班次')).toEqual(['', 'c-1']);
  });
});

describe('my roster calendar', () => {
  it('names each day with its shift, holiday and approved leave', async () => {
    const leave = {
      __typename: 'LeaveRequest',
      id: 'l-1',
      status: 'APPROVED',
      version: 3,
      startDay: `${month}-03`,
      endDay: `${month}-03`,
      reason: '看病',
      currentLevel: 2,
      levels: 2,
      createdAt: '2099-09-01T00:00:00Z',
      staff: zhang,
      leaveType: { __typename: 'LeaveType', id: 'lt', code: 'SICK', nameZh: '病假', nameEn: 'Sick leave' },
      steps: [],
    };
    const client = fakeClient({
      RosterMonth: rosterMonth({
        holidays: [
          { __typename: 'HolidayDay', day: `${month}-02`, kind: 'HOLIDAY', name: '国庆节' },
          { __typename: 'HolidayDay', day: `${month}-11`, kind: 'WORKDAY', name: '国庆节调休上班' },
        ],
        myLeaveRequests: [leave],
      }),
    });
    render(
      <WithClient client={client}>
        <MyCalendar staffId={zhang.id} month={month} />
      </WithClient>,
    );
    expect(await screen.findByRole('button', { name: /^10月1日.*白班 08:30–17:30$/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^10月2日.*休息 · 法定节假日 国庆节$/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^10月11日.*调休上班 国庆节调休上班$/ })).toBeTruthy();
    const onLeave = screen.getByRole('button', { name: /^10月3日.*请假 病假$/ });
    fireEvent.click(onLeave);
    expect(onLeave.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('请假: 病假')).toBeTruthy();
  });
});

describe('approvals inbox', () => {
  const swap = {
    __typename: 'ShiftSwap',
    id: 'sw-1',
    status: 'PENDING_APPROVAL',
    version: 2,
    requesterDay: `${month}-01`,
    colleagueDay: `${month}-02`,
    reason: '家中有事',
    decisionComment: '',
    decidedAt: null,
    createdAt: '2099-09-25T00:00:00Z',
    requester: zhang,
    colleague: li,
    requesterShiftType: dayShift,
    colleagueShiftType: dayShift,
    decidedBy: null,
  };
  const item = {
    __typename: 'ApprovalItem',
    kind: 'SWAP_APPROVAL',
    receivedAt: '2099-09-25T01:00:00Z',
    onBehalfOf: null,
    shiftSwap: swap,
    leaveRequest: null,
    conflicts: [],
    coverage: [{ __typename: 'ShiftCoverage', day: `${month}-01`, coverageLeft: 2, shiftType: dayShift, others: [huang] }],
    swapsThisMonth: [swap],
  };
  const supervisor = { id: 's-2001', employeeNo: 'CS2001', name: '王芳', roles: ['SUPERVISOR'] } as const;

  function renderInbox() {
    render(
      <WithClient client={fakeClient({ ApprovalsInbox: { approvalsInbox: [item] } })}>
        <ApprovalsScreen staff={{ ...supervisor, roles: [...supervisor.roles] }} />
      </WithClient>,
    );
  }

  it('shows who else is on the shift, coverage and the month’s swaps', async () => {
    renderInbox();
    const card = await screen.findByRole('region', { name: '张伟 的换班申请' });
    expect(within(card).getByText('同班：黄磊')).toBeTruthy();
    expect(within(card).getByText('批准后在岗 2 人')).toBeTruthy();
    expect(within(card).getByText('张伟 本月换班 1 次')).toBeTruthy();
    expect(within(card).getByText('没有违反规则。')).toBeTruthy();
  });

  it('asks for a comment before rejecting', async () => {
    renderInbox();
    const card = await screen.findByRole('region', { name: '张伟 的换班申请' });
    fireEvent.click(within(card).getByRole('button', { name: '驳回' }));
    expect(within(card).getByRole('alert').textContent).toBe('驳回时请填写意见。');
    expect(outbox.list(supervisor.id)).toHaveLength(0);
  });

  it('says plainly when someone else decided first (CONFLICT)', async () => {
    renderInbox();
    const card = await screen.findByRole('region', { name: '张伟 的换班申请' });
    fireEvent.input(within(card).getByLabelText('审批意见（驳回时必填）'), { target: { value: '同意' } });
    fireEvent.click(within(card).getByRole('button', { name: '同意' }));
    await waitFor(() => expect(outbox.list(supervisor.id)).toHaveLength(1));
    const queued = outbox.list(supervisor.id)[0]!;
    expect(queued.change).toMatchObject({ type: 'decideShiftSwap', id: 'sw-1', version: 2, decision: 'APPROVE', comment: '同意' });
    await within(card).findByText('待同步');
    await outbox.flush(supervisor.id, async () => ({
      kind: 'refused',
      error: { code: 'CONFLICT', message: '该换班已由他人处理' },
    }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('已被他人处理（冲突），您的决定未生效');
    expect(within(alert).getByText('该换班已由他人处理')).toBeTruthy();
    expect(within(alert).getByText('供客服支持查询：CONFLICT')).toBeTruthy();
    fireEvent.click(within(alert).getByRole('button', { name: '知道了，移除' }));
    await waitFor(() => expect(outbox.list(supervisor.id)).toHaveLength(0));
  });
});

describe('outbox wording', () => {
  it('names a roster change by its kind and subject in both languages', () => {
    const change = { type: 'publishRoster', rosterId: 'r', version: 1, summary: '2099-10', occurredAt: '' } as const;
    expect(describeRosterChange(change, (k) => translate('zh-CN', k))).toBe('发布排班 · 2099-10');
    expect(describeRosterChange(change, (k) => translate('en', k))).toBe('Publish roster · 2099-10');
  });
});
