package tracking

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/order"
)

// GoodsCondition is the state the goods arrived in.
type GoodsCondition string

// The conditions.
const (
	Intact           GoodsCondition = "INTACT"
	PackagingDamaged GoodsCondition = "PACKAGING_DAMAGED"
	GoodsDamaged     GoodsCondition = "GOODS_DAMAGED"
	ShortGoods       GoodsCondition = "SHORT"
)

// DriverAttitude is how the receiver rated the driver.
type DriverAttitude string

// The ratings.
const (
	AttitudeGood       DriverAttitude = "GOOD"
	AttitudeAcceptable DriverAttitude = "ACCEPTABLE"
	AttitudePoor       DriverAttitude = "POOR"
)

// ContactMethod is how the receiver was reached.
type ContactMethod string

// The methods.
const (
	BySMS    ContactMethod = "SMS"
	ByCall   ContactMethod = "PHONE_CALL"
	ByWeChat ContactMethod = "WECHAT"
	InPerson ContactMethod = "IN_PERSON"
)

var (
	conditions = []GoodsCondition{Intact, PackagingDamaged, GoodsDamaged, ShortGoods}
	attitudes  = []DriverAttitude{AttitudeGood, AttitudeAcceptable, AttitudePoor}
	methods    = []ContactMethod{BySMS, ByCall, ByWeChat, InPerson}
)

// Arrival is the agent's confirmation that goods reached the receiver (到货确认).
type Arrival struct {
	bun.BaseModel `bun:"table:arrival_confirmations"`

	ID             string         `bun:"id,pk" json:"id"`
	OrderID        string         `bun:"order_id" json:"orderId"`
	ArrivedAt      time.Time      `bun:"arrived_at" json:"arrivedAt"`
	GoodsCondition GoodsCondition `bun:"goods_condition" json:"goodsCondition"`
	DriverAttitude DriverAttitude `bun:"driver_attitude" json:"driverAttitude"`
	SignerName     string         `bun:"signer_name" json:"signerName"`
	ReachedByCSV   string         `bun:"reached_by" json:"reachedBy"`
	Note           string         `bun:"note" json:"note"`
	RecordedBy     string         `bun:"recorded_by" json:"recordedBy"`
	RecordedAt     time.Time      `bun:"recorded_at" json:"recordedAt"`
}

// ReachedBy lists how the receiver was reached.
func (a *Arrival) ReachedBy() []ContactMethod {
	var out []ContactMethod
	for _, m := range strings.Split(a.ReachedByCSV, ",") {
		if m != "" {
			out = append(out, ContactMethod(m))
		}
	}
	return out
}

// ArrivalInput is what the agent records.
type ArrivalInput struct {
	ArrivedAt      time.Time
	GoodsCondition GoodsCondition
	DriverAttitude DriverAttitude
	SignerName     string
	ReachedBy      []ContactMethod
	Note           string
}

// ConfirmArrival records the arrival of a shipped order: when, in what condition, how
// the driver behaved, who signed and how the receiver was reached. Staff who may act on
// the order; idempotent by key. Returns BAD_USER_INPUT, ORDER_NOT_SHIPPED before the
// parcel left, ORDER_CANCELLED, ARRIVAL_ALREADY_CONFIRMED for a second confirmation,
// NOT_FOUND for an order the caller cannot see.
func (s *Service) ConfirmArrival(ctx context.Context, key, orderID string, in ArrivalInput) (*Arrival, bool, error) {
	const op = "tracking.ConfirmArrival"
	p, err := order.Actor(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	switch {
	case in.ArrivedAt.IsZero() || in.ArrivedAt.After(now.Add(maxClockSkew)):
		return nil, false, apperr.Invalid(op, "arrivedAt", "到达时间不能晚于当前时间", "The arrival time cannot be in the future")
	case !slices.Contains(conditions, in.GoodsCondition):
		return nil, false, apperr.Invalid(op, "goodsCondition", "请选择货物状况", "Choose the goods' condition")
	case !slices.Contains(attitudes, in.DriverAttitude):
		return nil, false, apperr.Invalid(op, "driverAttitude", "请选择司机服务态度", "Choose the driver's attitude")
	case len(in.ReachedBy) == 0:
		return nil, false, apperr.Invalid(op, "reachedBy", "请选择联系收件人的方式", "Say how the receiver was reached")
	}
	var reached []string
	for _, m := range in.ReachedBy {
		if !slices.Contains(methods, m) {
			return nil, false, apperr.Invalid(op, "reachedBy", "联系方式无效", "Unknown contact method")
		}
		if !slices.Contains(reached, string(m)) {
			reached = append(reached, string(m))
		}
	}
	if in.SignerName, err = signerRule.Clean(op, in.SignerName); err != nil {
		return nil, false, err
	}
	if in.Note, err = eventNoteRule.Clean(op, in.Note); err != nil {
		return nil, false, err
	}
	in.ArrivedAt = in.ArrivedAt.UTC().Truncate(time.Millisecond)
	var out *Arrival
	var replayed bool
	out, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{orderID, in}), now,
		func(ctx context.Context, tx bun.Tx) (*Arrival, error) {
			o, err := order.ByID(ctx, tx, orderID)
			if err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return nil, apperr.E(op, apperr.NotFound)
				}
				return nil, err
			}
			switch {
			case !order.CanAct(p, o):
				return nil, apperr.E(op, apperr.NotFound)
			case o.State == order.Cancelled:
				return nil, apperr.E(op, apperr.OrderCancelled)
			case o.Stage != order.Shipped:
				return nil, apperr.E(op, apperr.OrderNotShipped)
			}
			a := &Arrival{ID: uuid.Must(uuid.NewV7()).String(), OrderID: o.ID, ArrivedAt: in.ArrivedAt,
				GoodsCondition: in.GoodsCondition, DriverAttitude: in.DriverAttitude, SignerName: in.SignerName,
				ReachedByCSV: strings.Join(reached, ","), Note: in.Note, RecordedBy: p.ID, RecordedAt: now}
			if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
				if db.IsUniqueViolation(err) {
					return nil, apperr.E(op, apperr.ArrivalAlreadyConfirmed)
				}
				return nil, err
			}
			return a, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return out, replayed, nil
}

// ArrivalsOf loads the arrival confirmations of orders (for dataloaders).
func (s *Service) ArrivalsOf(ctx context.Context, orderIDs []string) ([]*Arrival, error) {
	var out []*Arrival
	err := s.DB.R.NewSelect().Model(&out).Where("order_id IN (?)", bun.List(orderIDs)).Scan(ctx)
	return out, apperr.Wrap("tracking.ArrivalsOf", err)
}
