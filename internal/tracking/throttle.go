package tracking

import (
	"context"
	"net/netip"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/ratelimit"
)

// The customer look-up needs no login. Guesses at one waybill are counted per waybill and
// client address, under a ceiling per waybill (admitLookup); and so that one client cannot
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

// guessLimiter returns the limiter of guesses: the one given, else the service's limiter
// when its buckets are shared, else one made for s.DB that keeps idle guess buckets for
// the look-up window.
func (s *Service) guessLimiter() *ratelimit.Limiter {
	s.guessesOnce.Do(func() {
		switch l := s.limiter(); {
		case s.Guesses != nil:
		case l.SharesBucketsWith(l):
			// Buckets kept in the database hold any rate: one limiter serves the address
			// budgets and the guesses, so their charges go in the same batches.
			s.Guesses = l
		default:
			s.Guesses = ratelimit.NewFor(s.DB, s.lookupPolicy().Window)
		}
	})
	return s.Guesses
}

// claimedGuess is a guess taken from both counts, to give back if it was right.
type claimedGuess struct {
	s    *Service
	pair ratelimit.Charge // the caller's allowance at the waybill
	wb   ratelimit.Charge // the waybill's ceiling
	now  time.Time
}

// admitLookup charges a look-up before its answer is known: one look-up from the caller's
// address budget of perMinute a minute (throttle; calls without an address, in-process
// callers, are not budgeted), then one guess at waybill w from the caller's allowance at
// it (key "guess:<w>:<source>") and one from the waybill's ceiling ("guess:<w>"). Every
// count is checked and charged in one step, so concurrent guesses (aliases of one request,
// requests at once, several instances) are all counted. A spent address budget answers
// THROTTLED and a spent guess count TRACKING_LOOKUP_LOCKED, both with retryAfterSeconds,
// and then no guess is taken (a throttled look-up touches no guess count; a guess taken
// from one count while the other refused is given back, as before). In-process callers
// without an address share one allowance.
//
// When the budget and the guess counts are kept in the same shared table (PostgreSQL),
// the three charges are one statement (ratelimit.TakeAfter), and a give-back only
// follows a refused guess.
//
// known is set when the caller already knows the digits are right (a kept parcel, see
// CustomerLookup): that is no guess, so the guess counts are only checked
// (ratelimit.Check), nothing is taken from them and nothing is returned to give back; a
// spent count still answers TRACKING_LOOKUP_LOCKED, so a locked-out address learns
// nothing from its right digits either.
func (s *Service) admitLookup(ctx context.Context, op, w string, now time.Time, p LookupPolicy, known bool) (*claimedGuess, error) {
	source := lookupSourceFrom(ctx)
	local := source
	if local == "" {
		local = "local"
	}
	g := &claimedGuess{s: s, now: now,
		pair: ratelimit.Charge{Key: "guess:" + w + ":" + sourceOf(local), Points: 1,
			Rate: ratelimit.Rate{Burst: p.MaxFailures, Per: p.Window}},
		wb: ratelimit.Charge{Key: "guess:" + w, Points: 1,
			Rate: ratelimit.Rate{Burst: max(p.WaybillMaxFailures, p.MaxFailures), Per: p.Window}}}
	budgeted := source != "" && p.PerSourcePerMinute > 0
	budget := ratelimit.Charge{Key: LookupKey(source), Points: 1, Rate: ratelimit.PerMinute(max(1, p.PerSourcePerMinute))}
	guesses := s.guessLimiter()
	charges := []ratelimit.Charge{g.pair, g.wb}
	var rs []ratelimit.Result
	var err error
	takeEach, takeAfter := guesses.TakeEach, guesses.TakeAfter
	if known {
		takeEach, takeAfter = guesses.Check, guesses.TakeAfterChecking
	}
	if budgeted {
		// The address budget first: a throttled caller takes no guess and, with one
		// shared table, does not even touch the guess counts' rows.
		var r ratelimit.Result
		if guesses.SharesBucketsWith(s.limiter()) {
			r, rs, err = takeAfter(ctx, budget, charges, now)
		} else if r, err = s.limiter().TakeRate(ctx, budget.Key, budget.Rate, 1, now); err == nil && r.OK {
			rs, err = takeEach(ctx, charges, now)
		}
		if err != nil {
			return nil, apperr.Wrap(op, err)
		}
		if !r.OK {
			return nil, throttled(op, r)
		}
	} else if rs, err = takeEach(ctx, charges, now); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var refusal error
	switch {
	case !rs[0].OK:
		refusal = lookupLocked(op, rs[0])
	case !rs[1].OK:
		refusal = lookupLocked(op, rs[1])
	case known:
		return nil, nil
	default:
		return g, nil
	}
	if known {
		return nil, refusal // nothing was taken
	}
	var back []ratelimit.Charge
	for i, c := range charges {
		if rs[i].OK {
			back = append(back, c)
		}
	}
	if err := guesses.GiveEach(ctx, back, now); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return nil, refusal
}

// giveBack returns a right guess to both counts, in one step: knowing the answer is not
// guessing.
func (g *claimedGuess) giveBack(ctx context.Context) error {
	return g.s.guessLimiter().GiveEach(ctx, []ratelimit.Charge{g.pair, g.wb}, g.now)
}

// giveBackAndRead gives a right guess back (giveBack) and reads order id's timeline from
// r. When r is the primary of the PostgreSQL database that also keeps the guess counts,
// both go in one statement (the give-back a data-modifying WITH ahead of the read,
// ratelimit.GiveEachAhead): the guess is back before the answer leaves, as with two
// statements, one round trip fewer. Otherwise (SQLite, memory, a replica) two steps.
func (g *claimedGuess) giveBackAndRead(ctx context.Context, r *bun.DB, orderID string) ([]*Event, error) {
	s := g.s
	var events []*Event
	if r == s.DB.W {
		if head, args, ok := s.guessLimiter().GiveEachAhead(s.DB, []ratelimit.Charge{g.pair, g.wb}, g.now); ok {
			text := head + db.SelectFrom(r, (*Event)(nil), "WHERE order_id = ?"+strconv.Itoa(len(args))+timelineOrder)
			err := s.DB.Select(ctx, r, &events, text, append(args, orderID)...)
			return events, err
		}
	}
	if err := g.giveBack(ctx); err != nil {
		return nil, err
	}
	err := s.DB.Select(ctx, r, &events, db.SelectFrom(r, (*Event)(nil), "WHERE order_id = ?"+timelineOrder), orderID)
	return events, err
}

func lookupLocked(op string, r ratelimit.Result) error {
	return apperr.E(op, apperr.TrackingLookupLocked).With("retryAfterSeconds", r.RetryAfterSeconds())
}

func throttled(op string, r ratelimit.Result) error {
	return apperr.E(op, apperr.Throttled).
		Explain("查询过于频繁,请稍后再试", "Too many look-ups from this network; try again later").
		With("retryAfterSeconds", r.RetryAfterSeconds())
}
