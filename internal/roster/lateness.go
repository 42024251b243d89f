package roster

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
)

// How far from a shift a punch may be and still count for it: early arrivals and late
// departures belong to the shift, punches further away belong to another.
const (
	punchLead  = 3 * time.Hour
	punchTrail = 4 * time.Hour
)

// AttendanceRecord compares one rostered shift with the punches around it.
type AttendanceRecord struct {
	Assignment *Assignment
	ClockIn    *Punch // first clock-in of the shift
	ClockOut   *Punch // last clock-out of the shift
	// LateMinutes counts from the shift's start when the clock-in came after the grace.
	LateMinutes int
	// EarlyLeaveMinutes counts to the shift's end when the clock-out came before it.
	EarlyLeaveMinutes int
	// OnLeave is true when the person has approved leave on the shift's day: they are
	// excused, not absent.
	OnLeave bool
	// Missing is true when a shift that has ended has no clock-in and no approved leave.
	Missing bool
	// NotArrived is true while a shift is under way, past the grace minutes, without a
	// clock-in and without approved leave: 未到岗, not yet 缺勤.
	NotArrived bool
}

// DepotAttendance compares a depot's rostered shifts starting on day with the staff's
// punches: late arrival (after the organisation's grace minutes), early leave, missing
// clock-in. Those who oversee the depot only (FORBIDDEN);
// BAD_USER_INPUT for a bad day.
func (s *Service) DepotAttendance(ctx context.Context, depotID, day string) ([]*AttendanceRecord, error) {
	const op = "roster.DepotAttendance"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if !readsDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	if _, err := time.Parse(dayLayout, day); err != nil {
		return nil, apperr.Invalid(op, "day", "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")
	}
	q := s.DB.R.NewSelect().Where("a.depot_id = ? AND a.day = ?", depotID, day)
	out, err := s.attendance(ctx, q, st)
	return out, apperr.Wrap(op, err)
}

// DepotOnDutyNow is who is on duty in a depot now, each shift under way compared with its
// punches: clocked in (and how late), not arrived past the grace, on approved leave. A
// night shift begun yesterday counts. Those who oversee the depot only (FORBIDDEN).
func (s *Service) DepotOnDutyNow(ctx context.Context, depotID string) ([]*AttendanceRecord, error) {
	const op = "roster.DepotOnDutyNow"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if !readsDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	now := s.Now().UTC()
	q := s.DB.R.NewSelect().Where("a.depot_id = ? AND a.starts_at <= ? AND a.ends_at > ?", depotID, now, now)
	out, err := s.attendance(ctx, q, st)
	return out, apperr.Wrap(op, err)
}

// MyAttendanceRecords is DepotAttendance for the caller's own shifts in a month. Staff only.
func (s *Service) MyAttendanceRecords(ctx context.Context, month string) ([]*AttendanceRecord, error) {
	const op = "roster.MyAttendanceRecords"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	q := s.DB.R.NewSelect().Where("a.staff_id = ? AND a.day >= ? AND a.day <= ?", p.ID, month+"-01", month+"-31")
	out, err := s.attendance(ctx, q, st)
	return out, apperr.Wrap(op, err)
}

// attendance loads the published assignments q selects, the punches around them and
// the approved leave on their days, in three queries.
func (s *Service) attendance(ctx context.Context, q *bun.SelectQuery, st *Settings) ([]*AttendanceRecord, error) {
	var as []*Assignment
	if err := q.Model(&as).Join("JOIN rosters AS r ON r.id = a.roster_id AND r.status = ?", RosterPublished).
		OrderExpr("a.starts_at, a.staff_id").Scan(ctx); err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, nil
	}
	staff := []string{}
	from, to := as[0].StartsAt, as[0].EndsAt
	firstDay, lastDay := as[0].Day, as[0].Day
	for _, a := range as {
		staff = append(staff, a.StaffID)
		from, to = minTime(from, a.StartsAt), maxTime(to, a.EndsAt)
		firstDay, lastDay = min(firstDay, a.Day), max(lastDay, a.Day)
	}
	var punches []*Punch
	if err := s.DB.R.NewSelect().Model(&punches).Where("staff_id IN (?) AND occurred_at >= ? AND occurred_at <= ?",
		bun.List(staff), from.Add(-punchLead), to.Add(punchTrail)).OrderExpr("occurred_at").Scan(ctx); err != nil {
		return nil, err
	}
	var leaves []*LeaveRequest
	if err := s.DB.R.NewSelect().Model(&leaves).Where("staff_id IN (?) AND status = ? AND start_day <= ? AND end_day >= ?",
		bun.List(staff), LeaveApproved, lastDay, firstDay).Scan(ctx); err != nil {
		return nil, err
	}
	now := s.Now()
	grace := time.Duration(st.LateGraceMinutes) * time.Minute
	out := make([]*AttendanceRecord, len(as))
	for i, a := range as {
		rec := &AttendanceRecord{Assignment: a}
		for _, pu := range punches {
			if pu.StaffID != a.StaffID || pu.OccurredAt.Before(a.StartsAt.Add(-punchLead)) || pu.OccurredAt.After(a.EndsAt.Add(punchTrail)) {
				continue
			}
			if pu.Kind == ClockIn && rec.ClockIn == nil {
				rec.ClockIn = pu
			}
			if pu.Kind == ClockOut {
				rec.ClockOut = pu
			}
		}
		if rec.ClockIn != nil && rec.ClockIn.OccurredAt.After(a.StartsAt.Add(grace)) {
			rec.LateMinutes = int(rec.ClockIn.OccurredAt.Sub(a.StartsAt) / time.Minute)
		}
		if rec.ClockOut != nil && rec.ClockOut.OccurredAt.Before(a.EndsAt) {
			rec.EarlyLeaveMinutes = int((a.EndsAt.Sub(rec.ClockOut.OccurredAt) + time.Minute - 1) / time.Minute)
		}
		for _, l := range leaves {
			if l.StaffID == a.StaffID && l.Covers(a.Day) {
				rec.OnLeave = true
			}
		}
		rec.Missing = rec.ClockIn == nil && now.After(a.EndsAt) && !rec.OnLeave
		rec.NotArrived = rec.ClockIn == nil && !rec.OnLeave && now.After(a.StartsAt.Add(grace)) && !now.After(a.EndsAt)
		out[i] = rec
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
