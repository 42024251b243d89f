package order

import (
	"context"
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
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
}

// Words in a goods name that mean dangerous goods the company does not carry.
var dangerousWords = []string{"危险品", "易燃", "易爆", "爆炸", "汽油", "柴油", "酒精", "打火机", "烟花", "爆竹", "鞭炮",
	"火药", "雷管", "农药", "硫酸", "盐酸", "腐蚀", "放射", "毒品", "油漆", "压缩气体", "液化气"}

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// normalizeGoods checks goods and converts them to exact units.
func normalizeGoods(op string, g GoodsInput, service DeliveryService) (Goods, error) {
	name := strings.TrimSpace(g.Name)
	if name == "" || len([]rune(name)) > 100 {
		return Goods{}, apperr.Invalid(op, "goods.name", "请填写物品名称(100 字以内)", "Enter what is sent (at most 100 characters)")
	}
	for _, w := range dangerousWords {
		if strings.Contains(name, w) {
			return Goods{}, apperr.E(op, apperr.DangerousGoodsRefused).
				Explain("物品“"+name+"”含危险品("+w+"),依规定不予收寄", "“"+name+"” is dangerous goods ("+w+") and cannot be accepted")
		}
	}
	if g.Quantity < 1 || g.Quantity > 10000 {
		return Goods{}, apperr.Invalid(op, "goods.quantity", "件数须为 1 到 10000", "The quantity must be 1 to 10,000")
	}
	if !(g.WeightKg > 0) || g.WeightKg > 100000 || math.IsInf(g.WeightKg, 0) {
		return Goods{}, apperr.Invalid(op, "goods.weightKg", "重量须大于 0 千克", "The weight must be more than 0 kg")
	}
	if !(g.VolumeM3 > 0) || g.VolumeM3 > 1000 || math.IsInf(g.VolumeM3, 0) {
		return Goods{}, apperr.Invalid(op, "goods.volumeM3", "方数须大于 0 立方米", "The volume must be more than 0 m³")
	}
	out := Goods{Name: name, Quantity: g.Quantity,
		WeightGrams: max(1, int64(math.Round(g.WeightKg*1000))), VolumeCm3: max(1, int64(math.Round(g.VolumeM3*1e6)))}
	if g.DeclaredValueFen != nil {
		if *g.DeclaredValueFen < 0 {
			return Goods{}, apperr.Invalid(op, "goods.declaredValueFen", "声明价值不能为负数", "The declared value cannot be negative")
		}
		v := *g.DeclaredValueFen
		out.DeclaredValueFen = &v
	}
	if service == Insured && (out.DeclaredValueFen == nil || *out.DeclaredValueFen <= 0) {
		return Goods{}, apperr.Invalid(op, "goods.declaredValueFen", "保价件须填写声明价值", "An insured parcel needs a declared value")
	}
	return out, nil
}

// normalize checks the whole intake at time now.
func (in IntakeInput) normalize(op string, now time.Time) (IntakeInput, Goods, error) {
	var err error
	switch in.Service {
	case Standard, NextDay, TimeSlot, Insured:
	default:
		return in, Goods{}, apperr.Invalid(op, "service", "请选择服务类型", "Choose a service")
	}
	if d := strings.TrimSpace(in.DangerousGoods); d != "" {
		return in, Goods{}, apperr.E(op, apperr.DangerousGoodsRefused).
			Explain("客户申报了危险品("+d+"),依规定不予收寄", "The customer declared dangerous goods ("+d+"); they cannot be accepted")
	}
	if in.Consignor, err = in.Consignor.normalize(op, "consignor"); err != nil {
		return in, Goods{}, err
	}
	if in.Consignee, err = in.Consignee.normalize(op, "consignee"); err != nil {
		return in, Goods{}, err
	}
	goods, err := normalizeGoods(op, in.Goods, in.Service)
	if err != nil {
		return in, Goods{}, err
	}
	if in.RequiredArrivalAt != nil {
		t := in.RequiredArrivalAt.UTC()
		if !t.After(now) {
			return in, Goods{}, apperr.Invalid(op, "requiredArrivalAt", "要求到达时间须晚于现在", "The required arrival must be in the future")
		}
		in.RequiredArrivalAt = &t
	}
	r := &in.Requests
	r.InvoiceTitle, r.CardText = strings.TrimSpace(r.InvoiceTitle), strings.TrimSpace(r.CardText)
	if len([]rune(r.InvoiceTitle)) > 100 {
		return in, Goods{}, apperr.Invalid(op, "requests.invoiceTitle", "发票抬头最多 100 字", "The invoice title is at most 100 characters")
	}
	if len([]rune(r.CardText)) > 200 {
		return in, Goods{}, apperr.Invalid(op, "requests.cardText", "贺卡内容最多 200 字", "The card text is at most 200 characters")
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

// Intake takes a new order at the caller's depot and gives it a waybill number. The
// order waits for verification before it goes to operations. Idempotent by key: a retry
// returns the first order. Agents, supervisors, managers and admins. Returns
// BAD_USER_INPUT for a field users would expect to be checked (phone formats, address
// parts, positive weight and volume, declared value when insured), DANGEROUS_GOODS_REFUSED
// with the reason, IDEMPOTENCY_KEY_REUSED for a key used for another order.
func (s *Service) Intake(ctx context.Context, key string, in IntakeInput) (*Order, bool, error) {
	const op = "order.Intake"
	p, err := Actor(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	in, goods, err := in.normalize(op, now)
	if err != nil {
		return nil, false, err
	}
	var partnerID *string
	if in.PartnerClientID != "" {
		pc := new(identity.PartnerClient)
		if err := s.DB.R.NewSelect().Model(pc).Where("client_id = ? AND active", in.PartnerClientID).Scan(ctx); err != nil {
			return nil, false, apperr.Invalid(op, "partnerClientId", "合作方编号不存在", "No such partner client")
		}
		partnerID = &pc.ID
	}
	fp := idempotency.Fingerprint(in)
	var o *Order
	var replayed bool
	for attempt := 0; ; attempt++ {
		o, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, fp, now, func(ctx context.Context, tx bun.Tx) (*Order, error) {
			o := &Order{ID: uuid.Must(uuid.NewV7()).String(), WaybillNo: NewWaybillNo(), DepotID: p.DepotID,
				PartnerClientID: partnerID, CreatedBy: p.ID, Consignor: in.Consignor, Consignee: in.Consignee,
				Goods: goods, Service: in.Service, RequiredArrivalAt: in.RequiredArrivalAt,
				Handling: in.Handling, Requests: in.Requests, State: PendingVerification, Stage: NotPrinted,
				Version: 1, CreatedAt: now, UpdatedAt: now}
			o.ETA = PromisedArrival(o, now, s.Zone)
			if _, err := tx.NewInsert().Model(o).Exec(ctx); err != nil {
				return nil, err
			}
			name, err := staffName(ctx, tx, p.ID)
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

// staffName is the name written in remarks.
func staffName(ctx context.Context, tx bun.IDB, staffID string) (string, error) {
	var name string
	err := tx.NewSelect().Model((*identity.Staff)(nil)).Column("name").Where("id = ?", staffID).Scan(ctx, &name)
	return name, err
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
