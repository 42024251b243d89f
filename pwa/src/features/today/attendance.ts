// What a rostered shift's punches say: late (迟到), left early (早退), absent (缺勤), on
// approved leave, not yet due, or on time. The server measures the minutes against the
// roster and the organisation's grace; this only names the result for the screen.
import type { AttendanceRowFragment } from './today.generated';

export type AttendanceMark = 'onLeave' | 'missing' | 'notArrived' | 'late' | 'early' | 'noClockOut' | 'upcoming' | 'ok';

/** Every mark that applies to one record, most serious first. */
export function marksOf(r: AttendanceRowFragment, now: Date): AttendanceMark[] {
  if (r.onLeave) return ['onLeave'];
  if (r.missing) return ['missing'];
  if (r.notArrived) return ['notArrived'];
  const ended = new Date(r.shift.endsAt) <= now;
  const marks: AttendanceMark[] = [];
  if (r.lateMinutes > 0) marks.push('late');
  if (r.earlyLeaveMinutes > 0) marks.push('early');
  if (r.clockIn && !r.clockOut && ended) marks.push('noClockOut');
  if (!r.clockIn && !ended) marks.push('upcoming');
  return marks.length ? marks : ['ok'];
}

export interface AttendanceTotals {
  shifts: number;
  late: number;
  early: number;
  missing: number;
  leave: number;
}

/** How many shifts, and how many of them late, left early, absent or on leave. */
export function totalsOf(records: readonly AttendanceRowFragment[]): AttendanceTotals {
  return {
    shifts: records.length,
    late: records.filter((r) => r.lateMinutes > 0).length,
    early: records.filter((r) => r.earlyLeaveMinutes > 0).length,
    missing: records.filter((r) => r.missing).length,
    leave: records.filter((r) => r.onLeave).length,
  };
}

const severity: Record<AttendanceMark, number> = { missing: 0, notArrived: 0, late: 1, early: 2, noClockOut: 3, onLeave: 4, upcoming: 5, ok: 6 };

export interface OnDutyTotals {
  on: number;
  clockedIn: number;
  late: number;
  notArrived: number;
  leave: number;
}

/** Who is on duty now: rostered now, clocked in, late, not arrived, on leave. */
export function onDutyTotalsOf(records: readonly AttendanceRowFragment[]): OnDutyTotals {
  return {
    on: records.filter((r) => !r.onLeave).length,
    clockedIn: records.filter((r) => r.clockIn).length,
    late: records.filter((r) => r.lateMinutes > 0).length,
    notArrived: records.filter((r) => r.notArrived).length,
    leave: records.filter((r) => r.onLeave).length,
  };
}

/** A depot's day, problems first (absent, late, early), then by shift start and name. */
export function problemsFirst(records: readonly AttendanceRowFragment[], now: Date): AttendanceRowFragment[] {
  const rank = (r: AttendanceRowFragment) => Math.min(...marksOf(r, now).map((m) => severity[m]));
  return [...records].sort(
    (a, b) => rank(a) - rank(b) || a.shift.startsAt.localeCompare(b.shift.startsAt) || a.shift.staff.employeeNo.localeCompare(b.shift.staff.employeeNo),
  );
}
