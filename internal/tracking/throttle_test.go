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
	s := &Service{}
	from := func(addr string) context.Context { return WithLookupSource(context.Background(), addr) }
	for i := 0; i < 3; i++ {
		if err := s.throttle(from("198.51.100.7"), "test", t0.Add(time.Duration(i)*time.Second), 3); err != nil {
			t.Fatalf("look-up %d within the budget: %v", i+1, err)
		}
	}
	err := s.throttle(from("198.51.100.7"), "test", t0.Add(20*time.Second), 3)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Throttled || ae.Extra["retryAfterSeconds"] != 41 {
		t.Errorf("the fourth look-up in a minute is throttled until the window ends: %v", err)
	}
	if err := s.throttle(from("203.0.113.9"), "test", t0.Add(20*time.Second), 3); err != nil {
		t.Errorf("another address has its own budget: %v", err)
	}
	if err := s.throttle(from("198.51.100.7"), "test", t0.Add(time.Minute), 3); err != nil {
		t.Errorf("a new minute starts a new window: %v", err)
	}
	if err := s.throttle(context.Background(), "test", t0, 3); err != nil {
		t.Errorf("in-process callers without an address are not budgeted: %v", err)
	}
}
