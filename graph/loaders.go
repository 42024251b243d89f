package graph

import (
	"context"
	"net/http"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/partner"
	"github.com/expresscs/cs/internal/reconcile"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tariff"
	"github.com/expresscs/cs/internal/ticket"
	"github.com/expresscs/cs/internal/tracking"
)

// Loaders batch the look-ups one request makes, so a list of N staff costs one query
// for their depots rather than N. They live for one request: the cache never outlives it.
type Loaders struct {
	StaffByID    Lazy[string, *identity.Staff]
	RolesByStaff Lazy[string, []identity.Role]
	OrgUnitByID  Lazy[string, *identity.OrgUnit]
	ChildrenByID Lazy[string, []*identity.OrgUnit]
	PunchByID    Lazy[string, *roster.Punch]

	ShiftTypeByID         Lazy[string, *roster.ShiftType]
	SwapByID              Lazy[string, *roster.ShiftSwap]
	OpenShiftByID         Lazy[string, *roster.OpenShiftView]
	RosterByID            Lazy[string, *roster.Roster]
	AssignmentByID        Lazy[string, *roster.Assignment]
	LeaveByID             Lazy[string, *roster.LeaveRequest]
	LeaveTypeByID         Lazy[string, *roster.LeaveType]
	AssignmentsByRoster   Lazy[string, []*roster.Assignment]
	ApprovedLeaveByRoster Lazy[string, []*roster.LeaveRequest]
	StepsByLeave          Lazy[string, []*roster.LeaveApproval]
	BalanceByLeave        Lazy[string, *roster.LeaveBalance]
	OrderByID             Lazy[string, *order.Order]
	VerificationsByOrder  Lazy[string, []*order.Verification]
	HistoryByOrder        Lazy[string, []*order.HistoryEntry]
	ReturnByOrder         Lazy[string, *order.Return]
	EventsByOrder         Lazy[string, []*tracking.Event]
	ArrivalByOrder        Lazy[string, *tracking.Arrival]
	RoundByID             Lazy[string, *tracking.Round]
	RoundItemByID         Lazy[string, *tracking.RoundItem]
	ItemsByRound          Lazy[string, []*tracking.RoundItem]

	TicketByID          Lazy[string, *ticket.Ticket]
	EntriesByTicket     Lazy[string, []*ticket.Entry]
	EscalationsByTicket Lazy[string, []*ticket.Escalation]
	HandoversByTicket   Lazy[string, []*ticket.Handover]
	ClaimsByTicket      Lazy[string, []*ticket.Claim]
	BreachesByTicket    Lazy[string, []*ticket.Breach]
	EventsByClaim       Lazy[string, []*ticket.ClaimEvent]
	OverShortByID       Lazy[string, *ticket.OverShortReport]
	ClaimByID           Lazy[string, *ticket.Claim]
	TemplateByID        Lazy[string, *checklist.Template]
	ReceiptsByNotice    Lazy[string, []*checklist.NoticeReader]
	OpenTicketsByOrder  Lazy[string, []*ticket.Ticket]
	ItemsByTemplate     Lazy[string, []*checklist.Item]
	ChecklistItemByID   Lazy[string, *checklist.Item]
	CheckByID           Lazy[string, *checklist.Check]
	ItemsByCheck        Lazy[string, []*checklist.CheckItem]
	ActionByID          Lazy[string, *checklist.CorrectiveAction]
	ActionByCheckItem   Lazy[string, *checklist.CorrectiveAction]
	NoticeByID          Lazy[string, *checklist.Notice]
	TariffByID          Lazy[string, *tariff.Tariff]
	QuoteByID           Lazy[string, *tariff.Quote]
	StationByID         Lazy[string, *reconcile.Station]
	PhotoByID           Lazy[string, *media.Photo]
	// AttachedPhotoByID loads photos without the viewer check, for records (returns)
	// whose own visibility already decided who sees their photos.
	AttachedPhotoByID    Lazy[string, *media.Photo]
	DeliveriesByEndpoint Lazy[string, []*partner.Delivery]
	PartnerClientByID    Lazy[string, *partner.Client]
	EndpointByID         Lazy[string, *partner.Endpoint]
	DeliveryByID         Lazy[string, *partner.Delivery]
	OperationByKey       Lazy[string, *partner.Operation]
	AttemptsByDelivery   Lazy[string, []*partner.Attempt]
}

// loaderWait is how long a loader collects keys before it queries (Resolver.LoaderWait
// overrides it). gqlgen resolves sibling fields in goroutines; at 1 ms a loaded machine
// sometimes split one level into two batches.
const loaderWait = 2 * time.Millisecond

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

// inOrder batches a look-up that already answers in the order of its keys.
func inOrder[T any](fetch func(context.Context, []string) ([]T, error)) func(context.Context, []string) ([]T, []error) {
	return func(ctx context.Context, keys []string) ([]T, []error) {
		out, err := fetch(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		return out, nil
	}
}

// grouped batches a one-to-many look-up: rows are grouped by their parent key.
func grouped[T any](fetch func(context.Context, []string) ([]T, error), parent func(T) string) func(context.Context, []string) ([][]T, []error) {
	return func(ctx context.Context, keys []string) ([][]T, []error) {
		rows, err := fetch(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		by := map[string][]T{}
		for _, r := range rows {
			by[parent(r)] = append(by[parent(r)], r)
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
	l := new(Loaders)
	l.StaffByID.set(r, func(r *Resolver) fetch[*identity.Staff] {
		return batch(r.Identity.StaffByIDs, func(s *identity.Staff) string { return s.ID })
	})
	l.RolesByStaff.set(r, func(r *Resolver) fetch[[]identity.Role] { return inOrder(r.Identity.RolesByStaff) })
	l.ReceiptsByNotice.set(r, func(r *Resolver) fetch[[]*checklist.NoticeReader] {
		return grouped(r.Checklist.ReadReceipts, func(x *checklist.NoticeReader) string { return x.NoticeID })
	})
	l.OpenTicketsByOrder.set(r, func(r *Resolver) fetch[[]*ticket.Ticket] {
		return grouped(r.TicketService.OpenOfOrders, func(t *ticket.Ticket) string { return *t.OrderID })
	})
	l.OrgUnitByID.set(r, func(r *Resolver) fetch[*identity.OrgUnit] {
		return batch(r.Identity.OrgUnitsByIDs, func(u *identity.OrgUnit) string { return u.ID })
	})
	l.PunchByID.set(r, func(r *Resolver) fetch[*roster.Punch] {
		return batch(r.Roster.PunchesByIDs, func(p *roster.Punch) string { return p.ID })
	})
	l.ShiftTypeByID.set(r, func(r *Resolver) fetch[*roster.ShiftType] {
		return batch(r.Roster.ShiftTypesByIDs, func(t *roster.ShiftType) string { return t.ID })
	})
	l.SwapByID.set(r, func(r *Resolver) fetch[*roster.ShiftSwap] {
		return batch(r.Roster.SwapsByIDs, func(s *roster.ShiftSwap) string { return s.ID })
	})
	l.OpenShiftByID.set(r, func(r *Resolver) fetch[*roster.OpenShiftView] {
		return batch(r.Roster.OpenShiftsByIDs, func(o *roster.OpenShiftView) string { return o.ID })
	})
	l.RosterByID.set(r, func(r *Resolver) fetch[*roster.Roster] {
		return batch(r.Roster.RostersByIDs, func(x *roster.Roster) string { return x.ID })
	})
	l.AssignmentByID.set(r, func(r *Resolver) fetch[*roster.Assignment] {
		return batch(r.Roster.AssignmentsByIDs, func(a *roster.Assignment) string { return a.ID })
	})
	l.LeaveByID.set(r, func(r *Resolver) fetch[*roster.LeaveRequest] {
		return batch(r.Roster.LeavesByIDs, func(l *roster.LeaveRequest) string { return l.ID })
	})
	l.LeaveTypeByID.set(r, func(r *Resolver) fetch[*roster.LeaveType] {
		return batch(r.Roster.LeaveTypesByIDs, func(t *roster.LeaveType) string { return t.ID })
	})
	l.AssignmentsByRoster.set(r, func(r *Resolver) fetch[[]*roster.Assignment] {
		return grouped(r.Roster.AssignmentsOfRosters, func(a *roster.Assignment) string { return a.RosterID })
	})
	l.StepsByLeave.set(r, func(r *Resolver) fetch[[]*roster.LeaveApproval] {
		return grouped(r.Roster.StepsOfLeaves, func(s *roster.LeaveApproval) string { return s.LeaveID })
	})
	l.BalanceByLeave.set(r, func(r *Resolver) fetch[*roster.LeaveBalance] {
		return func(ctx context.Context, ids []string) ([]*roster.LeaveBalance, []error) {
			m, err := r.Roster.BalancesOfLeaves(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			out := make([]*roster.LeaveBalance, len(ids))
			for i, id := range ids {
				out[i] = m[id]
			}
			return out, nil
		}
	})
	l.ApprovedLeaveByRoster.set(r, func(r *Resolver) fetch[[]*roster.LeaveRequest] {
		return func(ctx context.Context, ids []string) ([][]*roster.LeaveRequest, []error) {
			m, err := r.Roster.ApprovedLeaveOfRosters(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			out := make([][]*roster.LeaveRequest, len(ids))
			for i, id := range ids {
				out[i] = m[id]
			}
			return out, nil
		}
	})

	l.OrderByID.set(r, func(r *Resolver) fetch[*order.Order] {
		return batch(r.OrderService.OrdersByIDs, func(o *order.Order) string { return o.ID })
	})
	l.VerificationsByOrder.set(r, func(r *Resolver) fetch[[]*order.Verification] {
		return grouped(r.OrderService.VerificationsOf, func(v *order.Verification) string { return v.OrderID })
	})
	l.HistoryByOrder.set(r, func(r *Resolver) fetch[[]*order.HistoryEntry] {
		return grouped(r.OrderService.HistoryOf, func(h *order.HistoryEntry) string { return h.OrderID })
	})
	l.ReturnByOrder.set(r, func(r *Resolver) fetch[*order.Return] {
		return batch(r.OrderService.ReturnsOf, func(x *order.Return) string { return x.OrderID })
	})
	l.EventsByOrder.set(r, func(r *Resolver) fetch[[]*tracking.Event] {
		return grouped(r.Tracking.EventsOf, func(e *tracking.Event) string { return e.OrderID })
	})
	l.ArrivalByOrder.set(r, func(r *Resolver) fetch[*tracking.Arrival] {
		return batch(r.Tracking.ArrivalsOf, func(a *tracking.Arrival) string { return a.OrderID })
	})
	l.RoundByID.set(r, func(r *Resolver) fetch[*tracking.Round] {
		return batch(r.Tracking.RoundsByIDs, func(x *tracking.Round) string { return x.ID })
	})
	l.RoundItemByID.set(r, func(r *Resolver) fetch[*tracking.RoundItem] {
		return batch(r.Tracking.RoundItemsByIDs, func(x *tracking.RoundItem) string { return x.ID })
	})
	l.ItemsByRound.set(r, func(r *Resolver) fetch[[]*tracking.RoundItem] {
		return grouped(r.Tracking.ItemsOfRounds, func(x *tracking.RoundItem) string { return x.RoundID })
	})
	l.ChildrenByID.set(r, func(r *Resolver) fetch[[]*identity.OrgUnit] {
		return grouped(r.Identity.ChildrenOf, func(u *identity.OrgUnit) string { return *u.ParentID })
	})

	l.TicketByID.set(r, func(r *Resolver) fetch[*ticket.Ticket] {
		return batch(r.TicketService.TicketsByIDs, func(t *ticket.Ticket) string { return t.ID })
	})
	l.EntriesByTicket.set(r, func(r *Resolver) fetch[[]*ticket.Entry] {
		return grouped(r.TicketService.EntriesOf, func(e *ticket.Entry) string { return e.TicketID })
	})
	l.EscalationsByTicket.set(r, func(r *Resolver) fetch[[]*ticket.Escalation] {
		return grouped(r.TicketService.EscalationsOf, func(e *ticket.Escalation) string { return e.TicketID })
	})
	l.HandoversByTicket.set(r, func(r *Resolver) fetch[[]*ticket.Handover] {
		return grouped(r.TicketService.HandoversOf, func(h *ticket.Handover) string { return h.TicketID })
	})
	l.ClaimsByTicket.set(r, func(r *Resolver) fetch[[]*ticket.Claim] {
		return grouped(r.TicketService.ClaimsOf, func(c *ticket.Claim) string { return c.TicketID })
	})
	l.BreachesByTicket.set(r, func(r *Resolver) fetch[[]*ticket.Breach] {
		return grouped(r.TicketService.BreachesOf, func(b *ticket.Breach) string { return b.TicketID })
	})
	l.EventsByClaim.set(r, func(r *Resolver) fetch[[]*ticket.ClaimEvent] {
		return grouped(r.TicketService.ClaimEventsOf, func(e *ticket.ClaimEvent) string { return e.ClaimID })
	})
	l.OverShortByID.set(r, func(r *Resolver) fetch[*ticket.OverShortReport] {
		return batch(r.TicketService.OverShortByIDs, func(x *ticket.OverShortReport) string { return x.ID })
	})
	l.ClaimByID.set(r, func(r *Resolver) fetch[*ticket.Claim] {
		return batch(r.TicketService.ClaimsByIDs, func(c *ticket.Claim) string { return c.ID })
	})
	l.TemplateByID.set(r, func(r *Resolver) fetch[*checklist.Template] {
		return batch(r.Checklist.TemplatesByIDs, func(t *checklist.Template) string { return t.ID })
	})
	l.ItemsByTemplate.set(r, func(r *Resolver) fetch[[]*checklist.Item] {
		return grouped(r.Checklist.ItemsOfTemplates, func(i *checklist.Item) string { return i.TemplateID })
	})
	l.ChecklistItemByID.set(r, func(r *Resolver) fetch[*checklist.Item] {
		return batch(r.Checklist.ItemsByIDs, func(i *checklist.Item) string { return i.ID })
	})
	l.CheckByID.set(r, func(r *Resolver) fetch[*checklist.Check] {
		return batch(r.Checklist.ChecksByIDs, func(c *checklist.Check) string { return c.ID })
	})
	l.ItemsByCheck.set(r, func(r *Resolver) fetch[[]*checklist.CheckItem] {
		return grouped(r.Checklist.ItemsOfChecks, func(c *checklist.CheckItem) string { return c.CheckID })
	})
	l.ActionByID.set(r, func(r *Resolver) fetch[*checklist.CorrectiveAction] {
		return batch(r.Checklist.ActionsByIDs, func(a *checklist.CorrectiveAction) string { return a.ID })
	})
	l.ActionByCheckItem.set(r, func(r *Resolver) fetch[*checklist.CorrectiveAction] {
		return batch(r.Checklist.ActionsOfCheckItems, func(a *checklist.CorrectiveAction) string { return a.CheckItemID })
	})
	l.NoticeByID.set(r, func(r *Resolver) fetch[*checklist.Notice] {
		return batch(r.Checklist.NoticesByIDs, func(n *checklist.Notice) string { return n.ID })
	})
	l.TariffByID.set(r, func(r *Resolver) fetch[*tariff.Tariff] {
		return batch(r.Tariffs.TariffsByIDs, func(t *tariff.Tariff) string { return t.ID })
	})
	l.QuoteByID.set(r, func(r *Resolver) fetch[*tariff.Quote] {
		return batch(r.Tariffs.QuotesByIDs, func(q *tariff.Quote) string { return q.ID })
	})
	l.StationByID.set(r, func(r *Resolver) fetch[*reconcile.Station] {
		return batch(r.Reconcile.StationsByIDs, func(s *reconcile.Station) string { return s.ID })
	})
	l.PhotoByID.set(r, func(r *Resolver) fetch[*media.Photo] {
		return batch(r.Media.PhotosByIDs, func(p *media.Photo) string { return p.ID })
	})
	l.AttachedPhotoByID.set(r, func(r *Resolver) fetch[*media.Photo] {
		return batch(r.Media.AttachedPhotos, func(p *media.Photo) string { return p.ID })
	})
	l.DeliveriesByEndpoint.set(r, func(r *Resolver) fetch[[]*partner.Delivery] {
		return grouped(r.Partners.DeliveriesOf, func(d *partner.Delivery) string { return d.EndpointID })
	})
	l.PartnerClientByID.set(r, func(r *Resolver) fetch[*partner.Client] {
		return batch(r.Partners.ClientsByIDs, func(c *partner.Client) string { return c.ID })
	})
	l.EndpointByID.set(r, func(r *Resolver) fetch[*partner.Endpoint] {
		return batch(r.Partners.EndpointsByIDs, func(e *partner.Endpoint) string { return e.ID })
	})
	l.DeliveryByID.set(r, func(r *Resolver) fetch[*partner.Delivery] {
		return batch(r.Partners.DeliveriesByIDs, func(d *partner.Delivery) string { return d.ID })
	})
	l.OperationByKey.set(r, func(r *Resolver) fetch[*partner.Operation] {
		return batch(r.Partners.OperationsByKeys, (*partner.Operation).Key)
	})
	l.AttemptsByDelivery.set(r, func(r *Resolver) fetch[[]*partner.Attempt] {
		return grouped(r.Partners.AttemptsOf, func(a *partner.Attempt) string { return a.DeliveryID })
	})
	return l
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

// ClearAll empties every loader's cache. A subscription lives as long as its connection,
// and so do the connection's loaders: each message is resolved after a clear, so it shows
// the database as it is now. Loaders not used yet have nothing to clear and stay unbuilt.
func (l *Loaders) ClearAll() {
	v := reflect.ValueOf(l).Elem()
	for i := 0; i < v.NumField(); i++ {
		if c, ok := v.Field(i).Addr().Interface().(interface{ ClearAll() }); ok {
			c.ClearAll()
		}
	}
}

// Lazy is one request's dataloader, built on its first use: a request uses one or two of
// the fifty, and building them all cost about a tenth of a look-up's allocated bytes.
// Concurrent first uses (sibling resolvers run in goroutines) build it once and share it.
// A Lazy is used through its pointer (a field of Loaders) and never copied.
type Lazy[K comparable, V any] struct {
	once   sync.Once
	loader atomic.Pointer[dataloadgen.Loader[K, V]]
	r      *Resolver
	fetch  func(*Resolver) func(context.Context, []K) ([]V, []error)
}

// fetch is the batch function of a loader keyed by string (every loader of a request is).
type fetch[V any] = func(context.Context, []string) ([]V, []error)

// set gives the loader the function making its batch function from the resolver; it
// runs at the first use, so a request pays nothing (not even a closure) for a loader it
// never uses. NewLoaders calls set before the loaders are shared.
func (z *Lazy[K, V]) set(r *Resolver, f func(*Resolver) func(context.Context, []K) ([]V, []error)) {
	z.r, z.fetch = r, f
}

// get returns the loader, building it on the first call.
func (z *Lazy[K, V]) get() *dataloadgen.Loader[K, V] {
	if l := z.loader.Load(); l != nil {
		return l
	}
	z.once.Do(func() {
		wait := loaderWait
		if z.r != nil && z.r.LoaderWait > 0 {
			wait = z.r.LoaderWait
		}
		z.loader.Store(dataloadgen.NewLoader(z.fetch(z.r), dataloadgen.WithWait(wait)))
	})
	return z.loader.Load()
}

// Load loads one key (see dataloadgen.Loader.Load).
func (z *Lazy[K, V]) Load(ctx context.Context, key K) (V, error) { return z.get().Load(ctx, key) }

// LoadThunk queues one key and returns a function waiting for its value.
func (z *Lazy[K, V]) LoadThunk(ctx context.Context, key K) func() (V, error) {
	return z.get().LoadThunk(ctx, key)
}

// LoadAll loads keys in one batch, in their order.
func (z *Lazy[K, V]) LoadAll(ctx context.Context, keys []K) ([]V, error) {
	return z.get().LoadAll(ctx, keys)
}

// LoadAllThunk queues keys and returns a function waiting for their values.
func (z *Lazy[K, V]) LoadAllThunk(ctx context.Context, keys []K) func() ([]V, error) {
	return z.get().LoadAllThunk(ctx, keys)
}

// Prime caches value for key, as if loaded, unless key is cached or queued already: a
// resolver that read it with its parent spares the loader's wait and statement.
func (z *Lazy[K, V]) Prime(key K, value V) { z.get().Prime(key, value) }

// ClearAll empties the cache of a built loader; an unbuilt one has nothing cached.
func (z *Lazy[K, V]) ClearAll() {
	if l := z.loader.Load(); l != nil {
		l.ClearAll()
	}
}
