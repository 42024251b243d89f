package roster_test

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

func TestIsWorkingDayHonoursHolidaysAndAdjustedWorkdays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		var org string
		w.must(d.R.NewRaw(`SELECT id FROM org_units WHERE parent_id IS NULL`).Scan(ctx, &org))
		for _, c := range []struct {
			name    string
			day     string
			working bool
		}{
			{"an ordinary Tuesday is a working day", "2026-11-24", true},
			{"an ordinary Saturday is a day off", "2026-11-28", false},
			{"a weekday holiday (国庆节) is a day off", "2026-10-05", false},
			{"a Sunday made a working day (元旦调休) is a working day", "2026-01-04", true},
			{"a Saturday made a working day (春节调休) is a working day", "2026-02-28", true},
			{"New Year's Day 2027 is a day off", "2027-01-01", false},
		} {
			t.Run(c.name, func(t *testing.T) {
				day, _ := time.ParseInLocation("2006-01-02", c.day, shanghai)
				got, err := w.svc.IsWorkingDay(ctx, org, day)
				w.must(err)
				if got != c.working {
					t.Fatalf("IsWorkingDay(%s) = %v, want %v", c.day, got, c.working)
				}
			})
		}

		// The calendar date is read in the organisation's zone: 17:00 UTC on Jan 3 is
		// already Sunday Jan 4 in Shanghai.
		got, err := w.svc.IsWorkingDay(ctx, org, time.Date(2026, 1, 3, 17, 0, 0, 0, time.UTC))
		w.must(err)
		if !got {
			t.Fatal("Jan 4 2026 (Shanghai) is an adjusted working day")
		}

		feb, err := w.svc.WorkingDaysOfMonth(ctx, org, "2026-02")
		w.must(err)
		working := 0
		for _, ok := range feb {
			if ok {
				working++
			}
		}
		// 20 weekdays, less 6 weekday holidays (Feb 16–20, 23), plus Saturdays 14 and 28.
		if len(feb) != 28 || working != 16 || !feb["2026-02-14"] || feb["2026-02-16"] {
			t.Fatalf("February 2026: %d days, %d working: %v", len(feb), working, feb)
		}

		_, err = w.svc.WorkingDaysOfMonth(ctx, org, "2026-13")
		wantCode(t, err, apperr.BadUserInput)
		_, err = w.svc.IsWorkingDay(ctx, w.depot, time.Now())
		wantCode(t, err, apperr.NotFound)
	})
}
