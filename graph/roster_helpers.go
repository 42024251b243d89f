package graph

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// minuteOf reads a local HH:MM time as minutes after midnight.
func minuteOf(field, hhmm string) (int, error) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return 0, apperr.Invalid("graph.minuteOf", field, "时间格式应为 HH:MM", "Times are HH:MM")
	}
	return t.Hour()*60 + t.Minute(), nil
}

// clock writes minutes after midnight as HH:MM.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func proposalOf(in *model.ShiftSwapProposalInput) (roster.SwapProposal, error) {
	var p roster.SwapProposal
	var err error
	if p.RequesterAssignmentID, err = keyOf(in.RequesterShiftID, "ShiftAssignment"); err != nil {
		return p, err
	}
	if p.ColleagueID, err = keyOf(in.ColleagueID, "Staff"); err != nil {
		return p, err
	}
	p.ColleagueAssignmentID, err = keyOf(in.ColleagueShiftID, "ShiftAssignment")
	return p, err
}

// needToKnow reports whether the caller may see a leave request's type and reason (see
// roster.NeedToKnow); the approval chain comes through the request's loader.
func (r *Resolver) needToKnow(ctx context.Context, l *roster.LeaveRequest) (bool, error) {
	p := identity.PrincipalFrom(ctx)
	if p != nil && p.ID == l.StaffID {
		return true, nil
	}
	steps, err := LoadersFrom(ctx).StepsByLeave.Load(ctx, l.ID)
	if err != nil {
		return false, err
	}
	return roster.NeedToKnow(p, l, steps), nil
}

// minutesOf turns hours from the schema into whole minutes (nil stays nil); a value
// that is not a number becomes -1, which every range refuses.
func minutesOf(h *float64) *int {
	if h == nil {
		return nil
	}
	m := -1
	if !math.IsNaN(*h) && !math.IsInf(*h, 0) && math.Abs(*h) < 1e6 {
		m = int(math.Round(*h * 60))
	}
	return &m
}

// rosterPayload answers a roster change with the roster's lawful-hours warnings and its
// shifts against availability.
func (r *mutationResolver) rosterPayload(ctx context.Context, ro *roster.Roster, replayed bool) (*model.RosterPayload, error) {
	h, err := r.Roster.HoursOfRoster(ctx, ro)
	if err != nil {
		return nil, err
	}
	aw, err := r.Roster.AvailabilityWarningsOfRoster(ctx, ro)
	if err != nil {
		return nil, err
	}
	return &model.RosterPayload{Roster: ro, Replayed: replayed, Warnings: h.Warnings, AvailabilityWarnings: aw}, nil
}

func intOr(v *int, def int) int {
	if v == nil {
		return def
	}
	return *v
}

// openShiftPayload answers a mutation on an open shift with the shift as the caller now
// sees it.
func (r *Resolver) openShiftPayload(ctx context.Context, id string, replayed bool) (*model.OpenShiftPayload, error) {
	o, err := LoadersFrom(ctx).OpenShiftByID.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return &model.OpenShiftPayload{OpenShift: o, Replayed: replayed}, nil
}

// claimPayload answers a claim or a withdrawal with the claim and its shift.
func (r *Resolver) claimPayload(ctx context.Context, c *roster.OpenShiftClaim, replayed bool) (*model.OpenShiftClaimPayload, error) {
	o, err := LoadersFrom(ctx).OpenShiftByID.Load(ctx, c.OpenShiftID)
	if err != nil {
		return nil, err
	}
	return &model.OpenShiftClaimPayload{Claim: c, OpenShift: o, Replayed: replayed}, nil
}
