package roster

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// Duty is one person's share of the unpopular duty on a roster: night shifts, shifts on a
// weekend rest day and shifts on a public holiday (节假日值班, which cannot be swapped
// away), so that supervisors can spread them fairly.
type Duty struct {
	RosterID string
	StaffID  string
	Shifts   int
	Nights   int
	// Weekends counts shifts on a Saturday or Sunday that the holiday calendar does not
	// make a working day (调休); a public holiday on a weekend counts as a holiday only.
	Weekends int
	Holidays int
}

// Unpopular is the number of night, weekend and holiday shifts together.
func (d *Duty) Unpopular() int { return d.Nights + d.Weekends + d.Holidays }

// DutyOf counts the duty in assignments, all of depotID's organisation, by roster and
// person: most unpopular duty first, then by staff id. Three statements: the
// organisation, the shift types and the calendar over the days the assignments cover.
// It checks no caller: it counts what the caller was already allowed to read.
func (s *Service) DutyOf(ctx context.Context, depotID string, as []*Assignment) ([]*Duty, error) {
	const op = "roster.DutyOf"
	if len(as) == 0 {
		return []*Duty{}, nil
	}
	org, err := identity.OrgOf(ctx, s.DB.R, depotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	typeIDs := make([]string, 0, len(as))
	from, to := as[0].Day, as[0].Day
	for _, a := range as {
		typeIDs = append(typeIDs, a.ShiftTypeID)
		from, to = min(from, a.Day), max(to, a.Day)
	}
	night := map[string]bool{}
	var types []*ShiftType
	if err := s.DB.R.NewSelect().Model(&types).Column("id", "night").Where("id IN (?)", bun.List(slices.Compact(slices.Sorted(slices.Values(typeIDs))))).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	for _, t := range types {
		night[t.ID] = t.Night
	}
	cal, err := s.calendar(ctx, op, org, from, to)
	if err != nil {
		return nil, err
	}
	return countDuty(as, night, cal), nil
}

// countDuty is DutyOf's rule, given which shift types are night shifts and the calendar.
func countDuty(as []*Assignment, night map[string]bool, cal map[string]HolidayKind) []*Duty {
	by := map[[2]string]*Duty{}
	var out []*Duty
	for _, a := range as {
		k := [2]string{a.RosterID, a.StaffID}
		d := by[k]
		if d == nil {
			d = &Duty{RosterID: a.RosterID, StaffID: a.StaffID}
			by[k] = d
			out = append(out, d)
		}
		d.Shifts++
		if night[a.ShiftTypeID] {
			d.Nights++
		}
		day, err := time.Parse(dayLayout, a.Day)
		switch {
		case err != nil:
		case cal[a.Day] == Holiday:
			d.Holidays++
		case !workingDay(day, cal):
			d.Weekends++
		}
	}
	slices.SortStableFunc(out, func(x, y *Duty) int {
		return cmp.Or(cmp.Compare(x.RosterID, y.RosterID), cmp.Compare(y.Unpopular(), x.Unpopular()), cmp.Compare(x.StaffID, y.StaffID))
	})
	return out
}
