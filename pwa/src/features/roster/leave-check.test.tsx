import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { outbox } from '../../outbox/sync';
import { LeavePanel } from './LeavePanel';
import { WithClient, fakeClient, person } from './testing';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const zhang = person('s-2001', '张伟', 'CS1001');
const personal = { __typename: 'LeaveType', id: 'lt-personal', code: 'PERSONAL', nameZh: '事假', nameEn: 'Personal leave', requiresAdvance: true, active: true };
const night = {
  __typename: 'RuleViolation',
  code: 'LEAVE_NIGHT_SHIFT',
  message: '2099-10-06 是夜班(夜班),夜班不允许请假,请找同事换班顶班',
  messageZh: '2099-10-06 是夜班(夜班),夜班不允许请假,请找同事换班顶班',
  messageEn: '2099-10-06 is a night shift (Night); no leave on a night shift, find a colleague to cover it by a swap',
  day: '2099-10-06',
};

function renderLeave(allowed: boolean) {
  const checked: unknown[] = [];
  const client = fakeClient({
    LeaveTypes: { leaveTypes: [personal] },
    RosterMonth: {
      me: { __typename: 'Staff', id: zhang.id, depot: { __typename: 'OrgUnit', id: 'depot-1', name: '张江网点' } },
      myShifts: [],
      holidays: [],
      myLeaveRequests: [],
      myShiftSwaps: [],
    },
    MyLeaveBalances: { myLeaveBalances: [] },
    LeaveRequestDays: { leaveRequestDays: 1 },
    CheckLeave: (variables: Record<string, unknown>) => {
      checked.push(variables.input);
      return { checkLeave: { __typename: 'LeaveCheck', allowed, violations: allowed ? [] : [night] } };
    },
  });
  render(
    <WithClient client={client}>
      <LeavePanel staffId={zhang.id} month="2099-10" />
    </WithClient>,
  );
  return checked;
}

async function fill() {
  await screen.findByRole('option', { name: '事假' });
  fireEvent.change(screen.getByLabelText('假别'), { target: { value: 'lt-personal' } });
  fireEvent.input(screen.getByLabelText('开始日期'), { target: { value: '2099-10-06' } });
  fireEvent.input(screen.getByLabelText('结束日期'), { target: { value: '2099-10-06' } });
  fireEvent.input(screen.getByLabelText('事由'), { target: { value: '家中有事' } });
}

describe('leave form dry run', () => {
  it('explains a refusal in plain words before sending, keeps the code for support, and sends nothing', async () => {
    const checked = renderLeave(false);
    await fill();
    const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
    expect(alert.textContent).toContain('不能提交：这次请假不符合 1 条规则');
    const rules = within(alert).getByRole('list', { name: '不符合的请假规则' });
    expect(rules.textContent).toContain('夜班不允许请假');
    expect(rules.textContent).not.toContain('LEAVE_NIGHT_SHIFT');
    expect(within(alert).getByText('供客服支持查询：LEAVE_NIGHT_SHIFT')).toBeTruthy();
    expect(checked.at(-1)).toEqual({ leaveTypeId: 'lt-personal', startDay: '2099-10-06', endDay: '2099-10-06' });
    const send = screen.getByRole('button', { name: '提交请假申请' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(send);
    expect(outbox.list(zhang.id)).toHaveLength(0);
    expect(screen.queryByText('已提交，等待逐级审批。')).toBeNull();
  });

  it('sends a request the dry run passes', async () => {
    renderLeave(true);
    await fill();
    await screen.findByText('符合全部请假规则，可以提交。', {}, { timeout: 3000 });
    const send = screen.getByRole('button', { name: '提交请假申请' }) as HTMLButtonElement;
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    await waitFor(() => expect(outbox.list(zhang.id).filter((i) => i.change.type === 'requestLeave')).toHaveLength(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
