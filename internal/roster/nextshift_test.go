package roster_test

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

func TestNextShiftFindsTheShiftThatDecidesQuietHours(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		id := w.staff["CS1001"].ID
		at := func(day, h int) time.Time { return time.Date(2026, 12, day, h, 0, 0, 0, shanghai) }
		for _, c := range []struct {
			name      string
			now       time.Time
			wantStart time.Time
			ok        bool
		}{
			{"between shifts: the next day's shift", at(2, 10), at(3, 9), true},
			{"during a shift: that shift", at(3, 10), at(3, 9), true},
			{"after the last shift of the published month: none within a fortnight", at(31, 19), time.Time{}, false},
			{"before the roster is published: none", at(1, 0).AddDate(0, -1, 0), time.Time{}, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				start, _, ok, err := w.svc.NextShift(context.Background(), id, c.now)
				if err != nil {
					t.Fatal(err)
				}
				if ok != c.ok || (ok && !start.Equal(c.wantStart)) {
					t.Fatalf("NextShift = %s, %v; want %s, %v", start.In(shanghai), ok, c.wantStart.In(shanghai), c.ok)
				}
			})
		}
	})
}
