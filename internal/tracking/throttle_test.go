package tracking

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
)

func TestLookupsAreBudgetedPerAddress(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	s := &Service{} // no database: the in-memory buckets of a single process
	from := func(addr string) context.Context { return WithLookupSource(context.Background(), addr) }
	throttled := func(err error) int {
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Throttled {
			return 0
		}
		return ae.Extra["retryAfterSeconds"].(int)
	}
	for i := 0; i < 3; i++ {
		if err := s.throttle(from("198.51.100.7"), "test", t0, 3); err != nil {
			t.Fatalf("look-up %d within the budget: %v", i+1, err)
		}
	}
	// Three a minute refill one look-up every twenty seconds.
	if err := s.throttle(from("198.51.100.7"), "test", t0.Add(5*time.Second), 3); throttled(err) != 15 {
		t.Errorf("the fourth look-up is throttled until one has refilled: %v", err)
	}
	if err := s.throttle(from("203.0.113.9"), "test", t0.Add(5*time.Second), 3); err != nil {
		t.Errorf("another address has its own budget: %v", err)
	}
	if err := s.throttle(from("198.51.100.7"), "test", t0.Add(20*time.Second), 3); err != nil {
		t.Errorf("waiting as told is enough: %v", err)
	}
	if err := s.throttle(from("198.51.100.7"), "test", t0.Add(20*time.Second), 3); throttled(err) != 20 {
		t.Errorf("the refilled look-up is spent again: %v", err)
	}
	if err := s.throttle(context.Background(), "test", t0, 3); err != nil {
		t.Errorf("in-process callers without an address are not budgeted: %v", err)
	}
}
