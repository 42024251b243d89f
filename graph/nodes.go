package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// loadNodes resolves global ids through the request's loaders, so fetching many ids of
// one type costs one query. Orders and the partner API's own records (clients, webhook
// endpoints and deliveries, persisted operations) are open to any caller, their services
// deciding who sees which; everything else is visible to staff only. What the caller may
// not see is null, like what is missing.
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
		var th func() (model.Node, error)
		switch typ {
		case "Order":
			th = asNode(l.OrderByID.LoadThunk(ctx, key))
		case "PartnerClient":
			th = asNode(l.PartnerClientByID.LoadThunk(ctx, key))
		case "WebhookEndpoint":
			th = asNode(l.EndpointByID.LoadThunk(ctx, key))
		case "WebhookDelivery":
			th = asNode(l.DeliveryByID.LoadThunk(ctx, key))
		case "PersistedOperation":
			th = asNode(l.OperationByKey.LoadThunk(ctx, key))
		case "ConsignmentStation":
			th = asNode(l.StationByID.LoadThunk(ctx, key))
		}
		if th == nil && p.Kind != identity.KindStaff {
			continue
		}
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
		case "Tariff":
			th = asNode(l.TariffByID.LoadThunk(ctx, key))
		case "Quote":
			th = asNode(l.QuoteByID.LoadThunk(ctx, key))
		}
		if th != nil {
			waits = append(waits, pending{i, th})
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

// reportUnresolved adds, for a partner caller, a NOT_FOUND error at the path of every
// id that resolved to null (at its index when indexed, for nodes), as GitHub's API does:
// a partner's code sees a coded error, and whether the id exists elsewhere stays untold.
// Staff see the plain null the schema promises.
func reportUnresolved(ctx context.Context, ids []string, nodes []model.Node, indexed bool) {
	p := identity.PrincipalFrom(ctx)
	if p == nil || p.Kind != identity.KindPartner {
		return
	}
	for i, n := range nodes {
		if n != nil {
			continue
		}
		at := ctx
		if indexed {
			at = graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		}
		graphql.AddError(at, apperr.E("graph.node", apperr.NotFound).
			Explain("找不到该编号对应的对象: "+ids[i], "Could not resolve to a node with the id "+ids[i]).With("id", ids[i]))
	}
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
