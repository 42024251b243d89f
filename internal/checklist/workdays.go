package checklist

import (
	"context"
	"time"

	"github.com/expresscs/cs/internal/identity"
)

// WorkingDays is the organisation's calendar: whether a day is a working day once its
// public holidays and adjusted working days (调休) are applied. The roster capability
// owns the calendar and answers it ((*roster.Service).IsWorkingDay).
type WorkingDays interface {
	IsWorkingDay(ctx context.Context, orgID string, day time.Time) (bool, error)
}

// workingDay reports whether a calendar day (YYYY-MM-DD) at depotID is a working day.
// Items for weekdays (the uniform) follow working days and items for weekends (badge
// only) follow days off, so a 调休 Sunday is a uniform day and a holiday Monday is not.
// Without a calendar it falls back to Monday to Friday. It is called before the
// transaction that creates a check: the calendar may set up an organisation's defaults,
// which is a write of its own.
func (s *Service) workingDay(ctx context.Context, depotID, day string) (bool, error) {
	d, err := time.ParseInLocation(dayLayout, day, s.Zone)
	if err != nil {
		return false, err
	}
	if s.WorkingDays == nil {
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday, nil
	}
	org, err := identity.OrgOf(ctx, s.DB.R, depotID)
	if err != nil {
		return false, err
	}
	return s.WorkingDays.IsWorkingDay(ctx, org, d)
}
