package graph

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tracking"
)

// Loaders batch the look-ups one request makes, so a list of N staff costs one query
// for their depots rather than N. They live for one request: the cache never outlives it.
type Loaders struct {
	StaffByID    *dataloadgen.Loader[string, *identity.Staff]
	OrgUnitByID  *dataloadgen.Loader[string, *identity.OrgUnit]
	ChildrenByID *dataloadgen.Loader[string, []*identity.OrgUnit]
	PunchByID    *dataloadgen.Loader[string, *roster.Punch]

	OrderByID            *dataloadgen.Loader[string, *order.Order]
	VerificationsByOrder *dataloadgen.Loader[string, []*order.Verification]
	HistoryByOrder       *dataloadgen.Loader[string, []*order.HistoryEntry]
	ReturnByOrder        *dataloadgen.Loader[string, *order.Return]
	EventsByOrder        *dataloadgen.Loader[string, []*tracking.Event]
	ArrivalByOrder       *dataloadgen.Loader[string, *tracking.Arrival]
	RoundByID            *dataloadgen.Loader[string, *tracking.Round]
	RoundItemByID        *dataloadgen.Loader[string, *tracking.RoundItem]
	ItemsByRound         *dataloadgen.Loader[string, []*tracking.RoundItem]
}

const loaderWait = time.Millisecond

// byKey orders fetched rows by the keys asked for; a missing row is nil.
func byKey[T any](keys []string, rows []T, key func(T) string) ([]T, []error) {
	index := make(map[string]T, len(rows))
	for _, r := range rows {
		index[key(r)] = r
	}
	out := make([]T, len(keys))
	for i, k := range keys {
		out[i] = index[k]
	}
	return out, nil
}

func batch[T any](fetch func(context.Context, []string) ([]T, error), key func(T) string) func(context.Context, []string) ([]T, []error) {
	return func(ctx context.Context, keys []string) ([]T, []error) {
		rows, err := fetch(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		return byKey(keys, rows, key)
	}
}

// grouped loads the rows belonging to each key (for example the history of each
// order) in one query.
func grouped[T any](fetch func(context.Context, []string) ([]T, error), key func(T) string) func(context.Context, []string) ([][]T, []error) {
	return func(ctx context.Context, keys []string) ([][]T, []error) {
		rows, err := fetch(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		by := map[string][]T{}
		for _, r := range rows {
			by[key(r)] = append(by[key(r)], r)
		}
		out := make([][]T, len(keys))
		for i, k := range keys {
			out[i] = by[k]
		}
		return out, nil
	}
}

// NewLoaders builds the loaders for one request.
func NewLoaders(r *Resolver) *Loaders {
	opt := dataloadgen.WithWait(loaderWait)
	return &Loaders{
		StaffByID:   dataloadgen.NewLoader(batch(r.Identity.StaffByIDs, func(s *identity.Staff) string { return s.ID }), opt),
		OrgUnitByID: dataloadgen.NewLoader(batch(r.Identity.OrgUnitsByIDs, func(u *identity.OrgUnit) string { return u.ID }), opt),
		PunchByID:   dataloadgen.NewLoader(batch(r.Roster.PunchesByIDs, func(p *roster.Punch) string { return p.ID }), opt),

		OrderByID:            dataloadgen.NewLoader(batch(r.OrderService.OrdersByIDs, func(o *order.Order) string { return o.ID }), opt),
		VerificationsByOrder: dataloadgen.NewLoader(grouped(r.OrderService.VerificationsOf, func(v *order.Verification) string { return v.OrderID }), opt),
		HistoryByOrder:       dataloadgen.NewLoader(grouped(r.OrderService.HistoryOf, func(h *order.HistoryEntry) string { return h.OrderID }), opt),
		ReturnByOrder:        dataloadgen.NewLoader(batch(r.OrderService.ReturnsOf, func(x *order.Return) string { return x.OrderID }), opt),
		EventsByOrder:        dataloadgen.NewLoader(grouped(r.Tracking.EventsOf, func(e *tracking.Event) string { return e.OrderID }), opt),
		ArrivalByOrder:       dataloadgen.NewLoader(batch(r.Tracking.ArrivalsOf, func(a *tracking.Arrival) string { return a.OrderID }), opt),
		RoundByID:            dataloadgen.NewLoader(batch(r.Tracking.RoundsByIDs, func(x *tracking.Round) string { return x.ID }), opt),
		RoundItemByID:        dataloadgen.NewLoader(batch(r.Tracking.RoundItemsByIDs, func(x *tracking.RoundItem) string { return x.ID }), opt),
		ItemsByRound:         dataloadgen.NewLoader(grouped(r.Tracking.ItemsOfRounds, func(x *tracking.RoundItem) string { return x.RoundID }), opt),
		ChildrenByID: dataloadgen.NewLoader(func(ctx context.Context, parents []string) ([][]*identity.OrgUnit, []error) {
			rows, err := r.Identity.ChildrenOf(ctx, parents)
			if err != nil {
				return nil, []error{err}
			}
			grouped := map[string][]*identity.OrgUnit{}
			for _, u := range rows {
				grouped[*u.ParentID] = append(grouped[*u.ParentID], u)
			}
			out := make([][]*identity.OrgUnit, len(parents))
			for i, p := range parents {
				out[i] = grouped[p]
			}
			return out, nil
		}, opt),
	}
}

type loadersKey struct{}

// LoadersFrom returns the request's loaders.
func LoadersFrom(ctx context.Context) *Loaders {
	return ctx.Value(loadersKey{}).(*Loaders)
}

// WithLoaders is HTTP middleware that gives each request fresh loaders.
func WithLoaders(r *Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx := context.WithValue(req.Context(), loadersKey{}, NewLoaders(r))
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}
