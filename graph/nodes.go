package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/partner"
)

// loadNodes resolves global ids through the request's loaders, so fetching many ids of
// one type costs one query. Which types a caller may look up at all is the partner
// domain's rule (partner.MayLookUp); which records of a type, each loader's. What the
// caller may not see is null, like what is missing.
func (r *queryResolver) loadNodes(ctx context.Context, ids []string) ([]model.Node, error) {
	const op = "graph.nodes"
	if len(ids) > MaxPageSize {
		return nil, apperr.E(op, apperr.PageSizeExceeded).With("max", MaxPageSize)
	}
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return nil, apperr.E(op, apperr.Unauthenticated)
	}
	// Every id is parsed and its load queued before any is awaited, so the dataloaders
	// batch the lot: one query per type, whatever the number of ids.
	l := LoadersFrom(ctx)
	thunks := make([]nodeThunk, len(ids))
	for i, id := range ids {
		typ, key, err := ParseGlobalID(id, "")
		if err != nil {
			return nil, err
		}
		if load := nodeLoaders[typ]; load != nil && partner.MayLookUp(p, typ) {
			thunks[i] = load(ctx, l, key)
		}
	}
	out := make([]model.Node, len(ids))
	for i, th := range thunks {
		if th == nil {
			continue // a type the caller may not look up resolves to null, as a missing id does
		}
		n, err := th()
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// nodeThunk waits for one queued load.
type nodeThunk = func() (model.Node, error)

// nodeLoaders queue the load of one node by type; each loader applies the caller's reach.
var nodeLoaders = map[string]func(ctx context.Context, l *Loaders, key string) nodeThunk{
	"Order": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.OrderByID.LoadThunk(ctx, key))
	},
	"PartnerClient": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.PartnerClientByID.LoadThunk(ctx, key))
	},
	"WebhookEndpoint": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.EndpointByID.LoadThunk(ctx, key))
	},
	"WebhookDelivery": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.DeliveryByID.LoadThunk(ctx, key))
	},
	"PersistedOperation": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.OperationByKey.LoadThunk(ctx, key))
	},
	"ConsignmentStation": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.StationByID.LoadThunk(ctx, key))
	},
	"Staff": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.StaffByID.LoadThunk(ctx, key))
	},
	"OrgUnit": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.OrgUnitByID.LoadThunk(ctx, key))
	},
	"TrackingRound": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.RoundByID.LoadThunk(ctx, key))
	},
	"TrackingRoundItem": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.RoundItemByID.LoadThunk(ctx, key))
	},
	"AttendancePunch": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.PunchByID.LoadThunk(ctx, key))
	},
	"ShiftType": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.ShiftTypeByID.LoadThunk(ctx, key))
	},
	"DutyRoster": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.RosterByID.LoadThunk(ctx, key))
	},
	"ShiftAssignment": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.AssignmentByID.LoadThunk(ctx, key))
	},
	"ShiftSwap": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.SwapByID.LoadThunk(ctx, key))
	},
	"OpenShift": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.OpenShiftByID.LoadThunk(ctx, key))
	},
	"Ticket": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.TicketByID.LoadThunk(ctx, key))
	},
	"Claim": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.ClaimByID.LoadThunk(ctx, key))
	},
	"OverShortReport": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.OverShortByID.LoadThunk(ctx, key))
	},
	"ChecklistTemplate": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.TemplateByID.LoadThunk(ctx, key))
	},
	"ChecklistCheck": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.CheckByID.LoadThunk(ctx, key))
	},
	"CorrectiveAction": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.ActionByID.LoadThunk(ctx, key))
	},
	"Notice": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.NoticeByID.LoadThunk(ctx, key))
	},
	"Photo": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.PhotoByID.LoadThunk(ctx, key))
	},
	"LeaveRequest": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.LeaveByID.LoadThunk(ctx, key))
	},
	"Tariff": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.TariffByID.LoadThunk(ctx, key))
	},
	"Quote": func(ctx context.Context, l *Loaders, key string) nodeThunk {
		return asNode(l.QuoteByID.LoadThunk(ctx, key))
	},
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
func asNode[T any](th func() (*T, error)) nodeThunk {
	return func() (model.Node, error) { return nodeOf(th()) }
}
