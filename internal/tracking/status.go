package tracking

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/order"
)

// Status is a milestone of a parcel's journey.
type Status string

// The milestones shown to customers, plus exception and returned.
const (
	Created        Status = "CREATED"          // 已下单 (no event yet)
	PickedUp       Status = "PICKED_UP"        // 已揽收
	InTransit      Status = "IN_TRANSIT"       // 运输中
	ArrivedAtHub   Status = "ARRIVED_AT_HUB"   // 到达分拨中心
	OutForDelivery Status = "OUT_FOR_DELIVERY" // 派送中
	Signed         Status = "SIGNED"           // 已签收
	Exception      Status = "EXCEPTION"        // 异常
	Returned       Status = "RETURNED"         // 已退回
)

// ExceptionReason is the sub-status of an exception.
type ExceptionReason string

// The reasons. LATE is never sent by a scanner: it is what a parcel past its expected
// arrival shows.
const (
	ReasonDelay               ExceptionReason = "DELAY"
	ReasonDamaged             ExceptionReason = "DAMAGED"
	ReasonLost                ExceptionReason = "LOST"
	ReasonAddressProblem      ExceptionReason = "ADDRESS_PROBLEM"
	ReasonReceiverUnreachable ExceptionReason = "RECEIVER_UNREACHABLE"
	ReasonRefused             ExceptionReason = "REFUSED"
	ReasonDetained            ExceptionReason = "DETAINED"
	ReasonWeather             ExceptionReason = "WEATHER"
	ReasonOther               ExceptionReason = "OTHER"
	ReasonLate                ExceptionReason = "LATE"
)

var scannerReasons = map[ExceptionReason]bool{ReasonDelay: true, ReasonDamaged: true, ReasonLost: true,
	ReasonAddressProblem: true, ReasonReceiverUnreachable: true, ReasonRefused: true, ReasonDetained: true,
	ReasonWeather: true, ReasonOther: true}

// Event is one scan or report of a parcel.
type Event struct {
	bun.BaseModel `bun:"table:tracking_events"`

	ID              string          `bun:"id,pk" json:"id"`
	EventKey        string          `bun:"event_key" json:"eventKey"`
	OrderID         string          `bun:"order_id" json:"orderId"`
	Status          Status          `bun:"status" json:"status"`
	ExceptionReason ExceptionReason `bun:"exception_reason" json:"exceptionReason"`
	SignerName      string          `bun:"signer_name" json:"signerName"`
	OccurredAt      time.Time       `bun:"occurred_at" json:"occurredAt"`
	RecordedAt      time.Time       `bun:"recorded_at" json:"recordedAt"`
	Place           string          `bun:"place" json:"place"`
	ScannedBy       string          `bun:"scanned_by" json:"scannedBy"`
	Note            string          `bun:"note" json:"note"`
	SourceKind      string          `bun:"source_kind" json:"sourceKind"`
	SourceID        string          `bun:"source_id" json:"sourceId"`
}

// Milestone groups: a later group always wins over an earlier one, whatever order the
// events arrive in; within a group the later event time wins (a parcel goes hub to hub
// in transit). Signed and returned end the journey.
var group = map[Status]int{PickedUp: 1, InTransit: 2, ArrivedAtHub: 2, OutForDelivery: 3, Signed: 4, Returned: 4}

// Current is the parcel's status from all its events: the furthest milestone, unless an
// exception was reported after it and the journey is not over.
func Current(events []*Event) (Status, ExceptionReason, *time.Time) {
	var best, exc *Event
	for _, e := range events {
		if e.Status == Exception {
			if exc == nil || e.OccurredAt.After(exc.OccurredAt) {
				exc = e
			}
			continue
		}
		if best == nil || group[e.Status] > group[best.Status] ||
			(group[e.Status] == group[best.Status] && e.OccurredAt.After(best.OccurredAt)) {
			best = e
		}
	}
	if exc != nil && (best == nil || (group[best.Status] < 4 && exc.OccurredAt.After(best.OccurredAt))) {
		at := exc.OccurredAt
		return Exception, exc.ExceptionReason, &at
	}
	if best == nil {
		return "", "", nil
	}
	at := best.OccurredAt
	return best.Status, "", &at
}

// ExpectedArrival revises the order's expected arrival from its events: the service's
// promise counted from pick-up (from intake before it), and the same evening once the
// parcel is out for delivery.
func ExpectedArrival(o *order.Order, events []*Event, zone *time.Location) time.Time {
	var pickup, out *Event
	for _, e := range events {
		switch e.Status {
		case PickedUp:
			if pickup == nil || e.OccurredAt.Before(pickup.OccurredAt) {
				pickup = e
			}
		case OutForDelivery:
			if out == nil || e.OccurredAt.After(out.OccurredAt) {
				out = e
			}
		}
	}
	switch {
	case out != nil:
		return order.OutForDeliveryArrival(o, out.OccurredAt, zone)
	case pickup != nil:
		return order.PromisedArrival(o, pickup.OccurredAt, zone)
	default:
		return order.PromisedArrival(o, o.CreatedAt, zone)
	}
}

// View is what a parcel shows now: the status from its events, or an exception
// (LATE) when it is past its expected arrival and still travelling.
type View struct {
	Status          Status
	ExceptionReason ExceptionReason
	Late            bool
}

// ViewOf is the status o shows at now.
func ViewOf(o *order.Order, now time.Time) View {
	v := View{Status: Status(o.TrackingStatus), ExceptionReason: ExceptionReason(o.TrackingExceptionReason)}
	if v.Status == "" {
		v.Status = Created
	}
	if o.IsLate(now) {
		v.Late = true
		if v.Status != Exception {
			v.Status, v.ExceptionReason = Exception, ReasonLate
		}
	}
	return v
}
