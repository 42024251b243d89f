import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaveItem } from './LeavePanel';
import { person } from './testing';

afterEach(cleanup);

describe('a leave request seen by someone who only needs to know the person is away', () => {
  it('shows that they are on leave and when, without the type or the reason', () => {
    render(
      <ul>
        <LeaveItem
          leave={{
            id: 'l-9',
            status: 'APPROVED',
            version: 3,
            startDay: '2099-10-03',
            endDay: '2099-10-04',
            reason: null,
            currentLevel: 2,
            levels: 2,
            createdAt: '2099-09-01T00:00:00Z',
            staff: person('s-1002', '李娜', 'CS1002'),
            leaveType: null,
            steps: [],
          }}
        />
      </ul>,
    );
    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('请假');
    expect(item.textContent).toContain('10月3日');
    expect(item.textContent).not.toContain('null');
    expect(item.textContent).not.toContain('·');
  });
});
