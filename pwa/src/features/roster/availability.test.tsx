import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { AvailabilityPanel, clock } from './Availability';
import { RosterEditor } from './RosterEditor';
import { WithClient, assignment, dayShift, fakeClient, person } from './testing';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const zhang = person('s-1001', '张伟', 'CS1001');
const li = person('s-1002', '李娜', 'CS1002');
const month = '2099-10';

const mark = (id: string, staffId: string, day: string, kind: 'UNAVAILABLE' | 'PREFER_NOT', startMinute: number | null = null, endMinute: number | null = null) => ({
  __typename: 'AvailabilityMark',
  id,
  day,
  kind,
  startMinute,
  endMinute,
  reason: '孩子开家长会',
  staff: { __typename: 'Staff', id: staffId },
});

function renderEditor() {
  const client = fakeClient({
    RosterDepot: { me: { __typename: 'Staff', id: 's-2001', depot: { __typename: 'OrgUnit', id: 'depot-1', name: '张江网点' } } },
    RosterEditor: {
      shiftTypes: [dayShift],
      depot: { __typename: 'OrgUnit', id: 'depot-1', staff: { __typename: 'StaffConnection', edges: [] } },
      depotAvailability: [mark('m-1', zhang.id, `${month}-05`, 'UNAVAILABLE'), mark('m-2', li.id, `${month}-06`, 'PREFER_NOT')],
      dutyRoster: {
        __typename: 'DutyRoster',
        id: 'r-1',
        month,
        status: 'DRAFT',
        version: 1,
        publishedAt: null,
        assignments: [assignment('a-1', `${month}-05`, zhang), assignment('b-1', `${month}-06`, li), assignment('a-2', `${month}-07`, zhang)],
        availabilityWarnings: [
          {
            __typename: 'AvailabilityWarning',
            day: `${month}-05`,
            kind: 'UNAVAILABLE',
            staff: { __typename: 'Staff', id: zhang.id },
            violation: { __typename: 'RuleViolation', code: 'ROSTER_AGAINST_AVAILABILITY', message: '张伟 已标记 10月5日 不能上班' },
          },
        ],
        duty: [],
        hours: { __typename: 'RosterHours', limits: { __typename: 'HoursLimits', weeklyStandardHours: 44, monthlyOvertimeCapHours: 36, comprehensive: false }, people: [], warnings: [] },
      },
    },
  });
  render(
    <WithClient client={client}>
      <RosterEditor staffId="s-2001" month={month} />
    </WithClient>,
  );
}

describe('availability in the roster editor', () => {
  it('marks the cells of marked days and lists the warnings', async () => {
    renderEditor();
    const warn = await screen.findByRole('region', { name: '与可用时间冲突' });
    expect(warn.textContent).toContain('张伟 已标记 10月5日 不能上班');
    const days = screen.getByRole('region', { name: '每日排班' });
    expect(within(days).getByRole('button', { name: /白班 张伟.*已标记不能上班/ }).className).toContain('avail-unavailable');
    expect(within(days).getByRole('button', { name: /白班 李娜.*希望尽量不排/ }).className).toContain('avail-prefer-not');
    const unmarked = within(days).getAllByRole('button', { name: /白班 张伟/ }).filter((b) => !b.textContent?.includes('已标记'));
    expect(unmarked).toHaveLength(1);
    expect(unmarked[0]!.className).toBe('btn small');
  });
});

describe('availability panel', () => {
  it('lists the person’s marks with their time range, kind and reason, each removable', async () => {
    const client = fakeClient({ MyAvailability: { myAvailability: [mark('m-1', zhang.id, `${month}-05`, 'UNAVAILABLE'), mark('m-3', zhang.id, `${month}-08`, 'PREFER_NOT', 510, 720)] } });
    render(
      <WithClient client={client}>
        <AvailabilityPanel staffId={zhang.id} month={month} />
      </WithClient>,
    );
    const list = await screen.findByRole('region', { name: '本月的标记' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('全天');
    expect(items[0]!.textContent).toContain('不能上班');
    expect(items[1]!.textContent).toContain('08:30–12:00');
    expect(items[1]!.textContent).toContain('尽量不排');
    expect(items[1]!.textContent).toContain('孩子开家长会');
    expect(within(items[1]!).getByRole('button', { name: /^删除 10月8日.* 的标记$/ })).toBeTruthy();
  });

  it('writes minutes as a clock', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(510)).toBe('08:30');
    expect(clock(1440)).toBe('24:00');
  });
});
