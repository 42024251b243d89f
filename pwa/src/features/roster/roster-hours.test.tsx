import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { RosterEditor } from './RosterEditor';
import { WithClient, assignment, dayShift, fakeClient, person } from './testing';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const zhang = person('s-1001', '张伟', 'CS1001');
const li = person('s-1002', '李娜', 'CS1002');
const month = '2099-10';

function editor(warnings: unknown[]) {
  return {
    shiftTypes: [dayShift],
    depot: { __typename: 'OrgUnit', id: 'depot-1', staff: { __typename: 'StaffConnection', edges: [] } },
    dutyRoster: {
      __typename: 'DutyRoster',
      id: 'r-1',
      month,
      status: 'DRAFT',
      version: 1,
      publishedAt: null,
      assignments: [assignment('a-1', `${month}-05`, zhang), assignment('b-1', `${month}-06`, li)],
      duty: [
        { __typename: 'StaffDuty', staff: { __typename: 'Staff', id: zhang.id }, nights: 2, weekends: 3, holidays: 1 },
        { __typename: 'StaffDuty', staff: { __typename: 'Staff', id: li.id }, nights: 0, weekends: 1, holidays: 0 },
      ],
      hours: {
        __typename: 'RosterHours',
        limits: { __typename: 'HoursLimits', weeklyStandardHours: 44, monthlyOvertimeCapHours: 36, comprehensive: false },
        people: [
          {
            __typename: 'StaffHours',
            staff: zhang,
            hours: 63,
            overtimeHours: 26,
            overLimit: warnings.length > 0,
            weeks: [{ __typename: 'WeekHours', monday: `${month}-05`, hours: 63, overLimit: warnings.length > 0 }],
          },
          { __typename: 'StaffHours', staff: li, hours: 9, overtimeHours: 1, overLimit: false, weeks: [{ __typename: 'WeekHours', monday: `${month}-05`, hours: 9, overLimit: false }] },
        ],
        warnings,
      },
    },
  };
}

const over = {
  __typename: 'HoursWarning',
  staff: { __typename: 'Staff', id: zhang.id },
  rule: 'WEEKLY_HOURS',
  period: `${month}-05`,
  violation: { __typename: 'RuleViolation', code: 'ROSTER_HOURS_OVER_LIMIT', message: '张伟 10月5日起的一周排班 63 小时,超过每周标准工时 44 小时' },
};

function renderEditor(warnings: unknown[]) {
  const client = fakeClient({ RosterDepot: { me: { __typename: 'Staff', id: 's-2001', depot: { __typename: 'OrgUnit', id: 'depot-1', name: '张江网点' } } }, RosterEditor: editor(warnings) });
  render(
    <WithClient client={client}>
      <RosterEditor staffId="s-2001" month={month} />
    </WithClient>,
  );
}

describe('roster editor figures', () => {
  it('shows nights, weekends, holidays, hours and overtime per person, the person over a limit highlighted', async () => {
    renderEditor([over]);
    const table = await screen.findByRole('table', { name: '本月值班与工时' });
    const row = within(table).getByRole('row', { name: /张伟/ });
    expect(row.className).toBe('over');
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '3', '1', '63', '26']);
    expect(row.textContent).toContain('起一周 63 小时');
    expect(within(table).getByRole('row', { name: /李娜/ }).className).toBe('');
    expect(screen.getByRole('list', { name: '工时超限提醒' }).textContent).toContain('张伟 10月5日起的一周排班 63 小时');
  });

  it('asks before publishing a roster over the lawful hours', async () => {
    renderEditor([over]);
    fireEvent.click(await screen.findByRole('button', { name: '发布' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('有 1 条工时超限提醒');
    fireEvent.click(within(dialog).getByRole('button', { name: '返回修改' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('publishes without asking when nobody goes over', async () => {
    renderEditor([]);
    fireEvent.click(await screen.findByRole('button', { name: '发布' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByRole('list', { name: '工时超限提醒' })).toBeNull();
  });
});
