package tracking

import (
	"context"
	"net/netip"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/ratelimit"
)

// The customer look-up needs no login. Guesses at one waybill are counted per waybill and
// client address, under a ceiling per waybill (claimGuess); and so that one client cannot
// try many waybills instead, look-ups are also budgeted per client address (throttle).
// Every count is a token bucket that every instance shares on PostgreSQL.

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
func LookupKey(addr string) string { return "lookup:" + sourceOf(addr) }

// sourceOf is the unit a client address is counted in: the address itself for IPv4, its
// /64 network for IPv6 (one subscriber gets a whole /64 and could otherwise change address
// for every request).
func sourceOf(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if a = a.Unmap(); a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// limiter returns the service's rate limiter (one made for s.DB when none was given).
func (s *Service) limiter() *ratelimit.Limiter {
	s.limiterOnce.Do(func() {
		if s.Limiter == nil {
			s.Limiter = ratelimit.New(s.DB)
		}
	})
	return s.Limiter
}

// guessLimiter returns the limiter of guesses (one made for s.DB when none was given).
func (s *Service) guessLimiter() *ratelimit.Limiter {
	s.guessesOnce.Do(func() {
		if s.Guesses == nil {
			s.Guesses = ratelimit.NewFor(s.DB, s.lookupPolicy().Window)
		}
	})
	return s.Guesses
}

// claimedGuess is a guess taken from both counts, to give back if it was right.
type claimedGuess struct {
	s              *Service
	pairKey, wbKey string
	pair, waybill  ratelimit.Rate
	now            time.Time
}

// claimGuess takes one guess at waybill w from the caller's allowance at it (key
// "guess:<w>:<source>") and one from the waybill's ceiling ("guess:<w>"), each counted
// and checked in one step, so concurrent guesses (aliases of one request, requests at
// once, several instances) are all counted. With either spent nothing is taken and the
// answer is TRACKING_LOOKUP_LOCKED with retryAfterSeconds. In-process callers without an
// address share one allowance.
func (s *Service) claimGuess(ctx context.Context, op, w string, now time.Time, p LookupPolicy) (*claimedGuess, error) {
	source := lookupSourceFrom(ctx)
	if source == "" {
		source = "local"
	}
	g := &claimedGuess{s: s, now: now, pairKey: "guess:" + w + ":" + sourceOf(source), wbKey: "guess:" + w,
		pair:    ratelimit.Rate{Burst: p.MaxFailures, Per: p.Window},
		waybill: ratelimit.Rate{Burst: max(p.WaybillMaxFailures, p.MaxFailures), Per: p.Window}}
	l := s.guessLimiter()
	r, err := l.TakeRate(ctx, g.pairKey, g.pair, 1, now)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if !r.OK {
		return nil, lookupLocked(op, r)
	}
	r, err = l.TakeRate(ctx, g.wbKey, g.waybill, 1, now)
	if err == nil && !r.OK {
		err = l.Give(ctx, g.pairKey, g.pair, 1, now)
		if err == nil {
			return nil, lookupLocked(op, r)
		}
	}
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return g, nil
}

// giveBack returns a right guess to both counts: knowing the answer is not guessing.
func (g *claimedGuess) giveBack(ctx context.Context) error {
	l := g.s.guessLimiter()
	if err := l.Give(ctx, g.pairKey, g.pair, 1, g.now); err != nil {
		return err
	}
	return l.Give(ctx, g.wbKey, g.waybill, 1, g.now)
}

func lookupLocked(op string, r ratelimit.Result) error {
	return apperr.E(op, apperr.TrackingLookupLocked).With("retryAfterSeconds", r.RetryAfterSeconds())
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
