package ticket

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// Get returns a ticket the caller may see; NOT_FOUND otherwise.
func (s *Service) Get(ctx context.Context, id string) (*Ticket, error) {
	const op = "ticket.Get"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	t := new(Ticket)
	err = Scope(s.DB.R.NewSelect().Model(t).Where("id = ?", id), p, "").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return t, apperr.Wrap(op, err)
}

// TicketsByIDs loads the visible tickets among ids (for dataloaders and node look-ups);
// callers who see no tickets get none.
func (s *Service) TicketsByIDs(ctx context.Context, ids []string) ([]*Ticket, error) {
	const op = "ticket.TicketsByIDs"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, nil
	}
	var out []*Ticket
	err = Scope(s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)), p, "").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// MyTicketsLimit bounds "my tickets": an agent with more open tickets than this has a
// problem no list will solve.
const MyTicketsLimit = 200

// MyTickets lists the caller's open tickets, the least SLA time left first (overdue
// ones first of all). The caller's own work is bounded, so it is sorted here after one
// query, which also lets a paused clock count with its frozen time left.
func (s *Service) MyTickets(ctx context.Context) ([]*Ticket, error) {
	const op = "ticket.MyTickets"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Ticket
	if err := s.DB.R.NewSelect().Model(&out).Where("assignee_id = ? AND state IN (?)", p.ID, bun.List(openStates)).
		OrderExpr("resolution_due_at, id").Limit(MyTicketsLimit).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	SortByTimeLeft(out, s.Now())
	return out, nil
}

// OpenOfOrders lists the open tickets about the orders that the caller may see, oldest
// first (one statement for any number of orders: Order.openTickets through a loader).
// Anyone who may not see tickets gets none.
func (s *Service) OpenOfOrders(ctx context.Context, orderIDs []string) ([]*Ticket, error) {
	const op = "ticket.OpenOfOrders"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, nil
	}
	var out []*Ticket
	err = Scope(s.DB.R.NewSelect().Model(&out).Where("order_id IN (?) AND state IN (?)", bun.List(orderIDs), bun.List(openStates)), p, "").
		OrderExpr("created_at, id").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// SortByTimeLeft orders tickets by SLA time left, least first; ties by age.
func SortByTimeLeft(ts []*Ticket, now time.Time) {
	left := make(map[string]time.Duration, len(ts))
	for _, t := range ts {
		if l := t.SLAAt(now).TimeLeft; l != nil {
			left[t.ID] = *l
		}
	}
	sort.SliceStable(ts, func(i, j int) bool {
		if left[ts[i].ID] != left[ts[j].ID] {
			return left[ts[i].ID] < left[ts[j].ID]
		}
		return ts[i].CreatedAt.Before(ts[j].CreatedAt)
	})
}

// Filter narrows a list of tickets.
type Filter struct {
	DepotID  string
	State    State
	Kind     Kind
	OpenOnly bool
}

// Page is one page of tickets, newest first.
type Page struct {
	Tickets []*Ticket
	db.PageInfo
}

// List pages through the visible tickets, newest first (ids are time-ordered uuid v7; see
// db.PageArgs for forward and backward pages).
func (s *Service) List(ctx context.Context, f Filter, args db.PageArgs) (*Page, error) {
	const op = "ticket.List"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	if f.DepotID != "" && !p.Reach().Covers(f.DepotID, identity.StaffRoles...) {
		// A whole depot outside the caller's reach is refused, as every depot-wide query
		// is, rather than answered with an empty page (tickets of it handed to the caller
		// are in the list without the filter).
		return nil, apperr.E(op, apperr.Forbidden).With("field", "depotId")
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = Scope(q, p, "")
		if f.DepotID != "" {
			q = q.Where("depot_id = ?", f.DepotID)
		}
		if f.State != "" {
			q = q.Where("state = ?", f.State)
		}
		if f.Kind != "" {
			q = q.Where("kind = ?", f.Kind)
		}
		if f.OpenOnly {
			q = q.Where("state IN (?)", bun.List(openStates))
		}
		return q
	}
	page := &Page{}
	page.Tickets, page.PageInfo, err = db.KeysetPage[Ticket](ctx, s.DB.R, filter, args, true)
	return page, apperr.Wrap(op, err)
}

// supervisedDepot checks that p may watch a depot's queue: its supervisors, the managers
// above it and its organisation's admins. An empty depot means the caller's own.
func supervisedDepot(op string, p *identity.Principal, depotID string) (string, error) {
	if depotID == "" {
		depotID = p.DepotID
	}
	if oversees(p, depotID) {
		return depotID, nil
	}
	return "", apperr.E(op, apperr.Forbidden)
}

// Unowned lists a depot's open tickets that nobody owns: never assigned, or owned by
// someone who has left. Supervisors of the depot, managers and admins (FORBIDDEN
// otherwise).
func (s *Service) Unowned(ctx context.Context, depotID string) ([]*Ticket, error) {
	const op = "ticket.Unowned"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	if depotID, err = supervisedDepot(op, p, depotID); err != nil {
		return nil, err
	}
	var out []*Ticket
	err = s.DB.R.NewSelect().Model(&out).Where("depot_id = ? AND state IN (?)", depotID, bun.List(openStates)).
		Where("(assignee_id IS NULL OR assignee_id NOT IN (?))", identity.ActiveStaffIDs(s.DB.R)).
		OrderExpr("resolution_due_at").Limit(MyTicketsLimit).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// BrokenPromises lists a depot's tickets whose promised time passed before they were
// resolved (still open past the promise, or resolved late), most recent promise first.
// Supervisors of the depot, managers and admins (FORBIDDEN otherwise).
func (s *Service) BrokenPromises(ctx context.Context, depotID string) ([]*Ticket, error) {
	const op = "ticket.BrokenPromises"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	if depotID, err = supervisedDepot(op, p, depotID); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	var out []*Ticket
	err = s.DB.R.NewSelect().Model(&out).Where("depot_id = ? AND promised_at IS NOT NULL", depotID).
		Where("((resolved_at IS NULL AND promised_at < ?) OR resolved_at > promised_at)", now).
		OrderExpr("promised_at DESC").Limit(MyTicketsLimit).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// EntriesOf loads the timelines of the given tickets, oldest first (for dataloaders; the
// tickets were loaded through a visibility check).
func (s *Service) EntriesOf(ctx context.Context, ticketIDs []string) ([]*Entry, error) {
	var out []*Entry
	err := s.DB.R.NewSelect().Model(&out).Where("ticket_id IN (?)", bun.List(ticketIDs)).OrderExpr("created_at, id").Scan(ctx)
	return out, apperr.Wrap("ticket.EntriesOf", err)
}

// AtRisk is an open ticket whose owner's shift has ended and who is not on duty now:
// nobody is working it until they come back, unless it is handed over.
type AtRisk struct {
	Ticket       *Ticket
	OwnerID      string
	ShiftEndedAt time.Time
}

// AtRisk lists a depot's open tickets whose owner went off shift without handing them
// over (their latest shift ended and no shift of theirs is running now), the longest off
// shift first. Three queries however many tickets. Supervisors of the depot (default
// their depot), managers and admins (FORBIDDEN otherwise).
func (s *Service) AtRisk(ctx context.Context, depotID string) ([]*AtRisk, error) {
	const op = "ticket.AtRisk"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, err
	}
	if depotID, err = supervisedDepot(op, p, depotID); err != nil {
		return nil, err
	}
	var open []*Ticket
	if err := s.DB.R.NewSelect().Model(&open).Where("depot_id = ? AND state IN (?) AND assignee_id IS NOT NULL", depotID, bun.List(openStates)).
		OrderExpr("resolution_due_at").Limit(ReportLimit).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	owners := map[string]bool{}
	var ids []string
	for _, t := range open {
		if !owners[*t.AssigneeID] {
			owners[*t.AssigneeID] = true
			ids = append(ids, *t.AssigneeID)
		}
	}
	ended, err := s.Roster.ShiftsEndedBy(ctx, ids, s.Now())
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	out := []*AtRisk{}
	for _, t := range open {
		if e := ended[*t.AssigneeID]; e != nil && !e.OnDuty {
			out = append(out, &AtRisk{Ticket: t, OwnerID: *t.AssigneeID, ShiftEndedAt: e.EndedAt})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ShiftEndedAt.Before(out[j].ShiftEndedAt) })
	return out, nil
}
