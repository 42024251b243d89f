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

// Progress is what a parcel's events add up to, kept on its order so that a new event
// is folded in without reading the timeline again: the furthest milestone, the latest
// exception, the first pick-up and the latest out-for-delivery scan. Folding events in
// any order gives the same result as folding them sorted.
type Progress struct {
	BestStatus      Status          `bun:"tracking_best_status"`
	BestAt          *time.Time      `bun:"tracking_best_at"`
	ExceptionReason ExceptionReason `bun:"tracking_last_exception_reason"`
	ExceptionAt     *time.Time      `bun:"tracking_last_exception_at"`
	PickedUpAt      *time.Time      `bun:"tracking_picked_up_at"`
	OutAt           *time.Time      `bun:"tracking_out_at"`
}

// Add folds one event in.
func (p *Progress) Add(e *Event) {
	at := e.OccurredAt
	switch {
	case e.Status == Exception:
		if p.ExceptionAt == nil || at.After(*p.ExceptionAt) {
			p.ExceptionReason, p.ExceptionAt = e.ExceptionReason, &at
		}
		return
	case p.BestAt == nil || group[e.Status] > group[p.BestStatus] ||
		(group[e.Status] == group[p.BestStatus] && at.After(*p.BestAt)):
		p.BestStatus, p.BestAt = e.Status, &at
	}
	switch e.Status {
	case PickedUp:
		if p.PickedUpAt == nil || at.Before(*p.PickedUpAt) {
			p.PickedUpAt = &at
		}
	case OutForDelivery:
		if p.OutAt == nil || at.After(*p.OutAt) {
			p.OutAt = &at
		}
	}
}

// Current is the parcel's status: the furthest milestone, unless an exception was
// reported after it and the journey is not over.
func (p *Progress) Current() (Status, ExceptionReason, *time.Time) {
	if p.ExceptionAt != nil && (p.BestAt == nil || (group[p.BestStatus] < 4 && p.ExceptionAt.After(*p.BestAt))) {
		return Exception, p.ExceptionReason, p.ExceptionAt
	}
	if p.BestAt == nil {
		return "", "", nil
	}
	return p.BestStatus, "", p.BestAt
}

// ExpectedArrival revises the order's expected arrival: the service's promise counted
// from pick-up (from intake before it), and once the parcel is out for delivery the
// day's 20:00 cut-off, or the next delivery day's when it went out after the cut-off
// (deliveryDay is the organisation's calendar; nil takes every day).
func (p *Progress) ExpectedArrival(o *order.Order, zone *time.Location, deliveryDay func(time.Time) bool) time.Time {
	switch {
	case p.OutAt != nil:
		return order.OutForDeliveryArrival(o, *p.OutAt, zone, deliveryDay)
	case p.PickedUpAt != nil:
		return order.PromisedArrival(o, *p.PickedUpAt, zone)
	default:
		return order.PromisedArrival(o, o.CreatedAt, zone)
	}
}

// Current is the parcel's status from all its events (see Progress.Current).
func Current(events []*Event) (Status, ExceptionReason, *time.Time) {
	var p Progress
	for _, e := range events {
		p.Add(e)
	}
	return p.Current()
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
