import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { ApproverBalance } from './LeaveBalance';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const balance = {
  year: 2027,
  entitlement: 15,
  carriedOver: 2,
  used: 3,
  pending: 5,
  remaining: 9,
  countsCalendarDays: false,
  leaveType: { id: 'lt-annual', nameZh: '年假', nameEn: 'Annual leave' },
};

describe("the requester's balance beside a leave request", () => {
  it('says in Chinese what is left and how it is made up', () => {
    render(<ApproverBalance balance={balance} />);
    expect(screen.getByText(/申请人年假余额：剩余 9 天/)).toBeTruthy();
    expect(screen.getByText('应享 15 天 · 结转 2 天 · 已用 3 天 · 审批中 5 天')).toBeTruthy();
  });

  it('says it in English on request', () => {
    setLocale('en');
    render(<ApproverBalance balance={balance} />);
    expect(screen.getByText(/Requester's Annual leave: 9 days left/)).toBeTruthy();
    expect(screen.getByText('15 granted · 2 carried over · 3 used · 5 pending')).toBeTruthy();
  });

  it('marks an overdrawn balance and shows nothing for a type without one', () => {
    const { container } = render(<ApproverBalance balance={{ ...balance, remaining: -2 }} />);
    expect(container.querySelector('p.error')).toBeTruthy();
    cleanup();
    const empty = render(<ApproverBalance balance={null} />);
    expect(empty.container.textContent).toBe('');
  });
});
