package graph

import (
	"context"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// loadNodes resolves global ids through the request's loaders, so fetching many ids of
// one type costs one query. Staff and organisation units are visible to staff only;
// partners see none of them. What the caller may not see is null, like what is missing.
func (r *queryResolver) loadNodes(ctx context.Context, ids []string) ([]model.Node, error) {
	const op = "graph.nodes"
	if len(ids) > MaxPageSize {
		return nil, apperr.E(op, apperr.PageSizeExceeded).With("max", MaxPageSize)
	}
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return nil, apperr.E(op, apperr.Unauthenticated)
	}
	l := LoadersFrom(ctx)
	out := make([]model.Node, len(ids))
	type pending struct {
		i     int
		thunk func() (model.Node, error)
	}
	var waits []pending
	for i, id := range ids {
		typ, key, err := ParseGlobalID(id, "")
		if err != nil {
			return nil, err
		}
		if typ == "Order" {
			th := l.OrderByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
			continue
		}
		if p.Kind != identity.KindStaff {
			continue
		}
		switch typ {
		case "Staff":
			th := l.StaffByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "OrgUnit":
			th := l.OrgUnitByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "TrackingRound":
			th := l.RoundByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "TrackingRoundItem":
			th := l.RoundItemByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "AttendancePunch":
			th := l.PunchByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "ShiftType":
			th := l.ShiftTypeByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "DutyRoster":
			th := l.RosterByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "ShiftAssignment":
			th := l.AssignmentByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "ShiftSwap":
			th := l.SwapByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "ChecklistTemplate":
			th := l.TemplateByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "ChecklistCheck":
			th := l.CheckByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "CorrectiveAction":
			th := l.ActionByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "Notice":
			th := l.NoticeByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "Photo":
			th := l.PhotoByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		case "LeaveRequest":
			th := l.LeaveByID.LoadThunk(ctx, key)
			waits = append(waits, pending{i, func() (model.Node, error) { return nodeOf(th()) }})
		}
	}
	for _, w := range waits {
		n, err := w.thunk()
		if err != nil {
			return nil, err
		}
		out[w.i] = n
	}
	return out, nil
}

// nodeOf turns a loader result into a Node, keeping a typed nil pointer out of the
// interface (it would render as an object of the wrong kind).
func nodeOf[T any](v *T, err error) (model.Node, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}
