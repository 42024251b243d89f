package tracking

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/ratelimit"
)

// The address budget holds whether it is charged on its own (in-memory buckets, or
// limiters apart) or in one statement with the guess counts (one shared table).
func TestLookupsAreBudgetedPerAddress(t *testing.T) {
	t.Run("memory", func(t *testing.T) { lookupsAreBudgetedPerAddress(t, &Service{}) })
	// (Subtests of distinct names: a repeated name gets "#01", and a '#' in the SQLite
	// file's path ends it, so both would open one file.)
	t.Run("one-table", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			lookupsAreBudgetedPerAddress(t, &Service{Limiter: ratelimit.Shared(d), Guesses: ratelimit.Shared(d)})
		})
	})
	t.Run("apart", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			lookupsAreBudgetedPerAddress(t, &Service{Limiter: ratelimit.Shared(d), Guesses: ratelimit.InMemoryFor(16, time.Hour)})
		})
	})
}

func lookupsAreBudgetedPerAddress(t *testing.T, s *Service) {
	t0 := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	// Guesses are plentiful here, and each look-up names its own waybill: only the
	// address budget of three a minute can refuse.
	p := LookupPolicy{MaxFailures: 100, WaybillMaxFailures: 100, Window: 15 * time.Minute, PerSourcePerMinute: 3}
	from := func(addr string) context.Context { return WithLookupSource(context.Background(), addr) }
	n := 0
	admit := func(ctx context.Context, at time.Duration) error {
		n++
		_, err := s.admitLookup(ctx, "test", fmt.Sprintf("SF%010d", n), t0.Add(at), p, false)
		return err
	}
	throttled := func(err error) int {
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Throttled {
			return 0
		}
		return ae.Extra["retryAfterSeconds"].(int)
	}
	for i := 0; i < 3; i++ {
		if err := admit(from("198.51.100.7"), 0); err != nil {
			t.Fatalf("look-up %d within the budget: %v", i+1, err)
		}
	}
	// Three a minute refill one look-up every twenty seconds.
	if err := admit(from("198.51.100.7"), 5*time.Second); throttled(err) != 15 {
		t.Errorf("the fourth look-up is throttled until one has refilled: %v", err)
	}
	if err := admit(from("203.0.113.9"), 5*time.Second); err != nil {
		t.Errorf("another address has its own budget: %v", err)
	}
	if err := admit(from("198.51.100.7"), 20*time.Second); err != nil {
		t.Errorf("waiting as told is enough: %v", err)
	}
	if err := admit(from("198.51.100.7"), 20*time.Second); throttled(err) != 20 {
		t.Errorf("the refilled look-up is spent again: %v", err)
	}
	for i := 0; i < 5; i++ {
		if err := admit(context.Background(), 0); err != nil {
			t.Errorf("in-process callers without an address are not budgeted: %v", err)
		}
	}
	// A throttled look-up takes no guess: the waybill it named still has all of its own.
	const w = "SF7777777777"
	if _, err := s.admitLookup(from("198.51.100.7"), "test", w, t0.Add(20*time.Second), p, false); throttled(err) == 0 {
		t.Fatalf("still throttled: %v", err)
	}
	one := LookupPolicy{MaxFailures: 1, WaybillMaxFailures: 1, Window: 15 * time.Minute, PerSourcePerMinute: 3}
	if _, err := s.admitLookup(from("203.0.113.9"), "test", w, t0.Add(20*time.Second), one, false); err != nil {
		t.Errorf("the throttled look-up took a guess at %s: %v", w, err)
	}
}

// A right guess comes back with its timeline's read: on the PostgreSQL primary in that one
// statement, elsewhere in two. Five right look-ups from one address at a waybill that
// allows two wrong guesses all pass, and the counts are full again after each.
func TestARightGuessIsGivenBackWithItsTimeline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := &Service{DB: d, Limiter: ratelimit.Shared(d), Guesses: ratelimit.Shared(d)}
		t0 := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
		p := LookupPolicy{MaxFailures: 2, WaybillMaxFailures: 2, Window: 15 * time.Minute, PerSourcePerMinute: 100}
		var c db.StatementCounter
		ctx := db.WithStatementCounter(WithLookupSource(context.Background(), "198.51.100.8"), &c)
		for i := range 5 {
			g, err := s.admitLookup(ctx, "test", "SF6666666666", t0, p, false)
			if err != nil {
				t.Fatalf("right look-up %d: %v", i+1, err)
			}
			events, err := g.giveBackAndRead(ctx, d.W, "no-such-order")
			if err != nil || len(events) != 0 {
				t.Fatalf("give back and read: %v, %d events", err, len(events))
			}
		}
		want := int64(5 * 2) // the charge, then the give-back with the read
		if d.Dialect == db.SQLite {
			want = 5 * 4 // the budget, the guesses, the give-back, the read
		}
		if c.Count() != want {
			t.Errorf("%d statements for five right look-ups, want %d", c.Count(), want)
		}
	})
}
