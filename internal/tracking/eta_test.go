package tracking_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/tracking"
)

// A parcel that goes out for delivery at 20:30, after the 20:00 cut-off, is expected by
// the next delivery day's cut-off, never earlier than the scan: it is not late at once.
func TestOutForDeliveryAfterTheCutoffIsExpectedByTheNextWindowNotLateAtOnce(t *testing.T) {
	cases := []struct {
		name    string
		pickup  time.Time
		out     time.Time
		wantETA time.Time
	}{
		{"a scan at 19:30 is expected by 20:00 the same day",
			time.Date(2026, 11, 10, 8, 0, 0, 0, shanghai), time.Date(2026, 11, 10, 19, 30, 0, 0, shanghai), time.Date(2026, 11, 10, 20, 0, 0, 0, shanghai)},
		{"a scan at 20:30 on a Tuesday is expected by 20:00 on Wednesday",
			time.Date(2026, 11, 10, 8, 0, 0, 0, shanghai), time.Date(2026, 11, 10, 20, 30, 0, 0, shanghai), time.Date(2026, 11, 11, 20, 0, 0, 0, shanghai)},
		{"a scan at 20:30 on a Friday is expected on Monday, the next working day",
			time.Date(2026, 11, 13, 8, 0, 0, 0, shanghai), time.Date(2026, 11, 13, 20, 30, 0, 0, shanghai), time.Date(2026, 11, 16, 20, 0, 0, 0, shanghai)},
		{"a scan at 20:30 on New Year's Eve skips the holiday and the weekend (calendar)",
			time.Date(2026, 12, 31, 8, 0, 0, 0, shanghai), time.Date(2026, 12, 31, 20, 30, 0, 0, shanghai), time.Date(2027, 1, 4, 20, 0, 0, 0, shanghai)},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				w.set(c.pickup.Add(-time.Hour))
				o := w.released()
				w.set(c.out.Add(time.Minute))
				w.scan(tracking.EventInput{EventKey: w.key(), WaybillNo: o.WaybillNo, Status: tracking.PickedUp, OccurredAt: c.pickup})
				r := w.scan(tracking.EventInput{EventKey: w.key(), WaybillNo: o.WaybillNo, Status: tracking.OutForDelivery, OccurredAt: c.out})
				if r.Outcome != tracking.Accepted {
					t.Fatalf("scan: %s %v", r.Outcome, r.Err)
				}
				back := w.reload(o.ID)
				if !back.ETA.Equal(c.wantETA) {
					t.Fatalf("ETA %s, want %s", back.ETA.In(shanghai), c.wantETA)
				}
				if back.ETA.Before(c.out) {
					t.Fatalf("ETA %s is before the scan at %s", back.ETA.In(shanghai), c.out)
				}
				v := tracking.ViewOf(back, c.out.Add(10*time.Minute))
				if v.Late || v.Status != tracking.OutForDelivery {
					t.Fatalf("ten minutes after the scan the parcel shows %s/%s late=%v", v.Status, v.ExceptionReason, v.Late)
				}
			})
		}
	})
}
