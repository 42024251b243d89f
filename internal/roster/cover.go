package roster

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// CoverCandidate is a colleague who might cover one of the caller's shifts by a swap:
// they work the caller's shift and the caller works one of theirs in return (还班).
type CoverCandidate struct {
	Colleague *identity.Staff
	// PayBack lists the colleague's shifts in the same month that the caller could work
	// in return, each passing every swap rule; empty when no swap with them is possible.
	PayBack []*Assignment
	// Reasons say why no swap with the colleague is possible (empty when PayBack is not):
	// the rules broken by their closest shift, or COVER_NO_PAY_BACK_SHIFT.
	Reasons []Violation
}

// Available reports whether a swap with the colleague may be requested.
func (c *CoverCandidate) Available() bool { return len(c.PayBack) > 0 }

// CoverCandidates lists the caller's depot colleagues on the roster of the shift's
// month and says whether each could take over one of the caller's shifts (typically a
// night shift, on which leave is refused): the shifts of theirs the caller could work in
// return, or the reasons there are none. The rules are CheckShiftSwap's, evaluated in a
// fixed number of queries for the whole depot. Available colleagues come first, then by
// employee number. Only the shift's owner (FORBIDDEN); NOT_FOUND for an unknown shift or
// one of a depot the caller does not see.
func (s *Service) CoverCandidates(ctx context.Context, assignmentID string) ([]*CoverCandidate, error) {
	const op = "roster.CoverCandidates"
	p, st, err := s.callerOrg(ctx, op)
	if err != nil {
		return nil, err
	}
	mine := new(Assignment)
	if err := s.DB.R.NewSelect().Model(mine).Where("id = ?", assignmentID).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.E(op, apperr.NotFound).Explain("班次不存在", "Shift not found")
		}
		return nil, apperr.Wrap(op, err)
	}
	if mine.StaffID != p.ID {
		if !seesDepot(p, mine.DepotID) {
			return nil, apperr.E(op, apperr.NotFound).Explain("班次不存在", "Shift not found")
		}
		return nil, apperr.E(op, apperr.Forbidden).Explain("只能为自己的班次找人顶班", "You can only look for cover for your own shift")
	}
	colleagues, err := identity.ActiveStaffOf(ctx, s.DB.R, mine.DepotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	colleagues = slices.DeleteFunc(colleagues, func(st *identity.Staff) bool { return st.ID == p.ID })
	if len(colleagues) == 0 {
		return nil, nil
	}
	people := []string{p.ID}
	for _, c := range colleagues {
		people = append(people, c.ID)
	}
	month := mine.Day[:7]
	f, err := s.loadFacts(ctx, s.DB.R, st, scope{orgID: st.OrgID, people: people, from: month + "-01", to: mine.Day})
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	rostered := map[string]bool{}
	for _, a := range f.assignments {
		if a.DepotID == mine.DepotID && a.Day[:7] == month {
			rostered[a.StaffID] = true
		}
	}
	now := s.Now().UTC()
	var out []*CoverCandidate
	for _, c := range colleagues {
		if rostered[c.ID] {
			out = append(out, f.cover(mine, c, now))
		}
	}
	slices.SortStableFunc(out, func(a, b *CoverCandidate) int {
		switch {
		case a.Available() == b.Available():
			return 0
		case a.Available():
			return -1
		}
		return 1
	})
	return out, nil
}

// cover evaluates every shift of colleague c in the month of mine as the pay-back of a
// swap in which c takes over mine.
func (f *facts) cover(mine *Assignment, c *identity.Staff, now time.Time) *CoverCandidate {
	cand := &CoverCandidate{Colleague: c}
	var closest []Violation
	tried := false
	for _, o := range f.assignments {
		if o.StaffID != c.ID || o.Day[:7] != mine.Day[:7] || !o.StartsAt.After(now) {
			continue
		}
		sw := &ShiftSwap{RequesterID: mine.StaffID, ColleagueID: c.ID, RequesterAssignmentID: mine.ID, ColleagueAssignmentID: o.ID,
			RequesterDay: mine.Day, ColleagueDay: o.Day, RequesterShiftTypeID: mine.ShiftTypeID, ColleagueShiftTypeID: o.ShiftTypeID}
		vs := f.swapRules(sw, mine, o, now)
		if len(vs) == 0 {
			cand.PayBack = append(cand.PayBack, o)
		} else if !tried || len(vs) < len(closest) {
			closest = vs
		}
		tried = true
	}
	switch {
	case len(cand.PayBack) > 0:
	case tried:
		cand.Reasons = closest
	default:
		cand.Reasons = []Violation{{Code: apperr.CoverNoPayBackShift, ZH: "该同事本月没有尚未开始、可用于还班的班次",
			EN: "This colleague has no shift later this month that you could work in return"}}
	}
	return cand
}
