package tracking

import (
	"testing"
	"time"
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
