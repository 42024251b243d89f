package order

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// Service is the order capability.
type Service struct {
	DB   *db.DB
	Zone *time.Location // the organisation's zone, for remark dates and promised arrivals
	Now  func() time.Time
}

// Partner scopes that open orders to a partner client.
const (
	ScopeOrdersRead = "orders:read"
)

// Who sees which orders: agents and supervisors those of their depot, managers and
// admins all, a partner client with orders:read those whose partner is them. Verifiers
// work on over/short-goods reports and see no orders here.

// Viewer returns the caller if they may read orders at all. UNAUTHENTICATED without a
// token, FORBIDDEN for other roles or a partner without the scope.
func Viewer(ctx context.Context, op string, scope string) (*identity.Principal, error) {
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return nil, apperr.E(op, apperr.Unauthenticated)
	}
	if p.Kind == identity.KindPartner {
		if !slices.Contains(p.Scopes, scope) {
			return nil, apperr.E(op, apperr.Forbidden)
		}
		return p, nil
	}
	if !p.HasAnyRole(identity.RoleAgent, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return p, nil
}

// Scope narrows a query over orders (aliased as prefix, e.g. "o." or "") to what p may see.
func Scope(q *bun.SelectQuery, p *identity.Principal, prefix string) *bun.SelectQuery {
	switch {
	case p.Kind == identity.KindPartner:
		return q.Where(prefix+"partner_client_id = ?", p.ID)
	case p.HasAnyRole(identity.RoleManager, identity.RoleAdmin):
		return q
	default:
		return q.Where(prefix+"depot_id = ?", p.DepotID)
	}
}

// CanSee reports whether p may read o.
func CanSee(p *identity.Principal, o *Order) bool {
	switch {
	case p == nil:
		return false
	case p.Kind == identity.KindPartner:
		return o.PartnerClientID != nil && *o.PartnerClientID == p.ID
	case p.HasAnyRole(identity.RoleManager, identity.RoleAdmin):
		return true
	default:
		return p.HasAnyRole(identity.RoleAgent, identity.RoleSupervisor) && o.DepotID == p.DepotID
	}
}

// CanAct reports whether p may change o: staff of the order's depot, managers and admins.
// Partners never change orders.
func CanAct(p *identity.Principal, o *Order) bool {
	return p != nil && p.Kind == identity.KindStaff && CanSee(p, o)
}

// Actor returns the calling staff member for write operations: UNAUTHENTICATED without
// a token, FORBIDDEN for partners and for staff without an order-handling role.
func Actor(ctx context.Context, op string) (*identity.Principal, error) {
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasAnyRole(identity.RoleAgent, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return p, nil
}

// Get returns the order with id if the caller may see it; NOT_FOUND otherwise (an order
// the caller may not see does not exist for them).
func (s *Service) Get(ctx context.Context, id string) (*Order, error) {
	const op = "order.Get"
	p, err := Viewer(ctx, op, ScopeOrdersRead)
	if err != nil {
		return nil, err
	}
	o := new(Order)
	err = Scope(s.DB.R.NewSelect().Model(o).Where("id = ?", id), p, "").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return o, apperr.Wrap(op, err)
}

// ByWaybill finds a visible order by its waybill number. The number is checked before
// any query: BAD_USER_INPUT for a wrong layout, WAYBILL_CHECK_DIGIT for a mistyped one,
// NOT_FOUND when there is no such order the caller may see.
func (s *Service) ByWaybill(ctx context.Context, waybillNo string) (*Order, error) {
	const op = "order.ByWaybill"
	w, err := NormalizeWaybillNo(op, waybillNo)
	if err != nil {
		return nil, err
	}
	p, err := Viewer(ctx, op, ScopeOrdersRead)
	if err != nil {
		return nil, err
	}
	o := new(Order)
	err = Scope(s.DB.R.NewSelect().Model(o).Where("waybill_no = ?", w), p, "").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(op, apperr.NotFound)
	}
	return o, apperr.Wrap(op, err)
}

// OrdersByIDs loads the visible orders among ids (for dataloaders and node look-ups).
func (s *Service) OrdersByIDs(ctx context.Context, ids []string) ([]*Order, error) {
	const op = "order.OrdersByIDs"
	p, err := Viewer(ctx, op, ScopeOrdersRead)
	if err != nil {
		return nil, err
	}
	var out []*Order
	err = Scope(s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)), p, "").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// Filter narrows a list of orders.
type Filter struct {
	DepotID string // managers and admins may pick a depot; others are held to theirs
	State   State
	Late    bool // only orders past their expected arrival and not yet delivered
	// Search finds a customer: part of the sender's or receiver's name, a full phone
	// number, or the last four digits of either phone.
	Search string
}

var lastFour = regexp.MustCompile(`^\d{4}$`)

// searchCondition turns a customer search into a condition on the orders table.
func searchCondition(op, search string) (string, []any, error) {
	search = strings.TrimSpace(search)
	if n := len([]rune(search)); n == 0 || n > 50 {
		return "", nil, apperr.Invalid(op, "search", "请输入 1 到 50 个字的姓名或电话", "Enter 1 to 50 characters of a name or phone number")
	}
	if lastFour.MatchString(search) {
		return "(consignor_phone LIKE ? OR consignee_phone LIKE ?)", []any{"%" + search, "%" + search}, nil
	}
	if phone, ok := NormalizePhone(search); ok {
		return "(consignor_phone = ? OR consignee_phone = ?)", []any{phone, phone}, nil
	}
	// A name, or part of one; LIKE's wildcards in the input are taken literally.
	escaped := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(search)
	return `(consignor_name LIKE ? ESCAPE '\' OR consignee_name LIKE ? ESCAPE '\')`, []any{"%" + escaped + "%", "%" + escaped + "%"}, nil
}

// Page is one page of orders, newest first.
type Page struct {
	Orders  []*Order
	HasMore bool
	Total   int
}

// List pages through the visible orders, newest first (ids are time-ordered uuid v7):
// `first` rows after the id `after`.
func (s *Service) List(ctx context.Context, f Filter, first int, after string) (*Page, error) {
	const op = "order.List"
	p, err := Viewer(ctx, op, ScopeOrdersRead)
	if err != nil {
		return nil, err
	}
	var search string
	var searchArgs []any
	if f.Search != "" {
		if search, searchArgs, err = searchCondition(op, f.Search); err != nil {
			return nil, err
		}
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = Scope(q, p, "")
		if search != "" {
			q = q.Where(search, searchArgs...)
		}
		if f.DepotID != "" {
			q = q.Where("depot_id = ?", f.DepotID)
		}
		if f.State != "" {
			q = q.Where("state = ?", f.State)
		}
		if f.Late {
			// parcel_open: released and not yet signed for or returned (a generated column
			// with a partial index, so tracking updates stay heap-only).
			q = q.Where("parcel_open AND eta < ?", s.Now().UTC())
		}
		return q
	}
	page := &Page{}
	page.Orders, page.HasMore, page.Total, err = db.KeysetPage[Order](ctx, s.DB.R, filter, first, after, true)
	return page, apperr.Wrap(op, err)
}

// terminalStatuses are tracking statuses after which a parcel's journey is over.
var terminalStatuses = []string{"SIGNED", "RETURNED"}

// IsDelivered reports whether the parcel's journey is over (signed for or returned).
func (o *Order) IsDelivered() bool { return slices.Contains(terminalStatuses, o.TrackingStatus) }

// IsLate reports whether the parcel is past its expected arrival and still travelling: a
// late parcel is an exception (延误).
func (o *Order) IsLate(now time.Time) bool {
	return o.State == Released && !o.IsDelivered() && now.After(o.ETA)
}

// VerificationsOf loads the verifications of the given orders (for dataloaders). The
// orders themselves were loaded through a visibility check.
func (s *Service) VerificationsOf(ctx context.Context, orderIDs []string) ([]*Verification, error) {
	var out []*Verification
	err := s.DB.R.NewSelect().Model(&out).Where("order_id IN (?)", bun.List(orderIDs)).OrderExpr("verified_at, element").Scan(ctx)
	return out, apperr.Wrap("order.VerificationsOf", err)
}

// HistoryOf loads the history of the given orders, oldest first (for dataloaders).
func (s *Service) HistoryOf(ctx context.Context, orderIDs []string) ([]*HistoryEntry, error) {
	var out []*HistoryEntry
	err := s.DB.R.NewSelect().Model(&out).Where("order_id IN (?)", bun.List(orderIDs)).OrderExpr("created_at, id").Scan(ctx)
	return out, apperr.Wrap("order.HistoryOf", err)
}

// Party names one side of an order, for revealing.
type PartyRole string

// The two sides.
const (
	RoleConsignor PartyRole = "CONSIGNOR"
	RoleConsignee PartyRole = "CONSIGNEE"
)

// RevealContact returns one side's full phone number and address and records the read
// in the audit log and the order's history. Staff of the order's depot, managers and
// admins only; partners never. Returns BAD_USER_INPUT without a reason, NOT_FOUND for an
// order the caller cannot see, FORBIDDEN for other callers.
func (s *Service) RevealContact(ctx context.Context, orderID string, role PartyRole, reason string) (*Party, error) {
	const op = "order.RevealContact"
	p, err := Actor(ctx, op)
	if err != nil {
		return nil, err
	}
	if n := len([]rune(reason)); n < 2 || n > 200 {
		return nil, apperr.Invalid(op, "reason", "请说明查看原因(2 到 200 字)", "Give a reason (2 to 200 characters)")
	}
	if role != RoleConsignor && role != RoleConsignee {
		return nil, apperr.Invalid(op, "party", "请选择寄件人或收件人", "Choose the consignor or the consignee")
	}
	var party Party
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		o := new(Order)
		if err := tx.NewSelect().Model(o).Where("id = ?", orderID).Scan(ctx); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.E(op, apperr.NotFound)
			}
			return err
		}
		if !CanAct(p, o) {
			return apperr.E(op, apperr.NotFound)
		}
		party = o.Consignor
		if role == RoleConsignee {
			party = o.Consignee
		}
		now := s.Now().UTC()
		entry := &identity.AuditEntry{ID: uuid.Must(uuid.NewV7()).String(), ActorKind: string(p.Kind), ActorID: p.ID,
			Action: "order.contact.reveal", SubjectType: "Order", SubjectID: o.ID, Reason: string(role) + ": " + reason,
			RequestID: identity.RequestIDFrom(ctx), CreatedAt: now}
		if _, err := tx.NewInsert().Model(entry).Exec(ctx); err != nil {
			return err
		}
		name, err := staffName(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		return addHistory(ctx, tx, &HistoryEntry{OrderID: o.ID, Kind: HistReveal, Action: string(role),
			Remark: "", ChangedFields: "", ActorID: p.ID, ActorName: name, CreatedAt: now}, nil, nil)
	})
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return &party, nil
}

// Missing lists the elements of o not yet verified, in checking order.
func Missing(o *Order, done []*Verification) []Element {
	out := []Element{}
	for _, e := range Elements {
		if !slices.ContainsFunc(done, func(v *Verification) bool { return v.Element == e }) {
			out = append(out, e)
		}
	}
	return out
}
