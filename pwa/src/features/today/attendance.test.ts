import { describe, expect, it } from 'vitest';
import { marksOf, onDutyTotalsOf, problemsFirst, totalsOf } from './attendance';
import type { AttendanceRowFragment } from './today.generated';

const staff = (no: string) => ({ __typename: 'Staff' as const, id: `s-${no}`, employeeNo: no, name: no });
const type = { __typename: 'ShiftType' as const, id: 'st', name: '白班', startTime: '09:00', endTime: '18:00', crossesMidnight: false };

function row(no: string, over: Partial<AttendanceRowFragment> = {}): AttendanceRowFragment {
  return {
    lateMinutes: 0,
    earlyLeaveMinutes: 0,
    onLeave: false,
    missing: false,
    notArrived: false,
    clockIn: { id: `in-${no}`, occurredAt: '2099-10-01T00:55:00Z' },
    clockOut: { id: `out-${no}`, occurredAt: '2099-10-01T10:05:00Z' },
    shift: { id: `a-${no}`, day: '2099-10-01', startsAt: '2099-10-01T01:00:00Z', endsAt: '2099-10-01T10:00:00Z', staff: staff(no), shiftType: type },
    ...over,
  };
}

const after = new Date('2099-10-01T12:00:00Z');
const during = new Date('2099-10-01T05:00:00Z');

describe('attendance marks', () => {
  it('names each case against the roster', () => {
    expect(marksOf(row('ok'), after)).toEqual(['ok']);
    expect(marksOf(row('late', { lateMinutes: 20 }), after)).toEqual(['late']);
    expect(marksOf(row('both', { lateMinutes: 20, earlyLeaveMinutes: 30 }), after)).toEqual(['late', 'early']);
    expect(marksOf(row('absent', { missing: true, clockIn: null, clockOut: null }), after)).toEqual(['missing']);
    expect(marksOf(row('leave', { onLeave: true, clockIn: null, clockOut: null }), after)).toEqual(['onLeave']);
    expect(marksOf(row('forgot', { clockOut: null }), after)).toEqual(['noClockOut']);
    expect(marksOf(row('working', { clockOut: null }), during)).toEqual(['ok']);
    expect(marksOf(row('notyet', { clockIn: null, clockOut: null }), during)).toEqual(['upcoming']);
    expect(marksOf(row('away', { notArrived: true, clockIn: null, clockOut: null }), during)).toEqual(['notArrived']);
  });

  it('counts a month and puts a depot day’s problems first', () => {
    const rows = [
      row('CS1001'),
      row('CS1002', { lateMinutes: 20 }),
      row('CS1003', { missing: true, clockIn: null, clockOut: null }),
      row('CS1004', { onLeave: true, clockIn: null, clockOut: null }),
      row('CS1005', { earlyLeaveMinutes: 30 }),
    ];
    expect(totalsOf(rows)).toEqual({ shifts: 5, late: 1, early: 1, missing: 1, leave: 1 });
    expect(problemsFirst(rows, after).map((r) => r.shift.staff.employeeNo)).toEqual(['CS1003', 'CS1002', 'CS1005', 'CS1004', 'CS1001']);
  });

  it('counts who is on duty now and puts who has not arrived first', () => {
    const rows = [
      row('CS1001', { clockOut: null }),
      row('CS1002', { lateMinutes: 12, clockOut: null }),
      row('CS1003', { notArrived: true, clockIn: null, clockOut: null }),
      row('CS1004', { onLeave: true, clockIn: null, clockOut: null }),
    ];
    expect(onDutyTotalsOf(rows)).toEqual({ on: 3, clockedIn: 2, late: 1, notArrived: 1, leave: 1 });
    expect(problemsFirst(rows, during).map((r) => r.shift.staff.employeeNo)).toEqual(['CS1003', 'CS1002', 'CS1004', 'CS1001']);
  });
});
