package ratelimit

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
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

// Rate is a bucket's size and refill: Burst points, refilled evenly over Per, holding at
// most Burst. A partner's budget is Rate{Burst: perMinute, Per: time.Minute}; the public
// look-up's guesses at one waybill are five per fifteen minutes.
type Rate struct {
	Burst int
	Per   time.Duration
}

// PerMinute is the rate of n points a minute, holding at most n.
func PerMinute(n int) Rate { return Rate{Burst: n, Per: time.Minute} }

// perMicrosecond is the refill per microsecond.
func (r Rate) perMicrosecond() float64 {
	return float64(r.Burst) / float64(r.Per/time.Microsecond)
}

// Limiter charges keyed token buckets. Use New; the zero value is not usable.
type Limiter struct {
	shared *db.DB // PostgreSQL (or, in tests, any database): the rate_buckets table
	// batch combines concurrent charges into one statement (batch.go); on PostgreSQL.
	batch *combiner

	mu     sync.Mutex
	memory *expirable.LRU[string, *memoryBucket]
	// keep is how long an idle memory bucket is kept: the longest Per this limiter
	// serves, after which an idle bucket is full again and dropping it loses nothing.
	keep time.Duration
	// sweepAt is the number of memory buckets at which the next new bucket first drops
	// every bucket that has refilled to full (see sweep).
	sweepAt int
}

// minSweep is the fewest memory buckets a sweep waits for.
const minSweep = 1024

// MemoryBuckets bounds how many buckets a single-process server keeps. Past it the least
// recently used bucket is dropped, which hands its key a full bucket again: harmless for
// idle keys, and a caller needing this many addresses to get round the look-up budget
// has other ways to.
const MemoryBuckets = 65536

// New returns the limiter for d: shared through the database on PostgreSQL, in memory
// otherwise (SQLite runs as a single process, and a write per request would cost a
// synchronous commit on its only writer connection).
func New(d *db.DB) *Limiter { return NewFor(d, time.Minute) }

// NewFor is New for rates whose Per is at most longest (a single-process server keeps an
// idle bucket that long).
func NewFor(d *db.DB, longest time.Duration) *Limiter {
	if d != nil && d.Dialect == db.Postgres {
		return Shared(d)
	}
	return InMemoryFor(MemoryBuckets, longest)
}

// Shared returns a limiter whose buckets are rows of d's rate_buckets table, shared by
// every process using d.
func Shared(d *db.DB) *Limiter {
	l := &Limiter{shared: d}
	if d.Dialect == db.Postgres {
		l.batch = &combiner{d: d}
	}
	return l
}

// Batched reports how many statements of batched charges this limiter has made and how
// many charges they carried (both 0 unless shared on PostgreSQL).
func (l *Limiter) Batched() (statements, charges int64) {
	if l.batch == nil {
		return 0, 0
	}
	return l.batch.statements.Load(), l.batch.elements.Load()
}

// applyEach applies charges, each as k, through the combiner; with gated, the first is
// taken and every other is applied only if it fitted.
func (l *Limiter) applyEach(ctx context.Context, charges []Charge, k kind, gated bool, now time.Time) ([]applied, error) {
	elems := make([]element, len(charges))
	for i, c := range charges {
		elems[i] = element{key: c.Key, points: c.Points, rate: c.Rate, kind: k, now: now}
		if gated && i > 0 {
			elems[i].gate = 1
		}
	}
	if gated {
		elems[0].kind = take
	}
	return l.batch.apply(ctx, elems)
}

// InMemory returns a limiter keeping at most size buckets in this process. A bucket
// untouched for a minute is full again, so it is dropped after a minute idle.
func InMemory(size int) *Limiter { return InMemoryFor(size, time.Minute) }

// InMemoryFor is InMemory for rates whose Per is at most longest: an idle bucket is kept
// that long, by when it is full again.
func InMemoryFor(size int, longest time.Duration) *Limiter {
	return &Limiter{memory: expirable.NewLRU[string, *memoryBucket](size, nil, longest), keep: longest, sweepAt: minSweep}
}

// Take refills key's bucket for the time since it was last charged (perMinute points a
// minute, holding at most perMinute), then takes cost from it if it fits; a refused
// charge takes nothing, so waiting RetryAfter is enough. A cost above perMinute never
// fits (RetryAfter is then a minute). A now earlier than the bucket's last charge (clocks
// of instances disagreeing a little) refills nothing. perMinute must be positive.
func (l *Limiter) Take(ctx context.Context, key string, perMinute, cost int, now time.Time) (Result, error) {
	return l.TakeRate(ctx, key, PerMinute(perMinute), cost, now)
}

// TakeRate is Take for any rate: key's bucket refills rate.Burst points over rate.Per and
// holds at most rate.Burst; a cost above rate.Burst never fits (RetryAfter is then
// rate.Per). The check and the charge are one step (one statement when shared, one
// critical section in memory), so concurrent callers never spend the same points twice.
func (l *Limiter) TakeRate(ctx context.Context, key string, rate Rate, cost int, now time.Time) (Result, error) {
	if err := l.check(rate); err != nil {
		return Result{}, err
	}
	var left float64
	var ok bool
	switch {
	case l.batch != nil:
		out, err := l.applyEach(ctx, []Charge{{Key: key, Rate: rate, Points: cost}}, take, false, now)
		if err != nil {
			return Result{}, err
		}
		left, ok = out[0].tokens, out[0].admitted
	case l.shared != nil:
		var err error
		if left, ok, err = chargeRow(ctx, l.shared, key, rate, cost, now); err != nil {
			return Result{}, err
		}
	default:
		left, ok = l.takeInMemory(key, rate, cost, now)
	}
	return result(Charge{Key: key, Rate: rate, Points: cost}, left, ok), nil
}

// Give puts n points back into key's bucket (never above rate.Burst): a charge taken
// before an outcome was known, returned when the outcome should not have cost anything
// (a customer look-up whose guess was right). A bucket that does not exist is left
// alone: it is full.
func (l *Limiter) Give(ctx context.Context, key string, rate Rate, n int, now time.Time) error {
	if err := l.check(rate); err != nil {
		return err
	}
	switch {
	case l.batch != nil:
		_, err := l.applyEach(ctx, []Charge{{Key: key, Rate: rate, Points: n}}, give, false, now)
		return err
	case l.shared != nil:
		return l.shared.Exec(ctx, l.shared.W, giveSQL, key, n, rate.Burst, now.UnixMicro(), rate.perMicrosecond())
	}
	l.giveInMemory(key, rate, n, now)
	return nil
}

func (l *Limiter) check(rate Rate) error {
	switch {
	case rate.Burst <= 0 || rate.Per <= 0:
		return fmt.Errorf("ratelimit: rate %+v must be positive", rate)
	case l.shared == nil && rate.Per > l.keep:
		return fmt.Errorf("ratelimit: rate period %s is longer than this limiter keeps idle buckets (%s)", rate.Per, l.keep)
	}
	return nil
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

// giveSQL refills a bucket and adds ?1 points, at most full, in one statement.
// Arguments as chargeSQL's.
const giveSQL = `UPDATE rate_buckets SET
  tokens = CASE WHEN ` + available + ` + ?1 > ?2 THEN ?2 ELSE ` + available + ` + ?1 END,
  refilled_at_us = CASE WHEN rate_buckets.refilled_at_us > ?3 THEN rate_buckets.refilled_at_us ELSE ?3 END
WHERE key = ?0`

// chargeRow charges key's row of d's rate_buckets with chargeSQL: what it holds after, and
// whether the cost fitted.
func chargeRow(ctx context.Context, d *db.DB, key string, rate Rate, cost int, now time.Time) (float64, bool, error) {
	var out struct {
		Tokens   float64 `bun:"tokens"`
		Admitted bool    `bun:"admitted"`
	}
	err := d.Select(ctx, d.W, &out, chargeSQL, key, cost, rate.Burst, now.UnixMicro(), rate.perMicrosecond())
	return out.Tokens, out.Admitted, err
}

// memoryBucket is one key's limiter and the latest time it was charged at, which keeps a
// clock running behind from refilling anything (rate.Limiter would move its own clock
// back and refill that stretch twice).
type memoryBucket struct {
	lim  *rate.Limiter
	last time.Time
}

// isFull reports whether the bucket has refilled to full by now: from then on it is the
// same as no bucket, and a sweep drops it.
func (b *memoryBucket) isFull(now time.Time) bool {
	return b.lim.TokensAt(now) >= float64(b.lim.Burst())
}

func (l *Limiter) takeInMemory(key string, r Rate, cost int, now time.Time) (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, now := l.bucket(key, r, now, true)
	ok := b.lim.AllowN(now, cost)
	left := b.lim.TokensAt(now)
	l.keepUnlessFull(key, b, now)
	return left, ok
}

// keepUnlessFull stores key's bucket b until it will have refilled; a bucket already
// full at now is dropped instead, as a missing bucket is full.
// Keeping only buckets that are not full holds memory to the keys charged in the last
// period, however many keys come by (a new address for every public look-up). l.mu is
// held.
func (l *Limiter) keepUnlessFull(key string, b *memoryBucket, now time.Time) {
	if b.isFull(now) {
		l.memory.Remove(key)
		return
	}
	if _, found := l.memory.Peek(key); !found && l.memory.Len() >= l.sweepAt {
		l.sweep(now)
	}
	// Add (again) renews the expiry: only a whole period idle makes a bucket full.
	l.memory.Add(key, b)
}

// sweep drops every bucket full by now and sets the next sweep for when the buckets kept
// have doubled, so each new bucket pays for a constant share of a sweep. l.mu is held.
func (l *Limiter) sweep(now time.Time) {
	for _, k := range l.memory.Keys() {
		if b, ok := l.memory.Peek(k); ok && b.isFull(now) {
			l.memory.Remove(k)
		}
	}
	l.sweepAt = max(minSweep, 2*l.memory.Len())
}

// MemoryBucketsKept is the number of buckets an in-memory limiter holds (0 when shared).
func (l *Limiter) MemoryBucketsKept() int {
	if l.memory == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.memory.Len()
}

func (l *Limiter) giveInMemory(key string, r Rate, n int, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, now := l.bucket(key, r, now, false)
	if b == nil {
		return
	}
	// A negative reservation adds points; setting the burst again caps them at full.
	b.lim.AllowN(now, -n)
	b.lim.SetBurstAt(now, r.Burst)
	l.keepUnlessFull(key, b, now)
}

// bucket returns key's bucket brought to rate r and the time to charge it at (never
// before its latest charge); a missing bucket is made full when create is set, else nil.
// l.mu is held.
func (l *Limiter) bucket(key string, r Rate, now time.Time, create bool) (*memoryBucket, time.Time) {
	every := rate.Limit(float64(r.Burst) / r.Per.Seconds())
	b, found := l.memory.Get(key)
	if !found {
		if !create {
			return nil, now
		}
		b = &memoryBucket{lim: rate.NewLimiter(every, r.Burst), last: now}
	}
	if now.Before(b.last) {
		now = b.last
	}
	b.last = now
	// The rate may have changed since the bucket was made (a partner's budget, by an admin).
	if b.lim.Limit() != every {
		b.lim.SetLimitAt(now, every)
	}
	if b.lim.Burst() != r.Burst {
		b.lim.SetBurstAt(now, r.Burst)
	}
	return b, now
}

// Charge is one bucket of a TakeEach or a GiveEach: key's bucket at rate, and the points
// to take (or give back).
type Charge struct {
	Key    string
	Rate   Rate
	Points int
}

// TakeEach charges several buckets at once, each exactly as TakeRate would on its own (a
// refused charge takes nothing from its bucket, whatever the others did), in one
// statement when shared: one round trip for what were as many. The keys must differ.
// Results are in the order of charges. Callers that need all or none give back the
// admitted charges of a refused set (GiveEach), as they would after separate Takes.
func (l *Limiter) TakeEach(ctx context.Context, charges []Charge, now time.Time) ([]Result, error) {
	if err := l.checkEach(charges); err != nil {
		return nil, err
	}
	out := make([]Result, len(charges))
	if l.shared == nil {
		for i, c := range charges {
			left, ok := l.takeInMemory(c.Key, c.Rate, c.Points, now)
			out[i] = result(c, left, ok)
		}
		return out, nil
	}
	if l.batch != nil {
		done, err := l.applyEach(ctx, charges, take, false, now)
		return results(charges, done), err
	}
	query, args := eachSQL(takeEachSQL, charges, now)
	var rows []chargedRow
	if err := l.shared.Select(ctx, l.shared.W, &rows, query, args...); err != nil {
		return nil, err
	}
	fill(out, charges, rows)
	return out, nil
}

// chargedRow is a bucket as a charging statement returns it.
type chargedRow struct {
	Key      string  `bun:"key"`
	Tokens   float64 `bun:"tokens"`
	Admitted bool    `bun:"admitted"`
}

// fill sets out[i] to the result of charges[i] from the returned row of its key (a
// charge without a row keeps its zero Result).
func fill(out []Result, charges []Charge, rows []chargedRow) {
	for _, r := range rows {
		for i, c := range charges {
			if c.Key == r.Key {
				out[i] = result(c, r.Tokens, r.Admitted)
			}
		}
	}
}

// GiveEach puts each charge's points back into its bucket (never above its Burst), in one
// statement when shared. A bucket that does not exist is full and stays so.
func (l *Limiter) GiveEach(ctx context.Context, charges []Charge, now time.Time) error {
	if len(charges) == 0 {
		return nil
	}
	if err := l.checkEach(charges); err != nil {
		return err
	}
	if l.shared == nil {
		for _, c := range charges {
			l.giveInMemory(c.Key, c.Rate, c.Points, now)
		}
		return nil
	}
	if l.batch != nil {
		_, err := l.applyEach(ctx, charges, give, false, now)
		return err
	}
	query, args := eachSQL(giveEachSQL, charges, now)
	return l.shared.Exec(ctx, l.shared.W, query, args...)
}

// GiveEachAhead is GiveEach's statement for d's primary as the head of another: the text
// "WITH given AS (…) " for a statement that follows it (a read of d.W, its own
// placeholders numbered ?N from len(args)) and its arguments. PostgreSQL runs a
// data-modifying WITH to completion whatever the statement after it reads, so the
// charges are given back exactly as by GiveEach, one round trip fewer. ok is false where
// that does not apply (memory, SQLite, another database's buckets): use GiveEach.
func (l *Limiter) GiveEachAhead(d *db.DB, charges []Charge, now time.Time) (head string, args []any, ok bool) {
	if l.shared == nil || l.shared != d || d.Dialect != db.Postgres || len(charges) == 0 || l.checkEach(charges) != nil {
		return "", nil, false
	}
	text, args := eachSQL(giveEachSQL, charges, now)
	return "WITH given AS (" + text + ") ", args, true
}

// SharesBucketsWith reports whether l and other keep their buckets in the same shared
// table, so one TakeEach may charge buckets of both.
func (l *Limiter) SharesBucketsWith(other *Limiter) bool {
	return l != nil && other != nil && l.shared != nil && l.shared == other.shared
}

func (l *Limiter) checkEach(charges []Charge) error {
	seen := make(map[string]bool, len(charges))
	for _, c := range charges {
		if err := l.check(c.Rate); err != nil {
			return err
		}
		if seen[c.Key] {
			return fmt.Errorf("ratelimit: key %q charged twice in one step", c.Key)
		}
		seen[c.Key] = true
	}
	return nil
}

// result is TakeRate's answer for one charge that left left points and did or did not fit.
func result(c Charge, left float64, ok bool) Result {
	r := Result{OK: ok, Remaining: left}
	if !ok {
		r.RetryAfter = c.Rate.Per
		if c.Points <= c.Rate.Burst {
			perSecond := float64(c.Rate.Burst) / c.Rate.Per.Seconds()
			r.RetryAfter = time.Duration((float64(c.Points) - left) / perSecond * float64(time.Second))
		}
	}
	return r
}

// Check reports whether each charge would fit now, as TakeEach would answer it, and takes
// nothing (Remaining is what the bucket holds); on PostgreSQL it neither locks nor writes
// a bucket. The keys must differ.
func (l *Limiter) Check(ctx context.Context, charges []Charge, now time.Time) ([]Result, error) {
	if err := l.checkEach(charges); err != nil {
		return nil, err
	}
	if l.batch != nil {
		done, err := l.applyEach(ctx, charges, check, false, now)
		return results(charges, done), err
	}
	return l.checkByTakingNothing(ctx, charges, now)
}

// TakeAfterChecking charges gate and, only if it fits, reports whether each of then
// would fit (Check), taking nothing from them; on PostgreSQL in one statement. then's
// results are nil when the gate refused. A caller who knows its attempt is not a guess
// (the public look-up with the right digits) still pays its own budget and still finds a
// spent guess count refusing it, without taking a guess to give back.
func (l *Limiter) TakeAfterChecking(ctx context.Context, gate Charge, then []Charge, now time.Time) (Result, []Result, error) {
	return l.takeAfter(ctx, gate, then, check, now)
}

// checkByTakingNothing is Check without the combiner: a take of no points refills each
// bucket and reports what it holds (a missing bucket is full, kept or not), and the
// charge fits if that is enough.
func (l *Limiter) checkByTakingNothing(ctx context.Context, charges []Charge, now time.Time) ([]Result, error) {
	none := make([]Charge, len(charges))
	for i, c := range charges {
		none[i] = Charge{Key: c.Key, Rate: c.Rate}
	}
	rs, err := l.TakeEach(ctx, none, now)
	if err != nil {
		return nil, err
	}
	for i, c := range charges {
		rs[i] = result(c, rs[i].Remaining, rs[i].Remaining >= float64(c.Points))
	}
	return rs, nil
}

// results are the Results of charges from the combiner's outcomes (nil for none).
func results(charges []Charge, done []applied) []Result {
	if done == nil {
		return nil
	}
	out := make([]Result, len(charges))
	for i, c := range charges {
		out[i] = result(c, done[i].tokens, done[i].admitted)
	}
	return out
}

// takeEachSQL is chargeSQL for several rows: a new bucket starts full and is charged if
// the cost fits; an existing one is refilled and charged if it fits. Each row's cost,
// capacity and refill are picked by its key ({cost}, {cap}, {refill}); ?0 is now.
const takeEachSQL = `INSERT INTO rate_buckets (key, tokens, refilled_at_us, admitted) VALUES {rows}
` + chargeExisting

// chargeExisting is how takeEachSQL charges a bucket that exists.
const chargeExisting = `ON CONFLICT (key) DO UPDATE SET
  tokens = CASE WHEN {available} >= {cost} THEN {available} - {cost} ELSE {available} END,
  admitted = {available} >= {cost},
  refilled_at_us = CASE WHEN rate_buckets.refilled_at_us > ?0 THEN rate_buckets.refilled_at_us ELSE ?0 END
RETURNING key, tokens, admitted`

// giveEachSQL is giveSQL for several rows. A missing bucket is made full (which it is).
const giveEachSQL = `INSERT INTO rate_buckets (key, tokens, refilled_at_us, admitted) VALUES {rows}
ON CONFLICT (key) DO UPDATE SET
  tokens = CASE WHEN {available} + {cost} > {cap} THEN {cap} ELSE {available} + {cost} END,
  refilled_at_us = CASE WHEN rate_buckets.refilled_at_us > ?0 THEN rate_buckets.refilled_at_us ELSE ?0 END`

// eachSQL fills a takeEachSQL or giveEachSQL for charges. The rows go in key order, so
// concurrent statements lock the rows they share in the same order and never deadlock.
// Arguments: ?0 now (Unix µs), then per row key, points, capacity, refill per µs.
// The text depends only on the template and how many rows there are (the keys and rates
// are arguments), so it is built once per shape and kept.
func eachSQL(template string, charges []Charge, now time.Time) (string, []any) {
	sorted := slices.Clone(charges)
	slices.SortFunc(sorted, func(a, b Charge) int { return strings.Compare(a.Key, b.Key) })
	args := []any{now.UnixMicro()}
	for _, c := range sorted {
		args = append(args, c.Key, c.Points, c.Rate.Burst, c.Rate.perMicrosecond())
	}
	shape := eachShape{template, len(sorted)}
	if text, ok := eachTexts.Load(shape); ok {
		return text.(string), args
	}
	text := shape.build()
	eachTexts.Store(shape, text)
	return text, args
}

// eachShape is what an eachSQL text depends on; eachTexts holds the texts built, a
// handful in all (the limiter's callers charge one to three buckets at a time).
type eachShape struct {
	template string
	rows     int
}

var eachTexts sync.Map

func (sh eachShape) build() string {
	var rows, cost, capacity, refill strings.Builder
	cost.WriteString("(CASE rate_buckets.key")
	capacity.WriteString("(CASE rate_buckets.key")
	refill.WriteString("(CASE rate_buckets.key")
	for i := range sh.rows {
		k, p, c2, r := 1+4*i, 2+4*i, 3+4*i, 4+4*i
		if i > 0 {
			rows.WriteString(", ")
		}
		if sh.template == giveEachSQL {
			fmt.Fprintf(&rows, "(?%d, ?%d, ?0, TRUE)", k, c2)
		} else {
			fmt.Fprintf(&rows, "(?%d, CASE WHEN ?%d <= ?%d THEN ?%d - ?%d ELSE ?%d END, ?0, ?%d <= ?%d)", k, p, c2, c2, p, c2, p, c2)
		}
		fmt.Fprintf(&cost, " WHEN ?%d THEN ?%d", k, p)
		fmt.Fprintf(&capacity, " WHEN ?%d THEN ?%d", k, c2)
		fmt.Fprintf(&refill, " WHEN ?%d THEN ?%d", k, r)
	}
	for _, b := range []*strings.Builder{&cost, &capacity, &refill} {
		b.WriteString(" END)")
	}
	refilled := `(rate_buckets.tokens + (CASE WHEN ?0 > rate_buckets.refilled_at_us THEN ?0 - rate_buckets.refilled_at_us ELSE 0 END) * ` + refill.String() + `)`
	available := `(CASE WHEN ` + refilled + ` > ` + capacity.String() + ` THEN ` + capacity.String() + ` ELSE ` + refilled + ` END)`
	return strings.NewReplacer("{rows}", rows.String(), "{available}", available, "{cost}", cost.String(), "{cap}", capacity.String()).Replace(sh.template)
}

// TakeAfter charges gate and, only if it fits, each of then as TakeEach would; on
// PostgreSQL in one statement (the gate's row is locked first, then the others in key
// order). then's results are nil when the gate refused: nothing of theirs was touched.
// A caller's own budget (the gate) thus keeps a refused caller off the shared rows.
func (l *Limiter) TakeAfter(ctx context.Context, gate Charge, then []Charge, now time.Time) (Result, []Result, error) {
	return l.takeAfter(ctx, gate, then, take, now)
}

// takeAfter is TakeAfter, or TakeAfterChecking when k is check.
func (l *Limiter) takeAfter(ctx context.Context, gate Charge, then []Charge, k kind, now time.Time) (Result, []Result, error) {
	if err := l.checkEach(append([]Charge{gate}, then...)); err != nil {
		return Result{}, nil, err
	}
	if l.batch == nil {
		g, err := l.TakeRate(ctx, gate.Key, gate.Rate, gate.Points, now)
		if err != nil || !g.OK {
			return g, nil, err
		}
		var rs []Result
		if k == check {
			rs, err = l.checkByTakingNothing(ctx, then, now)
		} else {
			rs, err = l.TakeEach(ctx, then, now)
		}
		return g, rs, err
	}
	done, err := l.applyEach(ctx, append([]Charge{gate}, then...), k, true, now)
	if err != nil {
		return Result{}, nil, err
	}
	g := result(gate, done[0].tokens, done[0].admitted)
	if !g.OK {
		return g, nil, nil
	}
	return g, results(then, done[1:]), nil
}
