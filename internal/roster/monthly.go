package roster

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// AttendanceOfStaff compares the given people's rostered shifts in a month (YYYY-MM) with
// their punches, like DepotAttendance, using the grace minutes of depotID's
// organisation. It checks no caller: capabilities that report attendance (the monthly
// score sheet) authorise their own readers. BAD_USER_INPUT for a bad month.
func (s *Service) AttendanceOfStaff(ctx context.Context, depotID string, staffIDs []string, month string) ([]*AttendanceRecord, error) {
	const op = "roster.AttendanceOfStaff"
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	if len(staffIDs) == 0 {
		return nil, nil
	}
	org, err := identity.OrgOf(ctx, s.DB.R, depotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	st, err := s.settings(ctx, org)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	q := s.DB.R.NewSelect().Where("a.staff_id IN (?) AND a.day >= ? AND a.day <= ?", bun.List(staffIDs), month+"-01", month+"-31")
	out, err := s.attendance(ctx, q, st)
	return out, apperr.Wrap(op, err)
}
