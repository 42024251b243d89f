package tariff

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

// QuoteValidity is how long a quote may be turned into an order; it also ends at the
// next cut-off, after which the same parcel would count from the next day.
const QuoteValidity = 2 * time.Hour

// QuoteRequest is what the customer asks about.
type QuoteRequest struct {
	Origin      Place  `json:"origin"`
	Destination Place  `json:"destination"`
	GoodsName   string `json:"goodsName"`
	Parcel      Parcel `json:"parcel"`
	// NeededBy is the day (YYYY-MM-DD) by which the goods must arrive; empty for none.
	NeededBy string `json:"neededBy,omitempty"`
}

// ServiceRefusal is a service that cannot carry the parcel, and why.
type ServiceRefusal struct {
	Service order.DeliveryService `json:"service"`
	NameZH  string                `json:"nameZh"`
	NameEN  string                `json:"nameEn"`
	Reason  Refusal               `json:"reason"`
}

// Quote is an answer given to a customer: every service that can carry the parcel with
// its price and promised arrival, the services that cannot and why, and the one
// recommended. It is kept so that intake can take it at the quoted figures.
type Quote struct {
	bun.BaseModel `bun:"table:quotes"`

	ID          string                `bun:"id,pk"`
	OrgID       string                `bun:"org_id"`
	DepotID     string                `bun:"depot_id"`
	CreatedBy   string                `bun:"created_by"`
	TariffID    string                `bun:"tariff_id"`
	Request     QuoteRequest          `bun:"request,type:text"`
	Zone        string                `bun:"zone"`
	Options     []Option              `bun:"options,type:text"`
	Refusals    []ServiceRefusal      `bun:"refusals,type:text"`
	Recommended order.DeliveryService `bun:"recommended"` // a service; empty when none can carry it
	Reason      Reason                `bun:"reason"`
	CreatedAt   time.Time             `bun:"created_at"`
	ExpiresAt   time.Time             `bun:"expires_at"`
	OrderID     *string               `bun:"order_id"`
}

// Option returns the quoted option of a service, or nil.
func (q *Quote) Option(service order.DeliveryService) *Option {
	for i := range q.Options {
		if q.Options[i].Service == service {
			return &q.Options[i]
		}
	}
	return nil
}

// normalize checks a request: places, the goods name (dangerous goods are refused as at
// intake), a weight intake would take, dimensions of 0 to MaxSideCm all given or none, a
// declared value intake would take (0 to maxDeclaredFen) and one for insurance, a
// deadline day.
func (r QuoteRequest) normalize(op string, maxDeclaredFen int64) (QuoteRequest, error) {
	if err := cleanPlace(op, "origin", &r.Origin); err != nil {
		return r, err
	}
	if err := cleanPlace(op, "destination", &r.Destination); err != nil {
		return r, err
	}
	var err error
	if r.GoodsName, err = order.CheckGoodsName(op, r.GoodsName); err != nil {
		return r, err
	}
	p := r.Parcel
	if err := order.CheckWeightGrams(op, "weightKg", p.WeightGrams); err != nil {
		return r, err
	}
	dims := []int64{p.LengthMm, p.WidthMm, p.HeightMm}
	some, all := false, true
	for _, d := range dims {
		if d < 0 || d > MaxSideCm*10 {
			return r, dimensionsRefused(op)
		}
		some, all = some || d > 0, all && d > 0
	}
	if some && !all {
		return r, apperr.Invalid(op, "dimensions", "请填写长、宽、高三项,或都不填", "Give length, width and height, or none")
	}
	if err := order.CheckDeclaredValue(op, "declaredValueFen", p.DeclaredValueFen, maxDeclaredFen); err != nil {
		return r, err
	}
	if p.Insured && p.DeclaredValueFen == 0 {
		return r, apperr.Invalid(op, "declaredValueFen", "保价须填写大于 0 的声明价值", "Insurance needs a declared value over 0")
	}
	if r.NeededBy != "" {
		if _, err := time.Parse(DayLayout, r.NeededBy); err != nil {
			return r, apperr.Invalid(op, "neededBy", "日期格式应为 YYYY-MM-DD", "Days are YYYY-MM-DD")
		}
	}
	return r, nil
}

// MaxSideCm is the longest side a quote takes: 100 m.
const MaxSideCm = 10_000

// Millimetres converts a side typed in centimetres to whole millimetres; nil is 0 (not
// measured). The range, 0 to MaxSideCm, is checked on the centimetres, before the
// conversion, so that NaN or a huge value (1e308) cannot overflow into a side that
// passes: BAD_USER_INPUT on dimensions with extensions.maxCm.
func Millimetres(op string, cm *float64) (int64, error) {
	if cm == nil {
		return 0, nil
	}
	if !(*cm >= 0 && *cm <= MaxSideCm) {
		return 0, dimensionsRefused(op)
	}
	return int64(math.Round(*cm * 10)), nil
}

func dimensionsRefused(op string) error {
	return apperr.Invalid(op, "dimensions", "尺寸须在 0 到 100 米之间", "Dimensions are 0 to 100 m").With("maxCm", MaxSideCm)
}

// Answer computes a quote from terms at takenAt: each service priced over the route's
// zone or refused with its reason, arrivals on the calendar, and the recommendation.
func Answer(t *Terms, r QuoteRequest, takenAt time.Time, zone *time.Location, working func(string) bool) ([]Option, []ServiceRefusal, int, Reason) {
	z := t.ZoneOf(r.Origin, r.Destination)
	var deadline time.Time
	if r.NeededBy != "" {
		d, _ := time.ParseInLocation(DayLayout, r.NeededBy, zone)
		deadline = d.AddDate(0, 0, 1) // arrives before the end of that day
	}
	var opts []Option
	var refusals []ServiceRefusal
	for i := range t.Services {
		s := &t.Services[i]
		b, refusal := t.Price(s, z, r.Destination, r.Parcel)
		if refusal != "" {
			refusals = append(refusals, ServiceRefusal{Service: s.Service, NameZH: s.NameZH, NameEN: s.NameEN, Reason: refusal})
			continue
		}
		at := Arrival(takenAt, t.CutOffHour, *s.transitTo(z), zone, working)
		opts = append(opts, Option{Service: s.Service, NameZH: s.NameZH, NameEN: s.NameEN, Breakdown: b, Arrival: at,
			MeetsDeadline: deadline.IsZero() || at.Before(deadline)})
	}
	i, reason := Recommend(opts, !deadline.IsZero())
	return opts, refusals, i, reason
}

// Quote answers a customer's question at the caller's depot with the tariff in effect
// today, and keeps the answer for intake (QuoteValidity, and not past the next cut-off).
// Order handlers: agents, supervisors, managers, admins (FORBIDDEN otherwise).
// BAD_USER_INPUT; DANGEROUS_GOODS_REFUSED for goods the company does not carry;
// NO_TARIFF_IN_EFFECT; IDEMPOTENCY_KEY_REUSED. A parcel no service can carry is still
// answered, with every service's refusal named.
func (s *Service) Quote(ctx context.Context, key string, r QuoteRequest) (*Quote, bool, error) {
	const op = "tariff.Quote"
	p, err := order.Actor(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if r, err = r.normalize(op, s.maxDeclaredValue()); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	org, err := identity.OrgOfCaller(ctx, s.DB.R, p)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	if err := order.RefuseProhibited(ctx, op, s.DB, org, now, r.GoodsName); err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	t, err := s.inEffect(ctx, op, org, now.In(s.Zone).Format(DayLayout))
	if err != nil {
		return nil, false, err
	}
	working, err := s.workingDays(ctx, org, now)
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	opts, refusals, best, reason := Answer(&t.Terms, r, now, s.Zone, working)
	q := &Quote{ID: newID(), OrgID: org, DepotID: p.DepotID, CreatedBy: p.ID, TariffID: t.ID, Request: r,
		Zone: t.Terms.ZoneOf(r.Origin, r.Destination), Options: opts, Refusals: refusals, Reason: reason,
		CreatedAt: now, ExpiresAt: expiry(now, t.Terms.CutOffHour, s.Zone)}
	if best >= 0 {
		q.Recommended = opts[best].Service
	}
	q, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(r), now, func(ctx context.Context, tx bun.Tx) (*Quote, error) {
		_, err := tx.NewInsert().Model(q).Exec(ctx)
		return q, err
	})
	return q, replayed, apperr.Wrap(op, err)
}

// expiry is when a quote given at now lapses: QuoteValidity later, or at the next
// cut-off if that comes first.
func expiry(now time.Time, cutOffHour int, zone *time.Location) time.Time {
	end := now.Add(QuoteValidity)
	if cutOffHour <= 0 {
		return end
	}
	l := now.In(zone)
	cut := time.Date(l.Year(), l.Month(), l.Day(), cutOffHour, 0, 0, 0, zone)
	if !cut.After(now) {
		cut = cut.AddDate(0, 0, 1)
	}
	if cut.Before(end) {
		return cut.UTC()
	}
	return end
}

// QuotesByIDs loads quotes given at depots the caller handles orders for; others are
// left out (all of them for staff who handle no orders). Staff only.
func (s *Service) QuotesByIDs(ctx context.Context, ids []string) ([]*Quote, error) {
	const op = "tariff.QuotesByIDs"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Quote
	q := s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids))
	err = p.Reach().Filter(q, "depot_id", handlerRoles...).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

var handlerRoles = []identity.Role{identity.RoleAgent, identity.RoleSupervisor, identity.RoleManager, identity.RoleAdmin}

// slotOption is the option a time-slot order takes from a time-slot quote: the cheapest
// quoted service whose promised arrival falls on or before the day of the agreed arrival
// (the time slot is delivered that day). Nil when none arrives by then.
func (q *Quote) slotOption(agreed *time.Time, zone *time.Location) *Option {
	if agreed == nil {
		return nil
	}
	day := agreed.In(zone).Format(DayLayout)
	var best *Option
	for i := range q.Options {
		o := &q.Options[i]
		if o.Arrival.In(zone).Format(DayLayout) <= day && (best == nil || o.Breakdown.TotalFen < best.Breakdown.TotalFen) {
			best = o
		}
	}
	return best
}

// TakeQuote binds a new order to a quote inside the intake's transaction: the order gets
// the quoted freight charge and arrival of its service. The quote must have been given at
// a depot the caller handles (NOT_FOUND otherwise), be unexpired (QUOTE_EXPIRED) and not
// taken yet (QUOTE_USED); the order must be the quoted parcel: a quoted service, the
// quoted goods, origin and destination city, no more weight, no handling that was not
// priced (QUOTE_MISMATCH naming the field). A quote with time-slot delivery (定时派送)
// makes a TIME_SLOT order and only that: at the price of the cheapest quoted service that
// arrives by the agreed day (QUOTE_MISMATCH on requiredArrivalAt when none does), with
// the agreed time as its expected arrival.
func (s *Service) TakeQuote(ctx context.Context, tx bun.IDB, p *identity.Principal, quoteID string, o *order.Order) error {
	const op = "tariff.TakeQuote"
	q := new(Quote)
	err := tx.NewSelect().Model(q).Where("id = ?", quoteID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !p.Reach().Covers(q.DepotID, handlerRoles...)) {
		return apperr.E(op, apperr.NotFound).With("field", "quoteId")
	}
	if err != nil {
		return err
	}
	if !s.Now().Before(q.ExpiresAt) {
		return apperr.E(op, apperr.QuoteExpired)
	}
	if q.OrderID != nil {
		return apperr.E(op, apperr.QuoteUsed)
	}
	mismatch := func(field, zh, en string) error {
		return apperr.E(op, apperr.QuoteMismatch).Explain(zh, en).With("field", field)
	}
	r := q.Request
	var opt *Option
	switch {
	case o.Service == order.TimeSlot && !r.Parcel.TimeSlot:
		return mismatch("service", "报价未包含定时派送,请重新报价", "The quote did not include time-slot delivery; quote again")
	case o.Service != order.TimeSlot && r.Parcel.TimeSlot:
		return mismatch("service", "报价包含定时派送,订单须选定时派送", "The quote includes time-slot delivery; take it as a TIME_SLOT order")
	case o.Service == order.TimeSlot:
		if opt = q.slotOption(o.RequiredArrivalAt, s.Zone); opt == nil {
			return mismatch("requiredArrivalAt", "报价中没有能在要求到达日送达的服务", "No quoted service arrives by the required day")
		}
	default:
		opt = q.Option(o.Service)
	}
	switch {
	case opt == nil:
		return mismatch("service", "报价中没有此服务", "The quote has no price for this service")
	case o.Goods.Name != r.GoodsName:
		return mismatch("goods.name", "货物名称与报价不符", "The goods are not the quoted goods")
	case o.Consignor.Province != r.Origin.Province || (r.Origin.City != "" && o.Consignor.City != r.Origin.City):
		return mismatch("consignor", "寄件地与报价不符", "The sender's city is not the quoted origin")
	case o.Consignee.Province != r.Destination.Province || (r.Destination.City != "" && o.Consignee.City != r.Destination.City):
		return mismatch("consignee", "收件地与报价不符", "The receiver's city is not the quoted destination")
	case o.Goods.WeightGrams > r.Parcel.WeightGrams:
		return mismatch("goods.weightKg", "重量超过报价时的重量", "Heavier than the quoted weight")
	case o.Fragile && !r.Parcel.Fragile, o.KeepUpright && !r.Parcel.KeepUpright, o.ReceiptReturn && !r.Parcel.ReceiptReturn:
		return mismatch("handling", "特殊处理或签回单未包含在报价中", "Special handling or the receipt return was not quoted")
	}
	res, err := tx.NewUpdate().Model((*Quote)(nil)).Set("order_id = ?", o.ID).Where("id = ? AND order_id IS NULL", q.ID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.E(op, apperr.QuoteUsed)
	}
	fen := opt.Breakdown.TotalFen
	o.QuoteID, o.FreightFen = &q.ID, &fen
	if o.Service != order.TimeSlot { // a time-slot delivery keeps the agreed time
		o.ETA = opt.Arrival
	}
	o.ReceiptReturn = o.ReceiptReturn || r.Parcel.ReceiptReturn // a quoted receipt return is bought
	return nil
}
