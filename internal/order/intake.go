package order

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// GoodsInput is goods as typed at the counter: weight in kilograms, volume in cubic
// metres (方数), declared value in fen.
type GoodsInput struct {
	Name             string
	Quantity         int
	WeightKg         float64
	VolumeM3         float64
	DeclaredValueFen *int64
}

// IntakeInput is a new order as taken from the customer.
type IntakeInput struct {
	Consignor         Party
	Consignee         Party
	Goods             GoodsInput
	Service           DeliveryService
	RequiredArrivalAt *time.Time
	Handling          Handling
	// DangerousGoods is what the customer declared as dangerous (危险品); anything
	// declared is refused.
	DangerousGoods string
	Requests       Requests
	// PartnerClientID is the client id of the merchant the order belongs to, if any.
	PartnerClientID string
	// ReceiptReturn buys the signed-receipt return (签回单).
	ReceiptReturn bool
	// QuoteID is the quote the customer accepted: the order's freight charge and
	// expected arrival are the quoted ones.
	QuoteID string
}

// TransitStandards promise an order's arrival from the tariff in effect at its depot:
// the transit standard of its service over its route, counted on the holiday calendar;
// ok is false when there is none (no tariff, a route in no zone, a service the tariff
// does not price), and the service's default promise stands. The tariff capability owns
// them ((*tariff.Service).Promise). It is asked before the intake's transaction, since
// the calendar may set up an organisation's defaults, a write of its own.
type TransitStandards interface {
	Promise(ctx context.Context, depotID string, service DeliveryService, origin, destination Party, takenAt time.Time) (at time.Time, ok bool, err error)
}

// QuoteTaker binds a new order to a quote within the intake's transaction, setting the
// order's quote, freight charge and expected arrival, or refusing with the quote's code.
// The tariff capability owns quotes ((*tariff.Service).TakeQuote).
type QuoteTaker interface {
	TakeQuote(ctx context.Context, tx bun.IDB, p *identity.Principal, quoteID string, o *Order) error
}

// The text rules of an intake's free-text fields (see internal/text).
var (
	goodsName         = text.Rule{Field: "goods.name", Max: text.ShortMax}
	dangerousDeclared = text.Rule{Field: "dangerousGoods", Max: text.ShortMax, Optional: true}
	invoiceTitle      = text.Rule{Field: "requests.invoiceTitle", Max: 100, Optional: true}
	cardText          = text.Rule{Field: "requests.cardText", Max: 200, Optional: true, Multiline: true}
)

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// CheckGoodsName cleans a goods name by the intake's text rule (BAD_USER_INPUT on
// goods.name); quotes check names as intake does.
func CheckGoodsName(op, name string) (string, error) { return goodsName.Clean(op, name) }

// normalizeGoods checks goods and converts them to exact units.
func (s *Service) normalizeGoods(op string, g GoodsInput, service DeliveryService) (Goods, error) {
	name, err := goodsName.Clean(op, g.Name)
	if err != nil {
		return Goods{}, err
	}
	if g.Quantity < 1 || g.Quantity > 10000 {
		return Goods{}, apperr.Invalid(op, "goods.quantity", "件数须为 1 到 10000", "The quantity must be 1 to 10,000")
	}
	weight, err := WeightGrams(op, "goods.weightKg", g.WeightKg)
	if err != nil {
		return Goods{}, err
	}
	if !(g.VolumeM3 > 0 && g.VolumeM3 <= MaxVolumeM3) {
		return Goods{}, apperr.Invalid(op, "goods.volumeM3", "方数须大于 0 立方米且不超过 1000 立方米",
			"The volume must be more than 0 m³ and at most 1,000 m³").With("maxM3", MaxVolumeM3)
	}
	out := Goods{Name: name, Quantity: g.Quantity, WeightGrams: weight, VolumeCm3: max(1, int64(math.Round(g.VolumeM3*1e6)))}
	if g.DeclaredValueFen != nil {
		if err := CheckDeclaredValue(op, "goods.declaredValueFen", *g.DeclaredValueFen, s.maxDeclaredValue()); err != nil {
			return Goods{}, err
		}
		v := *g.DeclaredValueFen
		out.DeclaredValueFen = &v
	}
	if service == Insured && (out.DeclaredValueFen == nil || *out.DeclaredValueFen <= 0) {
		return Goods{}, apperr.Invalid(op, "goods.declaredValueFen", "保价件须填写声明价值", "An insured parcel needs a declared value")
	}
	return out, nil
}

// yuan writes an amount in fen as yuan: 10000000 → 100000.00.
func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// MaxWeightKg is the heaviest goods taken in or quoted: 100 tonnes. MaxVolumeM3 is the
// largest volume taken in.
const (
	MaxWeightKg    = 100_000
	MaxWeightGrams = MaxWeightKg * 1000
	MaxVolumeM3    = 1000
)

// WeightGrams converts a weight typed in kilograms to whole grams (at least 1 g). The
// range, more than 0 and at most MaxWeightKg, is checked on the kilograms, before the
// conversion: NaN fails every comparison, and a huge value (1e308) would otherwise
// overflow to a negative or a tiny weight. BAD_USER_INPUT on field with extensions.maxKg.
// Intake and quotes check weights with it.
func WeightGrams(op, field string, kg float64) (int64, error) {
	if !(kg > 0 && kg <= MaxWeightKg) {
		return 0, weightRefused(op, field)
	}
	return max(1, int64(math.Round(kg*1000))), nil
}

// CheckWeightGrams refuses a weight in grams out of WeightGrams' range, as it does.
func CheckWeightGrams(op, field string, grams int64) error {
	if grams <= 0 || grams > MaxWeightGrams {
		return weightRefused(op, field)
	}
	return nil
}

func weightRefused(op, field string) error {
	return apperr.Invalid(op, field, "重量须大于 0 千克且不超过 100000 千克",
		"The weight must be more than 0 kg and at most 100,000 kg").With("maxKg", MaxWeightKg)
}

// CheckDeclaredValue refuses a declared value in fen below 0 or above limit (the
// configured cap, see Service.MaxDeclaredValueFen): BAD_USER_INPUT on field with
// extensions.maxFen. Intake, goods changes and quotes check declared values with it, so
// a quote refuses what intake would.
func CheckDeclaredValue(op, field string, fen, limit int64) error {
	if fen < 0 || fen > limit {
		return apperr.Invalid(op, field, "声明价值须为 0 到 "+yuan(limit)+" 元",
			"The declared value must be ¥0 to ¥"+yuan(limit)).With("maxFen", limit)
	}
	return nil
}

// normalize checks the whole intake at time now against s's limits.
func (in IntakeInput) normalize(op string, now time.Time, s *Service) (IntakeInput, Goods, error) {
	var err error
	switch in.Service {
	case Standard, NextDay, TimeSlot, Insured, Economy:
	default:
		return in, Goods{}, apperr.Invalid(op, "service", "请选择服务类型", "Choose a service")
	}
	d, err := dangerousDeclared.Clean(op, in.DangerousGoods)
	if err != nil {
		return in, Goods{}, err
	}
	if d != "" {
		return in, Goods{}, apperr.E(op, apperr.DangerousGoodsRefused).
			Explain("客户申报了危险品("+d+"),依规定不予收寄", "The customer declared dangerous goods ("+d+"); they cannot be accepted")
	}
	if in.Consignor, err = in.Consignor.normalize(op, "consignor"); err != nil {
		return in, Goods{}, err
	}
	if in.Consignee, err = in.Consignee.normalize(op, "consignee"); err != nil {
		return in, Goods{}, err
	}
	goods, err := s.normalizeGoods(op, in.Goods, in.Service)
	if err != nil {
		return in, Goods{}, err
	}
	if in.RequiredArrivalAt != nil {
		t := in.RequiredArrivalAt.UTC()
		if !t.After(now) {
			return in, Goods{}, apperr.Invalid(op, "requiredArrivalAt", "要求到达时间须晚于现在", "The required arrival must be in the future")
		}
		if h := s.arrivalHorizon(); t.After(now.Add(h)) {
			days := int(h / (24 * time.Hour))
			return in, Goods{}, apperr.Invalid(op, "requiredArrivalAt", fmt.Sprintf("要求到达时间不能晚于 %d 天后", days),
				fmt.Sprintf("The required arrival can be at most %d days ahead", days)).With("maxDays", days)
		}
		in.RequiredArrivalAt = &t
	}
	r := &in.Requests
	if r.InvoiceTitle, err = invoiceTitle.Clean(op, r.InvoiceTitle); err != nil {
		return in, Goods{}, err
	}
	if r.CardText, err = cardText.Clean(op, r.CardText); err != nil {
		return in, Goods{}, err
	}
	if (r.DeliveryWindowFrom == "") != (r.DeliveryWindowTo == "") ||
		(r.DeliveryWindowFrom != "" && (!hhmm.MatchString(r.DeliveryWindowFrom) || !hhmm.MatchString(r.DeliveryWindowTo) || r.DeliveryWindowFrom >= r.DeliveryWindowTo)) {
		return in, Goods{}, apperr.Invalid(op, "requests.deliveryWindow", "派送时段须为 HH:MM 至 HH:MM,且开始早于结束", "The delivery window is HH:MM to HH:MM, start before end")
	}
	if in.Service == TimeSlot && (r.DeliveryWindowFrom == "" || in.RequiredArrivalAt == nil) {
		return in, Goods{}, apperr.Invalid(op, "requests.deliveryWindow", "定时派送须填写要求到达时间和派送时段", "A time-slot delivery needs a required arrival time and a delivery window")
	}
	return in, goods, nil
}

// intaker is who takes an order in, and where it goes.
type intaker struct {
	p         *identity.Principal
	depotID   string
	createdBy string  // the staff member at the counter; empty for a partner's API order
	partnerID *string // the partner client the order belongs to
}

// intakeActor decides who may take an order in and at which depot: staff with an
// order-handling role at their own depot; a partner client with orders:write at the
// depot it is assigned to, as its own order. UNAUTHENTICATED without a token; FORBIDDEN
// for other roles, a partner without the scope or without an assigned depot.
func intakeActor(ctx context.Context, op string) (*intaker, error) {
	p := identity.PrincipalFrom(ctx)
	if p == nil || p.Kind != identity.KindPartner {
		p, err := Actor(ctx, op)
		if err != nil {
			return nil, err
		}
		return &intaker{p: p, depotID: p.DepotID, createdBy: p.ID}, nil
	}
	if !slices.Contains(p.Scopes, ScopeOrdersWrite) {
		return nil, apperr.E(op, apperr.Forbidden).With("scope", ScopeOrdersWrite)
	}
	// The partner's unit must be one depot: the one whose agents verify its orders.
	if ds := p.Reach().Depots(identity.RolePartner); len(ds) != 1 || ds[0] != p.UnitID {
		return nil, apperr.E(op, apperr.Forbidden).Explain("该合作方尚未指定收件网点,请联系管理员",
			"This partner client has no depot assigned for its orders; ask an administrator")
	}
	return &intaker{p: p, depotID: p.UnitID, partnerID: &p.ID}, nil
}

// Intake takes a new order and gives it a waybill number: at the caller's depot for
// staff, at its assigned depot for a partner client with orders:write (the order is the
// partner's own, and the partner sees it at once). The order waits for verification by
// the depot's agents before it goes to operations. Idempotent by key: a retry returns
// the first order. Agents, supervisors, managers, admins and partners with orders:write
// and an assigned depot (FORBIDDEN otherwise). Returns BAD_USER_INPUT for a field users
// would expect to be checked (phone formats, address parts, positive weight and volume,
// declared value when insured; partnerClientId from a partner), DANGEROUS_GOODS_REFUSED
// with the reason, IDEMPOTENCY_KEY_REUSED for a key used for another order.
func (s *Service) Intake(ctx context.Context, key string, in IntakeInput) (*Order, bool, error) {
	const op = "order.Intake"
	who, err := intakeActor(ctx, op)
	if err != nil {
		return nil, false, err
	}
	p := who.p
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	in, goods, err := in.normalize(op, now, s)
	if err != nil {
		return nil, false, err
	}
	partnerID := who.partnerID
	switch {
	case in.PartnerClientID != "" && partnerID != nil:
		return nil, false, apperr.Invalid(op, "partnerClientId", "合作方下单时无需填写合作方编号", "A partner's orders are its own; leave partnerClientId out")
	case in.PartnerClientID != "":
		pc, err := identity.ActivePartnerClient(ctx, s.DB.R, in.PartnerClientID)
		if err != nil {
			return nil, false, apperr.Invalid(op, "partnerClientId", "合作方编号不存在", "No such partner client")
		}
		partnerID = &pc.ID
	}
	var promised *time.Time
	if s.Transit != nil && in.QuoteID == "" && in.Service != TimeSlot {
		service := in.Service
		if service == Insured { // insured is standard delivery with insurance
			service = Standard
		}
		at, ok, err := s.Transit.Promise(ctx, who.depotID, service, in.Consignor, in.Consignee, now)
		if err != nil {
			return nil, false, apperr.Wrap(op, err)
		}
		if ok {
			promised = &at
		}
	}
	fp := idempotency.Fingerprint(in)
	var o *Order
	var replayed bool
	for attempt := 0; ; attempt++ {
		o, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, fp, now, func(ctx context.Context, tx bun.Tx) (*Order, error) {
			o := &Order{ID: uuid.Must(uuid.NewV7()).String(), WaybillNo: NewWaybillNo(), DepotID: who.depotID,
				PartnerClientID: partnerID, CreatedBy: who.createdBy, Consignor: in.Consignor, Consignee: in.Consignee,
				Goods: goods, Service: in.Service, RequiredArrivalAt: in.RequiredArrivalAt,
				Handling: in.Handling, Requests: in.Requests, ReceiptReturn: in.ReceiptReturn, State: PendingVerification, Stage: NotPrinted,
				Version: 1, CreatedAt: now, UpdatedAt: now}
			if o.GoodsFlag, err = checkGoods(ctx, op, tx, who.depotID, now, goods.Name); err != nil {
				return nil, err
			}
			o.ETA = PromisedArrival(o, now, s.Zone)
			if promised != nil {
				o.ETA = *promised
			}
			if in.QuoteID != "" {
				if s.Quotes == nil {
					return nil, apperr.E(op, apperr.NotFound).With("field", "quoteId")
				}
				if err := s.Quotes.TakeQuote(ctx, tx, p, in.QuoteID, o); err != nil {
					return nil, err
				}
			}
			if _, err := tx.NewInsert().Model(o).Exec(ctx); err != nil {
				return nil, err
			}
			name, err := actorName(ctx, tx, p)
			if err != nil {
				return nil, err
			}
			return o, addHistory(ctx, tx, &HistoryEntry{OrderID: o.ID, Kind: HistIntake, Action: "CREATE",
				ActorID: p.ID, ActorName: name, CreatedAt: now}, nil, o)
		})
		// A waybill number drawn twice (one in a hundred million) is drawn again.
		if err != nil && db.IsUniqueViolation(err) && strings.Contains(err.Error(), "waybill") && attempt < 3 {
			continue
		}
		break
	}
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return o, replayed, nil
}

// actorName is the name written in history: the staff member's, or the partner client's.
func actorName(ctx context.Context, tx bun.IDB, p *identity.Principal) (string, error) {
	if p.Kind != identity.KindPartner {
		return staffName(ctx, tx, p.ID)
	}
	return identity.PartnerClientName(ctx, tx, p.ID)
}

// staffName is the name written in remarks.
func staffName(ctx context.Context, tx bun.IDB, staffID string) (string, error) {
	return identity.NameOf(ctx, tx, staffID)
}

// addHistory stores one history entry with before and after snapshots.
func addHistory(ctx context.Context, tx bun.IDB, h *HistoryEntry, before, after any) error {
	h.ID = uuid.Must(uuid.NewV7()).String()
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	h.BeforeJSON, h.AfterJSON = string(b), string(a)
	_, err := tx.NewInsert().Model(h).Exec(ctx)
	return err
}
