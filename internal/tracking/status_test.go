package tracking

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/order"
)

func TestCurrentFollowsMilestonesNotArrivalOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	at := func(h int, s Status, reason ExceptionReason) *Event {
		return &Event{Status: s, ExceptionReason: reason, OccurredAt: t0.Add(time.Duration(h) * time.Hour)}
	}
	cases := []struct {
		name   string
		events []*Event
		want   Status
		reason ExceptionReason
	}{
		{"no events is no status", nil, "", ""},
		{"a late-arriving pick-up does not undo out for delivery", []*Event{at(5, OutForDelivery, ""), at(1, PickedUp, "")}, OutForDelivery, ""},
		{"hub to hub: the later transit scan wins within its group", []*Event{at(3, ArrivedAtHub, ""), at(4, InTransit, ""), at(2, InTransit, "")}, InTransit, ""},
		{"an exception after the last milestone shows", []*Event{at(1, PickedUp, ""), at(2, Exception, ReasonDamaged)}, Exception, ReasonDamaged},
		{"a milestone after the exception clears it", []*Event{at(2, Exception, ReasonDelay), at(3, OutForDelivery, "")}, OutForDelivery, ""},
		{"an exception reported before the milestone time does not show", []*Event{at(5, InTransit, ""), at(4, Exception, ReasonWeather)}, InTransit, ""},
		{"a signature ends the journey even with a later exception", []*Event{at(5, Signed, ""), at(6, Exception, ReasonOther)}, Signed, ""},
		{"returned ends the journey", []*Event{at(2, OutForDelivery, ""), at(3, Returned, "")}, Returned, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, reason, _ := Current(c.events)
			if got != c.want || reason != c.reason {
				t.Errorf("Current = %s/%s, want %s/%s", got, reason, c.want, c.reason)
			}
		})
	}
}

func TestSlotTimesAreLocal(t *testing.T) {
	zone, _ := time.LoadLocation("Asia/Shanghai")
	start, due, err := SlotTimes("2026-11-24", Afternoon, zone)
	if err != nil {
		t.Fatal(err)
	}
	if start != time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC) || due != time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC) {
		t.Errorf("afternoon round %s–%s, want 16:00–19:00 Shanghai", start, due)
	}
	if _, _, err := SlotTimes("2026-13-01", Morning, zone); err == nil {
		t.Error("a bad day must be refused")
	}
}

// The progress kept on an order must not depend on how events were split into batches
// or in which order they arrived: every permutation folded in gives the status and ETA
// that the whole timeline gives.
func TestProgressFoldsEventsInAnyOrder(t *testing.T) {
	zone, _ := time.LoadLocation("Asia/Shanghai")
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	o := &order.Order{Service: order.Standard, CreatedAt: t0.Add(-time.Hour)}
	events := []*Event{
		{Status: PickedUp, OccurredAt: t0.Add(2 * time.Hour)},
		{Status: PickedUp, OccurredAt: t0.Add(1 * time.Hour)}, // a second pick-up scan, earlier
		{Status: InTransit, OccurredAt: t0.Add(5 * time.Hour)},
		{Status: Exception, ExceptionReason: ReasonWeather, OccurredAt: t0.Add(30 * time.Hour)},
		{Status: ArrivedAtHub, OccurredAt: t0.Add(20 * time.Hour)},
		{Status: OutForDelivery, OccurredAt: t0.Add(40 * time.Hour)},
		{Status: Exception, ExceptionReason: ReasonReceiverUnreachable, OccurredAt: t0.Add(44 * time.Hour)},
	}
	for prefix := 0; prefix <= len(events); prefix++ {
		timeline := events[:prefix]
		var sorted Progress
		for _, e := range timeline {
			sorted.Add(e)
		}
		wantSt, wantReason, _ := sorted.Current()
		wantETA := sorted.ExpectedArrival(o, zone, nil)
		permute(timeline, func(perm []*Event) {
			var p Progress
			for _, e := range perm {
				p.Add(e)
			}
			st, reason, _ := p.Current()
			if st != wantSt || reason != wantReason || !p.ExpectedArrival(o, zone, nil).Equal(wantETA) {
				t.Fatalf("events %v folded to %s/%s ETA %s, want %s/%s ETA %s", statuses(perm), st, reason,
					p.ExpectedArrival(o, zone, nil), wantSt, wantReason, wantETA)
			}
		})
	}
	var p Progress
	for _, e := range events {
		p.Add(e)
	}
	if st, reason, _ := p.Current(); st != Exception || reason != ReasonReceiverUnreachable {
		t.Errorf("an exception after out-for-delivery shows: %s/%s", st, reason)
	}
	if *p.PickedUpAt != t0.Add(time.Hour) || *p.OutAt != t0.Add(40*time.Hour) {
		t.Errorf("first pick-up %s, latest out-for-delivery %s", p.PickedUpAt, p.OutAt)
	}
}

func permute(events []*Event, fn func([]*Event)) {
	var rec func(k int)
	a := append([]*Event(nil), events...)
	rec = func(k int) {
		if k == len(a) {
			fn(a)
			return
		}
		for i := k; i < len(a); i++ {
			a[k], a[i] = a[i], a[k]
			rec(k + 1)
			a[k], a[i] = a[i], a[k]
		}
	}
	rec(0)
}

func statuses(events []*Event) []Status {
	out := make([]Status, len(events))
	for i, e := range events {
		out[i] = e.Status
	}
	return out
}
