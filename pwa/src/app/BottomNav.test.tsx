import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BottomNav, tabsFor } from './BottomNav';

afterEach(cleanup);

describe('BottomNav', () => {
  it('shows Approvals to supervisors and managers only', () => {
    expect(tabsFor(['AGENT']).map((t) => t.path)).not.toContain('/approvals');
    expect(tabsFor(['VERIFIER']).map((t) => t.path)).not.toContain('/approvals');
    expect(tabsFor(['SUPERVISOR']).map((t) => t.path)).toContain('/approvals');
    expect(tabsFor(['MANAGER']).map((t) => t.path)).toContain('/approvals');
  });

  it('names every tab and marks the current one', () => {
    render(<BottomNav tabs={tabsFor(['SUPERVISOR'])} active="/today" />);
    const nav = screen.getByRole('navigation', { name: '主导航' });
    expect(nav).toBeTruthy();
    for (const name of ['今日', '订单', '工单', '排班', '审批', '我的']) {
      expect(screen.getByRole('link', { name })).toBeTruthy();
    }
    expect(screen.getByRole('link', { name: '今日' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: '订单' }).getAttribute('aria-current')).toBe(null);
  });
});
