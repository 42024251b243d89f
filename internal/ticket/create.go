package ticket

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	freetext "github.com/expresscs/cs/internal/text"
)

// NewTicket is a ticket as the agent opens it.
type NewTicket struct {
	Kind          Kind
	ExceptionKind ExceptionKind // required for EXCEPTION, empty otherwise
	Priority      Priority      // empty: chosen from the kind
	Summary       string
	OrderID       string // optional: the order it concerns
	WaybillNo     string // optional: the waybill it concerns, when no order id is given
	CustomerName  string
	CustomerPhone string
	// Unassigned leaves the ticket in the depot's queue for the supervisor to assign;
	// otherwise the caller owns it.
	Unassigned bool
}

// DefaultPriority is the priority a ticket gets when none is chosen: complaints and lost
// or damaged goods are HIGH, everything else NORMAL.
func DefaultPriority(k Kind, e ExceptionKind) Priority {
	if k == Complaint || (k == Exception && (e == Loss || e == Damage)) {
		return High
	}
	return Normal
}

func (n *NewTicket) validate(op string) error {
	if !slices.Contains(Kinds, n.Kind) {
		return apperr.Invalid(op, "kind", "工单类型无效", "Unknown ticket kind")
	}
	if n.Kind == Exception && !slices.Contains(exceptionKinds, n.ExceptionKind) {
		return apperr.Invalid(op, "exceptionKind", "异常工单须选择异常类型", "An exception ticket needs an exception kind")
	}
	if n.Kind != Exception && n.ExceptionKind != "" {
		return apperr.Invalid(op, "exceptionKind", "只有异常工单有异常类型", "Only exception tickets have an exception kind")
	}
	if n.Priority == "" {
		n.Priority = DefaultPriority(n.Kind, n.ExceptionKind)
	}
	if !slices.Contains(Priorities, n.Priority) {
		return apperr.Invalid(op, "priority", "优先级无效", "Unknown priority")
	}
	if err := text(op, "summary", &n.Summary, 2, 500, "请简述问题(2 到 500 字)", "Summarise the problem (2 to 500 characters)"); err != nil {
		return err
	}
	if err := text(op, "customerName", &n.CustomerName, 1, 50, "请填写客户姓名(最多 50 字)", "Give the customer's name (at most 50 characters)"); err != nil {
		return err
	}
	phone, ok := order.NormalizePhone(n.CustomerPhone)
	if !ok {
		return apperr.Invalid(op, "customerPhone", "客户电话格式不正确", "The customer's phone number is not valid")
	}
	n.CustomerPhone = phone
	return nil
}

// Create opens a ticket at the caller's depot (or the depot of the order it concerns).
// Agents, supervisors, managers and admins. Returns BAD_USER_INPUT for invalid fields,
// WAYBILL_CHECK_DIGIT for a mistyped waybill number, NOT_FOUND for an order the caller
// cannot see. A retry with the same key returns the first ticket.
func (s *Service) Create(ctx context.Context, key string, in NewTicket) (*Ticket, bool, error) {
	const op = "ticket.Create"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if err := in.validate(op); err != nil {
		return nil, false, err
	}
	var o *order.Order
	switch {
	case in.OrderID != "":
		o, err = s.Orders.Get(ctx, in.OrderID)
	case in.WaybillNo != "":
		o, err = s.Orders.ByWaybill(ctx, in.WaybillNo)
	}
	if err != nil {
		return nil, false, err
	}
	return s.open(ctx, op, key, p, in, o)
}

// CreateFromOrder opens a ticket about an order with the least input: the customer is
// the chosen side of the order (the consignor when none is chosen), the summary defaults
// is the note, which is required (TICKET_DESCRIPTION_REQUIRED when blank), the priority
// the kind's default. Same callers and codes as Create.
func (s *Service) CreateFromOrder(ctx context.Context, key, orderID string, k Kind, e ExceptionKind, party order.PartyRole, note string) (*Ticket, bool, error) {
	const op = "ticket.CreateFromOrder"
	p, err := Viewer(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	o, err := s.Orders.Get(ctx, orderID)
	if err != nil {
		return nil, false, err
	}
	c := o.Consignor
	if party == order.RoleConsignee {
		c = o.Consignee
	}
	note, err = noteRule.Clean(op, note)
	if err != nil {
		return nil, false, err
	}
	if note == "" {
		return nil, false, apperr.E(op, apperr.TicketDescriptionRequired)
	}
	in := NewTicket{Kind: k, ExceptionKind: e, Summary: note, CustomerName: c.Name, CustomerPhone: c.Phone}
	if err := in.validate(op); err != nil {
		return nil, false, err
	}
	return s.open(ctx, op, key, p, in, o)
}

// noteRule is the description of a ticket opened from an order: free text, refused when
// blank with TICKET_DESCRIPTION_REQUIRED rather than BAD_USER_INPUT.
var noteRule = freetext.Rule{Field: "note", Max: afterSalesSummaryMax, Optional: true, Multiline: true}

// open writes a new ticket with its SLA targets taken from the organisation's policy.
func (s *Service) open(ctx context.Context, op, key string, p *identity.Principal, in NewTicket, o *order.Order) (*Ticket, bool, error) {
	depot := p.DepotID
	var orderID *string
	waybill := ""
	if o != nil {
		depot, orderID, waybill = o.DepotID, &o.ID, o.WaybillNo
	}
	now := s.Now().UTC()
	var t *Ticket
	var replayed bool
	var err error
	t, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (*Ticket, error) {
		return s.insert(ctx, tx, p.ID, depot, in, orderID, waybill, now)
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return t, replayed, nil
}

// insert writes a new ticket by actorID at depot with its SLA targets taken from the
// organisation's policy, its first entry, and its announcement, in tx.
func (s *Service) insert(ctx context.Context, tx bun.Tx, actorID, depot string, in NewTicket, orderID *string, waybill string, now time.Time) (*Ticket, error) {
	org, err := identity.OrgOf(ctx, tx, depot)
	if err != nil {
		return nil, err
	}
	pol, err := policy(ctx, tx, org, in.Kind, in.Priority)
	if err != nil {
		return nil, err
	}
	t := &Ticket{ID: newID(), OrgID: org, DepotID: depot, Kind: in.Kind, ExceptionKind: in.ExceptionKind,
		Priority: in.Priority, State: New, Summary: in.Summary, OrderID: orderID, WaybillNo: waybill,
		CustomerName: in.CustomerName, CustomerPhone: in.CustomerPhone, CreatedBy: actorID,
		FirstResponseMinutes: pol.FirstResponseMinutes, ResolutionMinutes: pol.ResolutionMinutes,
		FirstResponseDueAt: now.Add(minutes(pol.FirstResponseMinutes)), ResolutionDueAt: now.Add(minutes(pol.ResolutionMinutes)),
		Version: 1, CreatedAt: now, UpdatedAt: now}
	if !in.Unassigned {
		t.AssigneeID = &actorID
	}
	if _, err := tx.NewInsert().Model(t).Exec(ctx); err != nil {
		return nil, err
	}
	if err := addEntry(ctx, tx, t.ID, EntryCreated, &actorID, in.Summary, "", New, nil, now); err != nil {
		return nil, err
	}
	return t, s.announce(ctx, tx, t)
}

// afterSalesSummaryMax bounds an after-sales ticket's summary (a ticket summary's limit).
const afterSalesSummaryMax = 500

// OpenAfterSales opens the after-sales ticket of a shipped order's change or
// cancellation (order.AfterSalesDesk), inside the order change's transaction: an
// enquiry of HIGH priority (the parcel is moving; a recall or redirect cannot wait) at
// the order's depot, linked to the order, with the customer (the sender) and the
// customer's request as its summary, owned by the staff member who took the request,
// with the organisation's SLA. The order change checked the caller.
func (s *Service) OpenAfterSales(ctx context.Context, tx bun.Tx, req order.AfterSalesRequest) (string, error) {
	o := req.Order
	summary := []rune("售后:客户要求" + req.Request + " — " + o.WaybillNo)
	if len(summary) > afterSalesSummaryMax {
		summary = summary[:afterSalesSummaryMax]
	}
	in := NewTicket{Kind: Enquiry, Priority: High, Summary: string(summary),
		CustomerName: o.Consignor.Name, CustomerPhone: o.Consignor.Phone}
	t, err := s.insert(ctx, tx, req.ActorID, o.DepotID, in, &o.ID, o.WaybillNo, s.Now().UTC())
	if err != nil {
		return "", err
	}
	return t.ID, nil
}
