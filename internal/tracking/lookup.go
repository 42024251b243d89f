package tracking

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/order"
)

// LookupPolicy limits guessing in the customer look-up. Guesses are counted per waybill
// and client address, so one guesser locks only themself out, under a ceiling per
// waybill across every address, high enough that one guesser cannot reach it and lock
// the real customer out, low enough to stop a crowd of addresses working together.
type LookupPolicy struct {
	// MaxFailures is how many wrong guesses at one waybill one client address may make
	// at once; they come back evenly over Window (five per fifteen minutes: one every
	// three minutes).
	MaxFailures int
	Window      time.Duration
	// WaybillMaxFailures is the ceiling of wrong guesses at one waybill from every
	// address together, coming back evenly over Window.
	WaybillMaxFailures int
	// PerSourcePerMinute is how many look-ups one client address may make per minute
	// (0: unlimited).
	PerSourcePerMinute int
}

// DefaultLookupPolicy allows 5 wrong guesses per waybill and client address in 15
// minutes, 50 per waybill from all addresses together (ten addresses guessing at full
// speed), and 30 look-ups per client address a minute.
var DefaultLookupPolicy = LookupPolicy{MaxFailures: 5, Window: 15 * time.Minute, WaybillMaxFailures: 50, PerSourcePerMinute: 30}

// PublicEvent is a timeline entry as a customer sees it: no people, no devices.
type PublicEvent struct {
	Status          Status
	ExceptionReason ExceptionReason
	OccurredAt      time.Time
	Place           string
}

// PublicView is the least a customer needs: where the parcel is, when it arrives, and
// who signed for it (masked).
type PublicView struct {
	WaybillNo       string
	Status          Status
	ExceptionReason ExceptionReason
	Late            bool
	Cancelled       bool
	ExpectedArrival time.Time
	// FreightFen is the quoted freight charge of an order taken from a quote.
	FreightFen      *int64
	DestinationCity string
	Events          []PublicEvent
	// SignedBy is the signer of the latest signature, masked by MaskName; nil until signed.
	SignedBy *string
}

var fourDigits = regexp.MustCompile(`^\d{4}$`)

// CustomerLookup shows a parcel to anyone who knows its waybill number and the last four
// digits of the sender's or receiver's phone; no login. The number is checked before any
// query (BAD_USER_INPUT, WAYBILL_CHECK_DIGIT). One client address making too many
// look-ups is THROTTLED (retryAfterSeconds) before any query. Every look-up then claims a
// guess, in one step that counts and checks at once however many arrive together: one
// from the caller's allowance at this waybill and one from the waybill's ceiling; with
// either spent the answer is TRACKING_LOOKUP_LOCKED (retryAfterSeconds). A right answer
// gives its guess back; an unknown waybill and wrong digits both answer NOT_FOUND and
// keep it.
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
	policy := s.lookupPolicy()
	// The parcel from the look-up cache, which staff look-ups fill too, or one read with a
	// constant text (db.Select: prepared once on SQLite), through order.
	r := s.DB.Lagging(ctx)
	var (
		o      *order.Order
		events []*Event
	)
	hit, since, use := s.Cache.look(ctx, w) // use: the cache answers or keeps this look-up
	if use {
		r = s.DB.R // what is kept must be the primary's
	}
	if hit != nil {
		if o, events = hit.parcel(); rightDigits(o, phoneLast4) {
			// Right digits at a kept parcel are no guess: the address budget is charged
			// and the guess counts only checked, one step (a spent count still refuses).
			if _, err := s.admitLookup(ctx, op, w, now, policy, true); err != nil {
				return nil, err
			}
			return publicView(o, events, now), nil
		}
	}
	g, err := s.admitLookup(ctx, op, w, now, policy, false)
	if err != nil {
		return nil, err
	}
	if hit == nil {
		if o, err = order.OfWaybill(ctx, s.DB, r, w); err != nil {
			return nil, apperr.Wrap(op, err)
		}
	}
	if !rightDigits(o, phoneLast4) {
		return nil, apperr.E(op, apperr.NotFound).Explain("未找到该运单,请核对运单号和电话后四位", "No such parcel; check the waybill number and the phone digits")
	}
	// Only a parcel read here gets this far: a kept one was answered above or refused.
	if events, err = g.giveBackAndRead(ctx, r, o.ID); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if use {
		s.Cache.keep(since, o, events)
	}
	return publicView(o, events, now), nil
}

// rightDigits reports whether digits are the last four of o's sender's or receiver's
// phone (false for no parcel).
func rightDigits(o *order.Order, digits string) bool {
	return o != nil && (order.LastFour(o.Consignor.Phone) == digits || order.LastFour(o.Consignee.Phone) == digits)
}

// publicView is what the public look-up shows of o and its timeline.
func publicView(o *order.Order, events []*Event, now time.Time) *PublicView {
	v := ViewOf(o, now)
	out := &PublicView{WaybillNo: o.WaybillNo, Status: v.Status, ExceptionReason: v.ExceptionReason, Late: v.Late,
		Cancelled: o.State == order.Cancelled, ExpectedArrival: o.ETA, FreightFen: o.FreightFen, DestinationCity: o.Consignee.City}
	for _, e := range events {
		out.Events = append(out.Events, PublicEvent{Status: e.Status, ExceptionReason: e.ExceptionReason, OccurredAt: e.OccurredAt, Place: e.Place})
		if e.Status == Signed && e.SignerName != "" {
			masked := MaskName(e.SignerName)
			out.SignedBy = &masked
		}
	}
	return out
}

func (s *Service) lookupPolicy() LookupPolicy {
	if s.Lookup.MaxFailures == 0 {
		return DefaultLookupPolicy
	}
	return s.Lookup
}

// MaskName shows a name as carriers show a signer to the public: its first character,
// then one asterisk for each further character (张三 → 张*, 欧阳娜娜 → 欧***); a
// one-character name still gets one asterisk, so the mask never shows a whole name.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + strings.Repeat("*", max(1, len(r)-1))
}
