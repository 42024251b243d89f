package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/order"
)

// Loaders batch the keys that arrive within a short wait. gqlgen resolves the elements of
// a list in goroutines, and on a loaded machine the goroutines of a long page can straddle
// that wait and split one batch into several. A list resolver that knows its rows queues
// all their keys at once on the loaders the request selects, so a page is one batch per
// loader however the goroutines are scheduled; the elements' own loads then find their keys
// already queued (the loader caches in-flight keys).

// selection is the set of fields a request selects at one place in its document.
type selection struct {
	op     *graphql.OperationContext
	fields []graphql.CollectedField
}

// selectedHere is what the request selects on the value the current resolver returns.
func selectedHere(ctx context.Context) selection {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return selection{}
	}
	return selection{op: graphql.GetOperationContext(ctx), fields: graphql.CollectFieldsCtx(ctx, nil)}
}

// child is what the request selects under field name (on objects of the given types).
func (s selection) child(name string, types ...string) selection {
	var out selection
	for _, f := range s.fields {
		if f.Name == name {
			out.op = s.op
			out.fields = append(out.fields, graphql.CollectFields(s.op, f.Selections, types)...)
		}
	}
	return out
}

// has reports whether any of names is selected.
func (s selection) has(names ...string) bool {
	for _, f := range s.fields {
		for _, n := range names {
			if f.Name == n {
				return true
			}
		}
	}
	return false
}

// queue puts keys into the loader's current batch without waiting for it.
func queue[K comparable, V any](ctx context.Context, l *Lazy[K, V], keys []K) {
	if len(keys) > 0 {
		_ = l.LoadAllThunk(ctx, keys)
	}
}

// primeOrders queues a page of orders on the per-order loaders that node selects.
func primeOrders(ctx context.Context, node selection, orders []*order.Order) {
	if len(orders) < 2 || len(node.fields) == 0 {
		return
	}
	l := LoadersFrom(ctx)
	ids := make([]string, len(orders))
	depots := make([]string, 0, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
		depots = append(depots, o.DepotID)
	}
	if node.has("depot") {
		queue(ctx, &l.OrgUnitByID, depots)
	}
	if node.has("history") {
		queue(ctx, &l.HistoryByOrder, ids)
	}
	if node.has("returnRequest") {
		queue(ctx, &l.ReturnByOrder, ids)
	}
	if node.has("trackingEvents") {
		queue(ctx, &l.EventsByOrder, ids)
	}
	if node.has("arrival") {
		queue(ctx, &l.ArrivalByOrder, ids)
	}
	if node.has("verifications", "missingVerifications") {
		verifications := l.VerificationsByOrder.LoadAllThunk(ctx, ids)
		if node.child("verifications", "OrderVerification").has("verifiedBy") {
			// The verifiers are known only once the verifications are in; queue them all
			// as soon as they are, ahead of the elements' own loads.
			go func() {
				lists, _ := verifications()
				var staff []string
				for _, vs := range lists {
					for _, v := range vs {
						staff = append(staff, v.VerifiedBy)
					}
				}
				queue(ctx, &l.StaffByID, staff)
			}()
		}
	}
}
