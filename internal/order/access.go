package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// Service is the order capability.
type Service struct {
	DB   *db.DB
	Zone *time.Location // the organisation's zone, for remark dates and promised arrivals
	Now  func() time.Time
	// MaxDeclaredValueFen is the highest declared (insured) value accepted, in fen;
	// 0 means DefaultMaxDeclaredValueFen, and no more than MaxDeclaredValueCapFen counts.
	MaxDeclaredValueFen int64
	// ArrivalHorizon is how far ahead a required arrival may be; 0 means
	// DefaultArrivalHorizon.
	ArrivalHorizon time.Duration
	// Quotes binds orders taken from a quote to it; without it quotes are NOT_FOUND.
	Quotes QuoteTaker
	// AfterSales opens the after-sales ticket of a shipped order's change or
	// cancellation (the ticket capability); without it such a change fails.
	AfterSales AfterSalesDesk
	// Transit promises arrivals from the tariff's transit standards; without it (or
	// without a standard for the route) each service's default promise applies.
	Transit TransitStandards
}

// DefaultMaxDeclaredValueFen is the declared-value cap without configuration: ¥100,000.
const DefaultMaxDeclaredValueFen int64 = 10_000_000

// MaxDeclaredValueCapFen is the highest cap there can be: ¥1,000,000,000,000 (10^14 fen).
// A premium is the declared value times a rate of at most 10,000 basis points, so the
// product stays below 10^18 fen, inside an int64.
const MaxDeclaredValueCapFen int64 = 100_000_000_000_000

// DefaultArrivalHorizon is how far ahead a required arrival may be without
// configuration: 90 days.
const DefaultArrivalHorizon = 90 * 24 * time.Hour

func (s *Service) maxDeclaredValue() int64 { return DeclaredValueCap(s.MaxDeclaredValueFen) }

// DeclaredValueCap is the cap a configured one stands for: DefaultMaxDeclaredValueFen for
// 0, never more than MaxDeclaredValueCapFen.
func DeclaredValueCap(configured int64) int64 {
	if configured > 0 {
		return min(configured, MaxDeclaredValueCapFen)
	}
	return DefaultMaxDeclaredValueFen
}

func (s *Service) arrivalHorizon() time.Duration {
	if s.ArrivalHorizon > 0 {
		return s.ArrivalHorizon
	}
	return DefaultArrivalHorizon
}

// Partner scopes that open orders to a partner client.
const (
	ScopeOrdersRead  = "orders:read"
	ScopeOrdersWrite = "orders:write"
)

// Who sees which orders: staff those of the depots they reach (agents and supervisors
// their depot, managers the depots under the unit they run, admins their organisation's),
// a partner client with orders:read those whose partner is them. Verifiers work on
// over/short-goods reports and see no orders here. One rule, asked two ways: Scope for
// queries, CanSee for an order in hand.

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
	if p.Kind == identity.KindPartner {
		return q.Where(prefix+"partner_client_id = ?", p.ID)
	}
	return p.Reach().Filter(q, prefix+"depot_id", identity.StaffRoles...)
}

// ScopeSQL is Scope's condition with its arguments for db.Select: its text is the same
// for every caller of one kind (partner; staff reaching no depot, every depot, some).
func ScopeSQL(d *db.DB, p *identity.Principal) (string, []any) {
	if p.Kind == identity.KindPartner {
		return "partner_client_id = ?", []any{p.ID}
	}
	return p.Reach().SQLWith("depot_id", d.In, identity.StaffRoles...)
}

// CanSee reports whether p may read o.
func CanSee(p *identity.Principal, o *Order) bool {
	switch {
	case p == nil:
		return false
	case p.Kind == identity.KindPartner:
		return o.PartnerClientID != nil && *o.PartnerClientID == p.ID
	default:
		return p.Reach().Covers(o.DepotID, identity.StaffRoles...)
	}
}

// CanAct reports whether p may change o: staff who reach the order's depot. Partners
// never change orders (they send new ones with orders:write).
func CanAct(p *identity.Principal, o *Order) bool {
	return p != nil && p.Kind == identity.KindStaff && CanSee(p, o)
}

// Actor returns the calling staff member for write operations: UNAUTHENTICATED without
// a token, FORBIDDEN for partners and for staff without an order-handling role.
func Actor(ctx context.Context, op string) (*identity.Principal, error) {
	p, err := identity.RequireStaffWithAnyRole(ctx, op, identity.RoleAgent, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin)
	if err != nil {
		return nil, err
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
	err = Scope(s.DB.Lagging(ctx).NewSelect().Model(o).Where("id = ?", id), p, "").Scan(ctx)
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
	w, where, args, err := s.WaybillWhere(ctx, op, waybillNo)
	if err != nil {
		return nil, err
	}
	r := s.DB.Lagging(ctx)
	var found []*Order
	err = s.DB.Select(ctx, r, &found, db.SelectFrom(r, (*Order)(nil), "WHERE "+where), args...)
	if err == nil && len(found) == 0 {
		return nil, s.WaybillMiss(ctx, op, w)
	}
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return found[0], nil
}

// WaybillWhere is ByWaybill's condition on the orders table, for ByWaybill and for a
// capability reading more beside the order in the same statement (tracking: its
// timeline): the normalised number w, and the condition (this number, within the
// caller's reach) with its arguments. The number is checked before any SQL
// (BAD_USER_INPUT, WAYBILL_CHECK_DIGIT), then the caller (UNAUTHENTICATED, FORBIDDEN).
// The text is one per kind of caller (db.Select: prepared once), as ScopeSQL's.
func (s *Service) WaybillWhere(ctx context.Context, op, waybillNo string) (w, where string, args []any, err error) {
	// A number whose check digit does not match is refused before any SQL.
	if w, err = NormalizeWaybillNo(op, waybillNo); err != nil {
		return "", "", nil, err
	}
	p, err := Viewer(ctx, op, ScopeOrdersRead)
	if err != nil {
		return "", "", nil, err
	}
	scope, scopeArgs := ScopeSQL(s.DB, p)
	return w, "(waybill_no = ?) AND (" + scope + ")", append([]any{w}, scopeArgs...), nil
}

// WaybillMiss is ByWaybill's answer when WaybillWhere's condition found no order:
// NOT_FOUND, with the did-you-mean for staff.
func (s *Service) WaybillMiss(ctx context.Context, op, w string) error {
	return s.didYouMean(ctx, op, w, apperr.E(op, apperr.NotFound))
}

// maxSuggestions bounds the waybills a miss offers.
const maxSuggestions = 5

// didYouMean adds to a staff look-up's miss (a number with a right check digit that finds
// nothing) the waybills within the caller's reach that
// are one typo from what was typed (extensions.didYouMean, and 是不是要找 … in the
// message), in one query. Partners and callers who may not read orders get the miss as
// it is.
func (s *Service) didYouMean(ctx context.Context, op, typed string, miss *apperr.Error) error {
	p := identity.PrincipalFrom(ctx)
	if typed == "" || p == nil || p.Kind == identity.KindPartner {
		return miss
	}
	if _, err := Viewer(ctx, op, ScopeOrdersRead); err != nil {
		return miss
	}
	var found []string
	if err := Scope(s.DB.Lagging(ctx).NewSelect().Model((*Order)(nil)).Column("waybill_no").
		Where("waybill_no IN (?)", bun.List(OneTypoAway(typed))), p, "").
		OrderExpr("waybill_no").Limit(maxSuggestions).Scan(ctx, &found); err != nil {
		return apperr.Wrap(op, err)
	}
	if len(found) == 0 {
		return miss
	}
	list := strings.Join(found, "、")
	return miss.With("didYouMean", found).Explain("未找到该运单。是不是要找 "+list+"?", "No such waybill. Did you mean "+list+"?")
}

// OrdersByIDs loads the visible orders among ids (for dataloaders and node look-ups).
func (s *Service) OrdersByIDs(ctx context.Context, ids []string) ([]*Order, error) {
	const op = "order.OrdersByIDs"
	p, err := Viewer(ctx, op, ScopeOrdersRead)
	if err != nil {
		if sp := identity.PrincipalFrom(ctx); sp != nil && sp.Kind == identity.KindStaff {
			return nil, nil // staff who see no orders (verifiers) see none of these
		}
		return nil, err
	}
	var out []*Order
	err = Scope(s.DB.Lagging(ctx).NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)), p, "").Scan(ctx)
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
func searchCondition(op, search string, dialect db.Dialect) (string, []any, error) {
	search, err := (text.Rule{Field: "search", Max: 50}).Clean(op, search)
	if err != nil {
		return "", nil, err
	}
	if lastFour.MatchString(search) {
		// Generated columns with indexes (migration 20261207053000): the same rows as
		// LIKE '%1234', without reading every order.
		return "(consignor_phone_last4 = ? OR consignee_phone_last4 = ?)", []any{search, search}, nil
	}
	if phone, ok := NormalizePhone(search); ok && len(phone) >= 4 {
		// The last four lead to the index; the full number then picks the rows.
		last4 := phone[len(phone)-4:]
		return "((consignor_phone_last4 = ? AND consignor_phone = ?) OR (consignee_phone_last4 = ? AND consignee_phone = ?))",
			[]any{last4, phone, last4, phone}, nil
	}
	// A name, or part of one. Fragments of three characters or more are served by an
	// index: trigram GIN indexes behind LIKE on PostgreSQL, the FTS5 trigram table on
	// SQLite (migration 20261209050000), which matches the same substrings as LIKE
	// (case-insensitively, as LIKE) given as one quoted phrase, so the input's
	// quotes and FTS5 syntax are taken literally.
	if dialect == db.SQLite && utf8.RuneCountInString(search) >= 3 {
		phrase := `"` + strings.ReplaceAll(search, `"`, `""`) + `"`
		return "id IN (SELECT order_id FROM orders_name_keys WHERE k IN (SELECT rowid FROM orders_name_fts WHERE orders_name_fts MATCH ?))", []any{phrase}, nil
	}
	// Shorter fragments (and PostgreSQL): LIKE, its wildcards in the input taken literally.
	escaped := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(search)
	return `(consignor_name LIKE ? ESCAPE '\' OR consignee_name LIKE ? ESCAPE '\')`, []any{"%" + escaped + "%", "%" + escaped + "%"}, nil
}

// Page is one page of orders, newest first.
type Page struct {
	Orders []*Order
	db.PageInfo
}

// KeyColumns are the columns every page of orders reads, however narrow: the cursor (id)
// and what Scope and CanSee look at.
var KeyColumns = []string{"id", "depot_id", "partner_client_id"}

// Columns is the column set of a narrow page of orders (db.PageArgs.Columns): KeyColumns
// and cols, each once, KeyColumns first and the others sorted. The rows of such a page
// are partial, every other field zero: they answer only what reads these columns and
// must never stand for the whole order (a loader's cache, a check on another field).
func Columns(cols ...string) []string {
	rest := slices.Sorted(slices.Values(slices.DeleteFunc(slices.Clone(cols), func(c string) bool {
		return slices.Contains(KeyColumns, c)
	})))
	return slices.Concat(KeyColumns, slices.Compact(rest))
}

// List pages through the visible orders, newest first (ids are time-ordered uuid v7; see
// db.PageArgs for forward and backward pages). With args.Columns (from Columns) it reads
// only those columns, the rest of each order left zero.
func (s *Service) List(ctx context.Context, f Filter, args db.PageArgs) (*Page, error) {
	const op = "order.List"
	p, err := Viewer(ctx, op, ScopeOrdersRead)
	if err != nil {
		return nil, err
	}
	if f.DepotID != "" && p.Kind != identity.KindPartner && !p.Reach().Covers(f.DepotID, identity.StaffRoles...) {
		// A whole depot outside the caller's reach is refused, as every depot-wide query
		// is, rather than answered with an empty page that reads as "no orders there".
		return nil, apperr.E(op, apperr.Forbidden).With("field", "depotId")
	}
	var search string
	var searchArgs []any
	if f.Search != "" {
		if search, searchArgs, err = searchCondition(op, f.Search, s.DB.Dialect); err != nil {
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
	if f.Late {
		page.Orders, page.PageInfo, err = db.KeysetPage[Order](ctx, s.DB.Lagging(ctx), filter, args, true)
		return page, apperr.Wrap(op, err)
	}
	// Without the time bound, the same condition as filter with its arguments bound:
	// one text per kind of caller and filter (db.Select: prepared once on SQLite).
	where, whereArgs := ScopeSQL(s.DB, p)
	add := func(cond string, args ...any) {
		where += " AND (" + cond + ")"
		whereArgs = append(whereArgs, args...)
	}
	if search != "" {
		add(search, searchArgs...)
	}
	if f.DepotID != "" {
		add("depot_id = ?", f.DepotID)
	}
	if f.State != "" {
		add("state = ?", string(f.State))
	}
	page.Orders, page.PageInfo, err = db.KeysetPageWhere[Order](ctx, s.DB, s.DB.Lagging(ctx), where, whereArgs, args, true)
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
	err := s.DB.Lagging(ctx).NewSelect().Model(&out).Where("order_id IN (?)", bun.List(orderIDs)).OrderExpr("verified_at, element").Scan(ctx)
	return out, apperr.Wrap("order.VerificationsOf", err)
}

// HistoryOf loads the history of the given orders, oldest first (for dataloaders), with
// addresses in remarks masked as contacts are.
func (s *Service) HistoryOf(ctx context.Context, orderIDs []string) ([]*HistoryEntry, error) {
	var out []*HistoryEntry
	err := s.DB.Lagging(ctx).NewSelect().Model(&out).Where("order_id IN (?)", bun.List(orderIDs)).OrderExpr("created_at, id").Scan(ctx)
	for _, h := range out {
		h.Remark = h.MaskedRemark()
	}
	return out, apperr.Wrap("order.HistoryOf", err)
}

// MaskedRemark is the remark as anyone who sees the order may read it: an address change
// written before remarks were masked named the new street address and phone in full;
// they are cut to the district and masked, as contacts are.
func (h *HistoryEntry) MaskedRemark() string {
	if h.Kind != HistAddressChange || h.Remark == "" {
		return h.Remark
	}
	var after Party
	if json.Unmarshal([]byte(h.AfterJSON), &after) != nil || after.Detail == "" {
		return h.Remark
	}
	r := strings.ReplaceAll(h.Remark, after.FullAddress(), after.AddressToDistrict())
	r = strings.ReplaceAll(r, after.Detail, "****")
	if after.Phone != "" {
		r = strings.ReplaceAll(r, after.Phone, MaskPhone(after.Phone))
	}
	return r
}

// Party names one side of an order, for revealing.
type PartyRole string

// The two sides.
const (
	RoleConsignor PartyRole = "CONSIGNOR"
	RoleConsignee PartyRole = "CONSIGNEE"
)

// RevealContact returns one side's full phone number and address and records the read
// in the audit log (ContactReveals reads it) and the order's history. Staff who reach the
// order's depot; partners never. Returns BAD_USER_INPUT without a reason, NOT_FOUND for
// an order the caller cannot see (another depot's is the same as none), FORBIDDEN for
// other callers.
func (s *Service) RevealContact(ctx context.Context, orderID string, role PartyRole, reason string) (*Party, error) {
	const op = "order.RevealContact"
	p, err := Actor(ctx, op)
	if err != nil {
		return nil, err
	}
	if reason, err = (text.Rule{Field: "reason", Max: 200}).Clean(op, reason); err != nil {
		return nil, err
	}
	if len([]rune(reason)) < 2 {
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
			Action: identity.ActionOrderContactReveal, SubjectType: "Order", SubjectID: o.ID, DepotID: &o.DepotID,
			Party: string(role), Reason: reason, RequestID: identity.RequestIDFrom(ctx), CreatedAt: now}
		if err := identity.RecordAudit(ctx, tx, entry); err != nil {
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
