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
			waits = append(waits, pending{i, asNode(l.OrderByID.LoadThunk(ctx, key))})
			continue
		}
		if p.Kind != identity.KindStaff {
			continue
		}
		var th func() (model.Node, error)
		switch typ {
		case "Staff":
			th = asNode(l.StaffByID.LoadThunk(ctx, key))
		case "OrgUnit":
			th = asNode(l.OrgUnitByID.LoadThunk(ctx, key))
		case "TrackingRound":
			th = asNode(l.RoundByID.LoadThunk(ctx, key))
		case "TrackingRoundItem":
			th = asNode(l.RoundItemByID.LoadThunk(ctx, key))
		case "AttendancePunch":
			th = asNode(l.PunchByID.LoadThunk(ctx, key))
		case "ShiftType":
			th = asNode(l.ShiftTypeByID.LoadThunk(ctx, key))
		case "DutyRoster":
			th = asNode(l.RosterByID.LoadThunk(ctx, key))
		case "ShiftAssignment":
			th = asNode(l.AssignmentByID.LoadThunk(ctx, key))
		case "ShiftSwap":
			th = asNode(l.SwapByID.LoadThunk(ctx, key))
		case "Ticket":
			th = asNode(l.TicketByID.LoadThunk(ctx, key))
		case "Claim":
			th = asNode(l.ClaimByID.LoadThunk(ctx, key))
		case "OverShortReport":
			th = asNode(l.OverShortByID.LoadThunk(ctx, key))
		case "ChecklistTemplate":
			th = asNode(l.TemplateByID.LoadThunk(ctx, key))
		case "ChecklistCheck":
			th = asNode(l.CheckByID.LoadThunk(ctx, key))
		case "CorrectiveAction":
			th = asNode(l.ActionByID.LoadThunk(ctx, key))
		case "Notice":
			th = asNode(l.NoticeByID.LoadThunk(ctx, key))
		case "Photo":
			th = asNode(l.PhotoByID.LoadThunk(ctx, key))
		case "LeaveRequest":
			th = asNode(l.LeaveByID.LoadThunk(ctx, key))
		default:
			continue
		}
		waits = append(waits, pending{i, th})
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

// asNode adapts a loader thunk to the Node interface.
func asNode[T any](th func() (*T, error)) func() (model.Node, error) {
	return func() (model.Node, error) { return nodeOf(th()) }
}
