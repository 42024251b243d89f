package checklist

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/roster"
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
	org, err := orgOf(ctx, s.DB.R, depotID)
	if err != nil {
		return false, err
	}
	return s.WorkingDays.IsWorkingDay(ctx, org, d)
}

// assignmentDay loads the day and depot of staffID's assignment, or nil when there is no
// such assignment (the check's own transaction then refuses it with its code).
func assignmentDay(ctx context.Context, idb bun.IDB, assignmentID, staffID string) (*roster.Assignment, error) {
	a := new(roster.Assignment)
	err := idb.NewSelect().Model(a).Column("day", "depot_id").
		Where("id = ? AND staff_id = ?", assignmentID, staffID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, err
}

// orgOf returns the organisation (the top of the unit tree) a depot belongs to.
func orgOf(ctx context.Context, idb bun.IDB, unitID string) (string, error) {
	var org string
	err := idb.NewRaw(`WITH RECURSIVE up(id, parent_id, depth) AS (
		SELECT id, parent_id, 0 FROM org_units WHERE id = ?
		UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id WHERE up.depth < 16
	) SELECT id FROM up WHERE parent_id IS NULL`, unitID).Scan(ctx, &org)
	return org, err
}
