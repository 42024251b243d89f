package graph

import (
	"context"
	"net/http"
	"reflect"
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
	StaffByID    *dataloadgen.Loader[string, *identity.Staff]
	RolesByStaff *dataloadgen.Loader[string, []identity.Role]
	OrgUnitByID  *dataloadgen.Loader[string, *identity.OrgUnit]
	ChildrenByID *dataloadgen.Loader[string, []*identity.OrgUnit]
	PunchByID    *dataloadgen.Loader[string, *roster.Punch]

	ShiftTypeByID         *dataloadgen.Loader[string, *roster.ShiftType]
	SwapByID              *dataloadgen.Loader[string, *roster.ShiftSwap]
	OpenShiftByID         *dataloadgen.Loader[string, *roster.OpenShiftView]
	RosterByID            *dataloadgen.Loader[string, *roster.Roster]
	AssignmentByID        *dataloadgen.Loader[string, *roster.Assignment]
	LeaveByID             *dataloadgen.Loader[string, *roster.LeaveRequest]
	LeaveTypeByID         *dataloadgen.Loader[string, *roster.LeaveType]
	AssignmentsByRoster   *dataloadgen.Loader[string, []*roster.Assignment]
	ApprovedLeaveByRoster *dataloadgen.Loader[string, []*roster.LeaveRequest]
	StepsByLeave          *dataloadgen.Loader[string, []*roster.LeaveApproval]
	BalanceByLeave        *dataloadgen.Loader[string, *roster.LeaveBalance]
	OrderByID             *dataloadgen.Loader[string, *order.Order]
	VerificationsByOrder  *dataloadgen.Loader[string, []*order.Verification]
	HistoryByOrder        *dataloadgen.Loader[string, []*order.HistoryEntry]
	ReturnByOrder         *dataloadgen.Loader[string, *order.Return]
	EventsByOrder         *dataloadgen.Loader[string, []*tracking.Event]
	ArrivalByOrder        *dataloadgen.Loader[string, *tracking.Arrival]
	RoundByID             *dataloadgen.Loader[string, *tracking.Round]
	RoundItemByID         *dataloadgen.Loader[string, *tracking.RoundItem]
	ItemsByRound          *dataloadgen.Loader[string, []*tracking.RoundItem]

	TicketByID          *dataloadgen.Loader[string, *ticket.Ticket]
	EntriesByTicket     *dataloadgen.Loader[string, []*ticket.Entry]
	EscalationsByTicket *dataloadgen.Loader[string, []*ticket.Escalation]
	HandoversByTicket   *dataloadgen.Loader[string, []*ticket.Handover]
	ClaimsByTicket      *dataloadgen.Loader[string, []*ticket.Claim]
	BreachesByTicket    *dataloadgen.Loader[string, []*ticket.Breach]
	EventsByClaim       *dataloadgen.Loader[string, []*ticket.ClaimEvent]
	OverShortByID       *dataloadgen.Loader[string, *ticket.OverShortReport]
	ClaimByID           *dataloadgen.Loader[string, *ticket.Claim]
	TemplateByID        *dataloadgen.Loader[string, *checklist.Template]
	ReceiptsByNotice    *dataloadgen.Loader[string, []*checklist.NoticeReader]
	OpenTicketsByOrder  *dataloadgen.Loader[string, []*ticket.Ticket]
	ItemsByTemplate     *dataloadgen.Loader[string, []*checklist.Item]
	ChecklistItemByID   *dataloadgen.Loader[string, *checklist.Item]
	CheckByID           *dataloadgen.Loader[string, *checklist.Check]
	ItemsByCheck        *dataloadgen.Loader[string, []*checklist.CheckItem]
	ActionByID          *dataloadgen.Loader[string, *checklist.CorrectiveAction]
	ActionByCheckItem   *dataloadgen.Loader[string, *checklist.CorrectiveAction]
	NoticeByID          *dataloadgen.Loader[string, *checklist.Notice]
	TariffByID          *dataloadgen.Loader[string, *tariff.Tariff]
	QuoteByID           *dataloadgen.Loader[string, *tariff.Quote]
	StationByID         *dataloadgen.Loader[string, *reconcile.Station]
	PhotoByID           *dataloadgen.Loader[string, *media.Photo]
	// AttachedPhotoByID loads photos without the viewer check, for records (returns)
	// whose own visibility already decided who sees their photos.
	AttachedPhotoByID    *dataloadgen.Loader[string, *media.Photo]
	DeliveriesByEndpoint *dataloadgen.Loader[string, []*partner.Delivery]
	PartnerClientByID    *dataloadgen.Loader[string, *partner.Client]
	EndpointByID         *dataloadgen.Loader[string, *partner.Endpoint]
	DeliveryByID         *dataloadgen.Loader[string, *partner.Delivery]
	OperationByKey       *dataloadgen.Loader[string, *partner.Operation]
	AttemptsByDelivery   *dataloadgen.Loader[string, []*partner.Attempt]
}

// loaderWait is how long a loader collects keys before it queries. gqlgen resolves sibling
// fields in goroutines; at 1 ms a loaded machine sometimes split one level into two batches.
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
	opt := dataloadgen.WithWait(loaderWait)
	return &Loaders{
		StaffByID:           dataloadgen.NewLoader(batch(r.Identity.StaffByIDs, func(s *identity.Staff) string { return s.ID }), opt),
		RolesByStaff:        dataloadgen.NewLoader(inOrder(r.Identity.RolesByStaff), opt),
		ReceiptsByNotice:    dataloadgen.NewLoader(grouped(r.Checklist.ReadReceipts, func(x *checklist.NoticeReader) string { return x.NoticeID }), opt),
		OpenTicketsByOrder:  dataloadgen.NewLoader(grouped(r.TicketService.OpenOfOrders, func(t *ticket.Ticket) string { return *t.OrderID }), opt),
		OrgUnitByID:         dataloadgen.NewLoader(batch(r.Identity.OrgUnitsByIDs, func(u *identity.OrgUnit) string { return u.ID }), opt),
		PunchByID:           dataloadgen.NewLoader(batch(r.Roster.PunchesByIDs, func(p *roster.Punch) string { return p.ID }), opt),
		ShiftTypeByID:       dataloadgen.NewLoader(batch(r.Roster.ShiftTypesByIDs, func(t *roster.ShiftType) string { return t.ID }), opt),
		SwapByID:            dataloadgen.NewLoader(batch(r.Roster.SwapsByIDs, func(s *roster.ShiftSwap) string { return s.ID }), opt),
		OpenShiftByID:       dataloadgen.NewLoader(batch(r.Roster.OpenShiftsByIDs, func(o *roster.OpenShiftView) string { return o.ID }), opt),
		RosterByID:          dataloadgen.NewLoader(batch(r.Roster.RostersByIDs, func(x *roster.Roster) string { return x.ID }), opt),
		AssignmentByID:      dataloadgen.NewLoader(batch(r.Roster.AssignmentsByIDs, func(a *roster.Assignment) string { return a.ID }), opt),
		LeaveByID:           dataloadgen.NewLoader(batch(r.Roster.LeavesByIDs, func(l *roster.LeaveRequest) string { return l.ID }), opt),
		LeaveTypeByID:       dataloadgen.NewLoader(batch(r.Roster.LeaveTypesByIDs, func(t *roster.LeaveType) string { return t.ID }), opt),
		AssignmentsByRoster: dataloadgen.NewLoader(grouped(r.Roster.AssignmentsOfRosters, func(a *roster.Assignment) string { return a.RosterID }), opt),
		StepsByLeave:        dataloadgen.NewLoader(grouped(r.Roster.StepsOfLeaves, func(s *roster.LeaveApproval) string { return s.LeaveID }), opt),
		BalanceByLeave: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*roster.LeaveBalance, []error) {
			m, err := r.Roster.BalancesOfLeaves(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			out := make([]*roster.LeaveBalance, len(ids))
			for i, id := range ids {
				out[i] = m[id]
			}
			return out, nil
		}, opt),
		ApprovedLeaveByRoster: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([][]*roster.LeaveRequest, []error) {
			m, err := r.Roster.ApprovedLeaveOfRosters(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			out := make([][]*roster.LeaveRequest, len(ids))
			for i, id := range ids {
				out[i] = m[id]
			}
			return out, nil
		}, opt),

		OrderByID:            dataloadgen.NewLoader(batch(r.OrderService.OrdersByIDs, func(o *order.Order) string { return o.ID }), opt),
		VerificationsByOrder: dataloadgen.NewLoader(grouped(r.OrderService.VerificationsOf, func(v *order.Verification) string { return v.OrderID }), opt),
		HistoryByOrder:       dataloadgen.NewLoader(grouped(r.OrderService.HistoryOf, func(h *order.HistoryEntry) string { return h.OrderID }), opt),
		ReturnByOrder:        dataloadgen.NewLoader(batch(r.OrderService.ReturnsOf, func(x *order.Return) string { return x.OrderID }), opt),
		EventsByOrder:        dataloadgen.NewLoader(grouped(r.Tracking.EventsOf, func(e *tracking.Event) string { return e.OrderID }), opt),
		ArrivalByOrder:       dataloadgen.NewLoader(batch(r.Tracking.ArrivalsOf, func(a *tracking.Arrival) string { return a.OrderID }), opt),
		RoundByID:            dataloadgen.NewLoader(batch(r.Tracking.RoundsByIDs, func(x *tracking.Round) string { return x.ID }), opt),
		RoundItemByID:        dataloadgen.NewLoader(batch(r.Tracking.RoundItemsByIDs, func(x *tracking.RoundItem) string { return x.ID }), opt),
		ItemsByRound:         dataloadgen.NewLoader(grouped(r.Tracking.ItemsOfRounds, func(x *tracking.RoundItem) string { return x.RoundID }), opt),
		ChildrenByID:         dataloadgen.NewLoader(grouped(r.Identity.ChildrenOf, func(u *identity.OrgUnit) string { return *u.ParentID }), opt),

		TicketByID:           dataloadgen.NewLoader(batch(r.TicketService.TicketsByIDs, func(t *ticket.Ticket) string { return t.ID }), opt),
		EntriesByTicket:      dataloadgen.NewLoader(grouped(r.TicketService.EntriesOf, func(e *ticket.Entry) string { return e.TicketID }), opt),
		EscalationsByTicket:  dataloadgen.NewLoader(grouped(r.TicketService.EscalationsOf, func(e *ticket.Escalation) string { return e.TicketID }), opt),
		HandoversByTicket:    dataloadgen.NewLoader(grouped(r.TicketService.HandoversOf, func(h *ticket.Handover) string { return h.TicketID }), opt),
		ClaimsByTicket:       dataloadgen.NewLoader(grouped(r.TicketService.ClaimsOf, func(c *ticket.Claim) string { return c.TicketID }), opt),
		BreachesByTicket:     dataloadgen.NewLoader(grouped(r.TicketService.BreachesOf, func(b *ticket.Breach) string { return b.TicketID }), opt),
		EventsByClaim:        dataloadgen.NewLoader(grouped(r.TicketService.ClaimEventsOf, func(e *ticket.ClaimEvent) string { return e.ClaimID }), opt),
		OverShortByID:        dataloadgen.NewLoader(batch(r.TicketService.OverShortByIDs, func(x *ticket.OverShortReport) string { return x.ID }), opt),
		ClaimByID:            dataloadgen.NewLoader(batch(r.TicketService.ClaimsByIDs, func(c *ticket.Claim) string { return c.ID }), opt),
		TemplateByID:         dataloadgen.NewLoader(batch(r.Checklist.TemplatesByIDs, func(t *checklist.Template) string { return t.ID }), opt),
		ItemsByTemplate:      dataloadgen.NewLoader(grouped(r.Checklist.ItemsOfTemplates, func(i *checklist.Item) string { return i.TemplateID }), opt),
		ChecklistItemByID:    dataloadgen.NewLoader(batch(r.Checklist.ItemsByIDs, func(i *checklist.Item) string { return i.ID }), opt),
		CheckByID:            dataloadgen.NewLoader(batch(r.Checklist.ChecksByIDs, func(c *checklist.Check) string { return c.ID }), opt),
		ItemsByCheck:         dataloadgen.NewLoader(grouped(r.Checklist.ItemsOfChecks, func(c *checklist.CheckItem) string { return c.CheckID }), opt),
		ActionByID:           dataloadgen.NewLoader(batch(r.Checklist.ActionsByIDs, func(a *checklist.CorrectiveAction) string { return a.ID }), opt),
		ActionByCheckItem:    dataloadgen.NewLoader(batch(r.Checklist.ActionsOfCheckItems, func(a *checklist.CorrectiveAction) string { return a.CheckItemID }), opt),
		NoticeByID:           dataloadgen.NewLoader(batch(r.Checklist.NoticesByIDs, func(n *checklist.Notice) string { return n.ID }), opt),
		TariffByID:           dataloadgen.NewLoader(batch(r.Tariffs.TariffsByIDs, func(t *tariff.Tariff) string { return t.ID }), opt),
		QuoteByID:            dataloadgen.NewLoader(batch(r.Tariffs.QuotesByIDs, func(q *tariff.Quote) string { return q.ID }), opt),
		StationByID:          dataloadgen.NewLoader(batch(r.Reconcile.StationsByIDs, func(s *reconcile.Station) string { return s.ID }), opt),
		PhotoByID:            dataloadgen.NewLoader(batch(r.Media.PhotosByIDs, func(p *media.Photo) string { return p.ID }), opt),
		AttachedPhotoByID:    dataloadgen.NewLoader(batch(r.Media.AttachedPhotos, func(p *media.Photo) string { return p.ID }), opt),
		DeliveriesByEndpoint: dataloadgen.NewLoader(grouped(r.Partners.DeliveriesOf, func(d *partner.Delivery) string { return d.EndpointID }), opt),
		PartnerClientByID:    dataloadgen.NewLoader(batch(r.Partners.ClientsByIDs, func(c *partner.Client) string { return c.ID }), opt),
		EndpointByID:         dataloadgen.NewLoader(batch(r.Partners.EndpointsByIDs, func(e *partner.Endpoint) string { return e.ID }), opt),
		DeliveryByID:         dataloadgen.NewLoader(batch(r.Partners.DeliveriesByIDs, func(d *partner.Delivery) string { return d.ID }), opt),
		OperationByKey:       dataloadgen.NewLoader(batch(r.Partners.OperationsByKeys, (*partner.Operation).Key), opt),
		AttemptsByDelivery:   dataloadgen.NewLoader(grouped(r.Partners.AttemptsOf, func(a *partner.Attempt) string { return a.DeliveryID }), opt),
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

// ClearAll empties every loader's cache. A subscription lives as long as its connection,
// and so do the connection's loaders: each message is resolved after a clear, so it shows
// the database as it is now.
func (l *Loaders) ClearAll() {
	v := reflect.ValueOf(l).Elem()
	for i := 0; i < v.NumField(); i++ {
		if c, ok := v.Field(i).Interface().(interface{ ClearAll() }); ok {
			c.ClearAll()
		}
	}
}
