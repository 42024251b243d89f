import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { WithClient, fakeClient } from '../roster/testing';
import { DepotAttendanceDay, MyAttendanceMonth } from './AttendanceViews';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

const staff = (no: string, name: string) => ({ __typename: 'Staff', id: `s-${no}`, employeeNo: no, name });
const type = { __typename: 'ShiftType', id: 'st', name: '白班', startTime: '09:00', endTime: '18:00', crossesMidnight: false };

function record(no: string, name: string, day: string, over: Record<string, unknown> = {}) {
  return {
    __typename: 'AttendanceRecord',
    lateMinutes: 0,
    earlyLeaveMinutes: 0,
    onLeave: false,
    missing: false,
    notArrived: false,
    clockIn: { __typename: 'AttendancePunch', id: `in-${no}-${day}`, occurredAt: `${day}T00:58:00Z` },
    clockOut: { __typename: 'AttendancePunch', id: `out-${no}-${day}`, occurredAt: `${day}T10:01:00Z` },
    shift: { __typename: 'ShiftAssignment', id: `a-${no}-${day}`, day, startsAt: `${day}T01:00:00Z`, endsAt: `${day}T10:00:00Z`, staff: staff(no, name), shiftType: type },
    ...over,
  };
}

describe('attendance screens', () => {
  it('marks my late arrivals, early leaves and absences in the month', async () => {
    const client = fakeClient({
      MyAttendanceMonth: {
        myAttendanceRecords: [
          record('CS1001', '张伟', '2020-10-01'),
          record('CS1001', '张伟', '2020-10-03', { lateMinutes: 20 }),
          record('CS1001', '张伟', '2020-10-05', { earlyLeaveMinutes: 30 }),
          record('CS1001', '张伟', '2020-10-07', { missing: true, clockIn: null, clockOut: null }),
        ],
      },
    });
    render(
      <WithClient client={client}>
        <MyAttendanceMonth month="2020-10" />
      </WithClient>,
    );
    expect((await screen.findByRole('status')).textContent).toBe('本月 4 个班次：迟到 1 次，早退 1 次，缺勤 1 次');
    const rows = within(screen.getByRole('list', { name: '本月班次考勤' })).getAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('.att-marks')?.textContent)).toEqual(['正常', '迟到 20 分钟', '早退 30 分钟', '缺勤']);
  });

  it('shows the supervisor who is absent, late or on leave that day, problems first', async () => {
    const day = '2020-10-03';
    const client = fakeClient({
      AttendanceDepot: { me: { __typename: 'Staff', id: 's-2001', depot: { __typename: 'OrgUnit', id: 'depot-1', name: '张江网点' } } },
      DepotAttendanceDay: {
        depotAttendance: [
          record('CS1001', '张伟', day),
          record('CS1002', '李娜', day, { onLeave: true, clockIn: null, clockOut: null }),
          record('CS1012', '梁雪', day, { lateMinutes: 20 }),
          record('CS1003', '黄磊', day, { missing: true, clockIn: null, clockOut: null }),
        ],
      },
    });
    render(
      <WithClient client={client}>
        <DepotAttendanceDay />
      </WithClient>,
    );
    expect((await screen.findByRole('status')).textContent).toBe('4 个班次：迟到 1，早退 0，缺勤 1，请假 1');
    const rows = within(screen.getByRole('list', { name: '当日考勤' })).getAllByRole('listitem');
    expect(rows.map((r) => `${r.querySelector('strong')?.textContent} ${r.querySelector('.att-marks')?.textContent}`)).toEqual([
      '黄磊 缺勤',
      '梁雪 迟到 20 分钟',
      '李娜 请假',
      '张伟 正常',
    ]);
  });
});
