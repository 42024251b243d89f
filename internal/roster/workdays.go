package roster

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// IsWorkingDay reports whether day is a working day in orgID's calendar: Monday to
// Friday unless the calendar makes it a holiday, Saturday and Sunday unless it makes
// it an adjusted working day (调休). The calendar date is read in the organisation's
// zone. It checks no caller: capabilities that schedule by working days (checklists)
// authorise their own readers. NOT_FOUND for an unknown organisation.
func (s *Service) IsWorkingDay(ctx context.Context, orgID string, day time.Time) (bool, error) {
	const op = "roster.IsWorkingDay"
	d := day.In(s.Zone)
	cal, err := s.calendar(ctx, op, orgID, d.Format(dayLayout), d.Format(dayLayout))
	if err != nil {
		return false, err
	}
	return workingDay(d, cal), nil
}

// WorkingDaysOfMonth is IsWorkingDay for every day of a month (YYYY-MM), keyed by day
// (YYYY-MM-DD), in one query. BAD_USER_INPUT for a bad month; NOT_FOUND for an
// unknown organisation.
func (s *Service) WorkingDaysOfMonth(ctx context.Context, orgID, month string) (map[string]bool, error) {
	const op = "roster.WorkingDaysOfMonth"
	first, err := time.ParseInLocation(monthLayout, month, s.Zone)
	if err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	last := first.AddDate(0, 1, -1)
	cal, err := s.calendar(ctx, op, orgID, first.Format(dayLayout), last.Format(dayLayout))
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, last.Day())
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		out[d.Format(dayLayout)] = workingDay(d, cal)
	}
	return out, nil
}

// calendar returns orgID's calendar entries from one day to another, inclusive, by day,
// loading the organisation's default calendar first if it has none yet.
func (s *Service) calendar(ctx context.Context, op, orgID, from, to string) (map[string]HolidayKind, error) {
	ok, err := identity.IsOrganisation(ctx, s.DB.R, orgID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if !ok {
		return nil, apperr.E(op, apperr.NotFound)
	}
	if _, err := s.settings(ctx, orgID); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var days []*HolidayDay
	if err := s.DB.R.NewSelect().Model(&days).Column("day", "kind").
		Where("org_id = ? AND day >= ? AND day <= ?", orgID, from, to).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	cal := make(map[string]HolidayKind, len(days))
	for _, h := range days {
		cal[h.Day] = h.Kind
	}
	return cal, nil
}

// workingDay applies the calendar to the ordinary week.
func workingDay(d time.Time, cal map[string]HolidayKind) bool {
	switch cal[d.Format(dayLayout)] {
	case Holiday:
		return false
	case Workday:
		return true
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

// IsWorkingDayIn is IsWorkingDay inside the caller's transaction (a tracking batch
// revising expected arrivals), so that loading the organisation's default calendar on
// first use joins that transaction instead of waiting for it. It checks no caller.
func (s *Service) IsWorkingDayIn(ctx context.Context, idb bun.IDB, orgID string, day time.Time) (bool, error) {
	d := day.In(s.Zone)
	if _, err := s.settingsTx(ctx, idb, orgID); err != nil {
		return false, err
	}
	var kinds []HolidayKind
	if err := idb.NewSelect().Model((*HolidayDay)(nil)).Column("kind").
		Where("org_id = ? AND day = ?", orgID, d.Format(dayLayout)).Scan(ctx, &kinds); err != nil {
		return false, err
	}
	cal := map[string]HolidayKind{}
	for _, k := range kinds {
		cal[d.Format(dayLayout)] = k
	}
	return workingDay(d, cal), nil
}
