package tracking

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/order"
)

// LookupPolicy limits guessing in the customer look-up, per waybill number.
type LookupPolicy struct {
	MaxFailures int           // failed look-ups of one waybill within Window before it locks
	Window      time.Duration // how long failures count and the lock lasts
	// PerSourcePerMinute is how many look-ups one client address may make per minute
	// (0: unlimited).
	PerSourcePerMinute int
}

// DefaultLookupPolicy allows 5 wrong guesses per waybill in 15 minutes and 30 look-ups
// per client address a minute.
var DefaultLookupPolicy = LookupPolicy{MaxFailures: 5, Window: 15 * time.Minute, PerSourcePerMinute: 30}

// lookupFailure counts the failed look-ups of one waybill number.
type lookupFailure struct {
	bun.BaseModel `bun:"table:tracking_lookup_failures"`

	WaybillNo       string    `bun:"waybill_no,pk"`
	Failures        int       `bun:"failures"`
	WindowStartedAt time.Time `bun:"window_started_at"`
}

// PublicEvent is a timeline entry as a customer sees it: no people, no devices.
type PublicEvent struct {
	Status          Status
	ExceptionReason ExceptionReason
	OccurredAt      time.Time
	Place           string
}

// PublicView is the least a customer needs: where the parcel is and when it arrives.
type PublicView struct {
	WaybillNo       string
	Status          Status
	ExceptionReason ExceptionReason
	Late            bool
	Cancelled       bool
	ExpectedArrival time.Time
	DestinationCity string
	Events          []PublicEvent
}

var fourDigits = regexp.MustCompile(`^\d{4}$`)

// CustomerLookup shows a parcel to anyone who knows its waybill number and the last four
// digits of the sender's or receiver's phone; no login. The number is checked before any
// query (BAD_USER_INPUT, WAYBILL_CHECK_DIGIT). An unknown waybill and wrong digits both
// answer NOT_FOUND and count as a failure of that waybill; after too many failures the
// waybill is locked for a while (TRACKING_LOOKUP_LOCKED with retryAfterSeconds). One client
// address making too many look-ups is THROTTLED (retryAfterSeconds) before any query.
func (s *Service) CustomerLookup(ctx context.Context, waybillNo, phoneLast4 string) (*PublicView, error) {
	const op = "tracking.CustomerLookup"
	w, err := order.NormalizeWaybillNo(op, waybillNo)
	if err != nil {
		return nil, err
	}
	if !fourDigits.MatchString(phoneLast4) {
		return nil, apperr.Invalid(op, "phoneLast4", "请输入寄件人或收件人电话的后四位数字", "Enter the last four digits of the sender's or receiver's phone")
	}
	now := s.Now().UTC()
	policy := s.Lookup
	if policy.MaxFailures == 0 {
		policy = DefaultLookupPolicy
	}
	if err := s.throttle(ctx, op, now, policy.PerSourcePerMinute); err != nil {
		return nil, err
	}
	f := new(lookupFailure)
	err = s.DB.R.NewSelect().Model(f).Where("waybill_no = ?", w).Scan(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Wrap(op, err)
	}
	if err == nil && f.Failures >= policy.MaxFailures && now.Before(f.WindowStartedAt.Add(policy.Window)) {
		retry := int(f.WindowStartedAt.Add(policy.Window).Sub(now).Seconds()) + 1
		return nil, apperr.E(op, apperr.TrackingLookupLocked).With("retryAfterSeconds", retry)
	}
	o := new(order.Order)
	err = s.DB.R.NewSelect().Model(o).Where("waybill_no = ?", w).Scan(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Wrap(op, err)
	}
	if errors.Is(err, sql.ErrNoRows) || (order.LastFour(o.Consignor.Phone) != phoneLast4 && order.LastFour(o.Consignee.Phone) != phoneLast4) {
		if err := s.recordLookupFailure(ctx, w, now, policy); err != nil {
			return nil, apperr.Wrap(op, err)
		}
		return nil, apperr.E(op, apperr.NotFound).Explain("未找到该运单,请核对运单号和电话后四位", "No such parcel; check the waybill number and the phone digits")
	}
	var events []*Event
	if err := s.DB.R.NewSelect().Model(&events).Where("order_id = ?", o.ID).OrderExpr("occurred_at, id").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	v := ViewOf(o, now)
	out := &PublicView{WaybillNo: o.WaybillNo, Status: v.Status, ExceptionReason: v.ExceptionReason, Late: v.Late,
		Cancelled: o.State == order.Cancelled, ExpectedArrival: o.ETA, DestinationCity: o.Consignee.City}
	for _, e := range events {
		out.Events = append(out.Events, PublicEvent{Status: e.Status, ExceptionReason: e.ExceptionReason, OccurredAt: e.OccurredAt, Place: e.Place})
	}
	return out, nil
}

// recordLookupFailure counts one failure, starting a new window when the last one ended.
func (s *Service) recordLookupFailure(ctx context.Context, waybillNo string, now time.Time, policy LookupPolicy) error {
	expired := now.Add(-policy.Window)
	_, err := s.DB.W.NewRaw(`INSERT INTO tracking_lookup_failures (waybill_no, failures, window_started_at) VALUES (?, 1, ?)
		ON CONFLICT (waybill_no) DO UPDATE SET
		failures = CASE WHEN tracking_lookup_failures.window_started_at < ? THEN 1 ELSE tracking_lookup_failures.failures + 1 END,
		window_started_at = CASE WHEN tracking_lookup_failures.window_started_at < ? THEN EXCLUDED.window_started_at ELSE tracking_lookup_failures.window_started_at END`,
		waybillNo, now, expired, expired).Exec(ctx)
	return err
}
