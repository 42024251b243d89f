package ratelimit

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"golang.org/x/time/rate"

	"github.com/expresscs/cs/internal/db"
)

// Result is the outcome of one Take.
type Result struct {
	OK         bool          // the cost was taken
	Remaining  float64       // what the bucket holds after the charge (or the refusal)
	RetryAfter time.Duration // when refused: how long until the cost fits (0 when OK)
}

// RetryAfterSeconds is RetryAfter in whole seconds, rounded up and at least one: what a
// caller is told to wait (HTTP Retry-After, retryAfterSeconds).
func (r Result) RetryAfterSeconds() int {
	return max(1, int(math.Ceil(r.RetryAfter.Seconds())))
}

// Limiter charges keyed token buckets. Use New; the zero value is not usable.
type Limiter struct {
	shared *db.DB // PostgreSQL (or, in tests, any database): the rate_buckets table

	mu     sync.Mutex
	memory *expirable.LRU[string, *memoryBucket]
}

// MemoryBuckets bounds how many buckets a single-process server keeps. Past it the least
// recently used bucket is dropped, which hands its key a full bucket again: harmless for
// idle keys, and a caller needing this many addresses to get round the look-up budget
// has other ways to.
const MemoryBuckets = 65536

// New returns the limiter for d: shared through the database on PostgreSQL, in memory
// otherwise (SQLite runs as a single process, and a write per request would cost a
// synchronous commit on its only writer connection).
func New(d *db.DB) *Limiter {
	if d != nil && d.Dialect == db.Postgres {
		return Shared(d)
	}
	return InMemory(MemoryBuckets)
}

// Shared returns a limiter whose buckets are rows of d's rate_buckets table, shared by
// every process using d.
func Shared(d *db.DB) *Limiter { return &Limiter{shared: d} }

// InMemory returns a limiter keeping at most size buckets in this process. A bucket
// untouched for a minute is full again, so it is dropped after a minute idle.
func InMemory(size int) *Limiter {
	return &Limiter{memory: expirable.NewLRU[string, *memoryBucket](size, nil, time.Minute)}
}

// Take refills key's bucket for the time since it was last charged (perMinute points a
// minute, holding at most perMinute), then takes cost from it if it fits; a refused
// charge takes nothing, so waiting RetryAfter is enough. A cost above perMinute never
// fits (RetryAfter is then a minute). A now earlier than the bucket's last charge (clocks
// of instances disagreeing a little) refills nothing. perMinute must be positive.
func (l *Limiter) Take(ctx context.Context, key string, perMinute, cost int, now time.Time) (Result, error) {
	var left float64
	var ok bool
	if l.shared != nil {
		var err error
		if left, ok, err = l.takeShared(ctx, key, perMinute, cost, now); err != nil {
			return Result{}, err
		}
	} else {
		left, ok = l.takeInMemory(key, perMinute, cost, now)
	}
	r := Result{OK: ok, Remaining: left}
	if !ok {
		perSecond := float64(perMinute) / 60
		r.RetryAfter = time.Minute
		if cost <= perMinute {
			r.RetryAfter = time.Duration((float64(cost) - left) / perSecond * float64(time.Second))
		}
	}
	return r, nil
}

// chargeSQL refills a bucket for the time since it was last touched, takes the cost if it
// fits, and returns what is left and whether it did, in one statement, so concurrent
// requests on any number of instances never spend the same points twice (the row lock on
// PostgreSQL, the single writer on SQLite). A new key starts full.
// Arguments: ?0 key, ?1 cost, ?2 capacity, ?3 now (Unix µs), ?4 refill per µs.
// Refill never runs backwards when instances' clocks disagree by a little.
const chargeSQL = `INSERT INTO rate_buckets (key, tokens, refilled_at_us, admitted)
VALUES (?0, CASE WHEN ?1 <= ?2 THEN ?2 - ?1 ELSE ?2 END, ?3, ?1 <= ?2)
ON CONFLICT (key) DO UPDATE SET
  tokens = CASE WHEN ` + available + ` >= ?1 THEN ` + available + ` - ?1 ELSE ` + available + ` END,
  admitted = ` + available + ` >= ?1,
  refilled_at_us = CASE WHEN rate_buckets.refilled_at_us > ?3 THEN rate_buckets.refilled_at_us ELSE ?3 END
RETURNING tokens, admitted`

// available is the bucket's content now: what it held plus the refill, at most full.
const available = `(CASE WHEN ` + refilled + ` > ?2 THEN ?2 ELSE ` + refilled + ` END)`

const refilled = `(rate_buckets.tokens + (CASE WHEN ?3 > rate_buckets.refilled_at_us THEN ?3 - rate_buckets.refilled_at_us ELSE 0 END) * ?4)`

func (l *Limiter) takeShared(ctx context.Context, key string, perMinute, cost int, now time.Time) (float64, bool, error) {
	var out struct {
		Tokens   float64 `bun:"tokens"`
		Admitted bool    `bun:"admitted"`
	}
	perMicrosecond := float64(perMinute) / float64(time.Minute/time.Microsecond)
	err := l.shared.W.NewRaw(chargeSQL, key, cost, perMinute, now.UnixMicro(), perMicrosecond).Scan(ctx, &out)
	return out.Tokens, out.Admitted, err
}

// memoryBucket is one key's limiter and the latest time it was charged at, which keeps a
// clock running behind from refilling anything (rate.Limiter would move its own clock
// back and refill that stretch twice).
type memoryBucket struct {
	lim  *rate.Limiter
	last time.Time
}

func (l *Limiter) takeInMemory(key string, perMinute, cost int, now time.Time) (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	every := rate.Limit(float64(perMinute) / 60)
	b, found := l.memory.Get(key)
	if !found {
		b = &memoryBucket{lim: rate.NewLimiter(every, perMinute), last: now}
	}
	if now.Before(b.last) {
		now = b.last
	}
	b.last = now
	// The budget may have changed since the bucket was made (a partner's, by an admin).
	if b.lim.Limit() != every {
		b.lim.SetLimitAt(now, every)
	}
	if b.lim.Burst() != perMinute {
		b.lim.SetBurstAt(now, perMinute)
	}
	ok := b.lim.AllowN(now, cost)
	// Add (again) renews the expiry: only a minute idle makes a bucket full.
	l.memory.Add(key, b)
	return b.lim.TokensAt(now), ok
}
