package order_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// A required arrival is in the future and within the configured horizon (--arrival-horizon,
// 90 days by default): a date in 2099 or in the past is BAD_USER_INPUT on requiredArrivalAt.
func TestRequiredArrivalIsNotInThePastNorBeyondTheHorizon(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		at := func(tm time.Time) order.IntakeInput {
			in := intake()
			in.RequiredArrivalAt = &tm
			return in
		}
		now := w.clock()
		for name, tm := range map[string]time.Time{
			"in 2099":                time.Date(2099, 1, 1, 12, 0, 0, 0, shanghai),
			"a day past the horizon": now.Add(order.DefaultArrivalHorizon + 24*time.Hour),
			"an hour ago":            now.Add(-time.Hour),
			"now":                    now,
		} {
			_, err := w.take(at(tm))
			if err == nil {
				t.Errorf("%s accepted", name)
				continue
			}
			wantField(t, err, "requiredArrivalAt")
		}
		if _, err := w.take(at(now.Add(order.DefaultArrivalHorizon - time.Hour))); err != nil {
			t.Errorf("just inside the horizon: %v", err)
		}
		w.orders.ArrivalHorizon = 7 * 24 * time.Hour
		_, err := w.take(at(now.Add(8 * 24 * time.Hour)))
		wantField(t, err, "requiredArrivalAt")
		if _, err := w.take(at(now.Add(6 * 24 * time.Hour))); err != nil {
			t.Errorf("inside a configured horizon of 7 days: %v", err)
		}
	})
}
