package tracking

import (
	"context"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/ratelimit"
)

// The customer look-up needs no login, so the per-waybill lock alone would let one client
// try many waybills. Look-ups are therefore also budgeted per client address, in a token
// bucket (key LookupKey) that every instance shares on PostgreSQL.

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

// LookupKey is the rate-limit key of one client address's look-ups.
func LookupKey(addr string) string { return "lookup:" + addr }

// limiter returns the service's rate limiter (one made for s.DB when none was given).
func (s *Service) limiter() *ratelimit.Limiter {
	s.limiterOnce.Do(func() {
		if s.Limiter == nil {
			s.Limiter = ratelimit.New(s.DB)
		}
	})
	return s.Limiter
}

// throttle takes one look-up from the caller's address budget of perMinute a minute
// (holding at most perMinute) and refuses it when spent: THROTTLED with
// retryAfterSeconds. Calls without an address (in-process callers) are not budgeted.
func (s *Service) throttle(ctx context.Context, op string, now time.Time, perMinute int) error {
	addr := lookupSourceFrom(ctx)
	if addr == "" || perMinute <= 0 {
		return nil
	}
	r, err := s.limiter().Take(ctx, LookupKey(addr), perMinute, 1, now)
	if err != nil {
		return apperr.Wrap(op, err)
	}
	if !r.OK {
		return apperr.E(op, apperr.Throttled).
			Explain("查询过于频繁,请稍后再试", "Too many look-ups from this network; try again later").
			With("retryAfterSeconds", r.RetryAfterSeconds())
	}
	return nil
}
