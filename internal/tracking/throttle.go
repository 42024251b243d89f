package tracking

import (
	"context"
	"sync"
	"time"

	"github.com/expresscs/cs/internal/apperr"
)

// The customer look-up needs no login, so the per-waybill lock alone would let one client
// try many waybills. Each instance therefore also counts look-ups per client address in
// one-minute windows; behind N instances a client gets at most N times the budget, which
// is still far below what guessing needs.

type lookupSourceKey struct{}

// WithLookupSource records the client address a request came from (the HTTP layer sets
// it), so CustomerLookup can budget look-ups per address.
func WithLookupSource(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, lookupSourceKey{}, addr)
}

func lookupSourceFrom(ctx context.Context) string {
	s, _ := ctx.Value(lookupSourceKey{}).(string)
	return s
}

// sourceWindow is one address's count in the current minute.
type sourceWindow struct {
	start time.Time
	n     int
}

// sourceBudget counts look-ups per address.
type sourceBudget struct {
	mu      sync.Mutex
	windows map[string]*sourceWindow
}

// maxTrackedSources bounds the memory the counters take; past it, finished windows are
// dropped.
const maxTrackedSources = 10000

// take counts one look-up from addr at now and returns how long to wait when the address
// has used perMinute look-ups in this window (0 when the look-up may run).
func (b *sourceBudget) take(addr string, now time.Time, perMinute int) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.windows == nil {
		b.windows = map[string]*sourceWindow{}
	}
	w := b.windows[addr]
	if w == nil || !now.Before(w.start.Add(time.Minute)) {
		if w == nil && len(b.windows) >= maxTrackedSources {
			for k, old := range b.windows {
				if !now.Before(old.start.Add(time.Minute)) {
					delete(b.windows, k)
				}
			}
		}
		w = &sourceWindow{start: now}
		b.windows[addr] = w
	}
	if w.n >= perMinute {
		return w.start.Add(time.Minute).Sub(now)
	}
	w.n++
	return 0
}

// throttle refuses a look-up over the caller's address budget: THROTTLED with
// retryAfterSeconds. Calls without an address (in-process callers) are not budgeted.
func (s *Service) throttle(ctx context.Context, op string, now time.Time, perMinute int) error {
	addr := lookupSourceFrom(ctx)
	if addr == "" || perMinute <= 0 {
		return nil
	}
	if wait := s.sources.take(addr, now, perMinute); wait > 0 {
		return apperr.E(op, apperr.Throttled).
			Explain("查询过于频繁,请稍后再试", "Too many look-ups from this network; try again later").
			With("retryAfterSeconds", int(wait.Seconds())+1)
	}
	return nil
}
