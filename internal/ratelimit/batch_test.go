package ratelimit

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// replay applies one caller's elements alone through the statements of a limiter without
// a combiner: each as chargeSQL or giveSQL would (a check as a read of the row), a gated
// one only if its gate fitted.
func replay(t *testing.T, single *Limiter, elems []element) []applied {
	t.Helper()
	out := make([]applied, len(elems))
	for i, e := range elems {
		if e.gate > 0 && !out[e.gate-1].admitted {
			continue
		}
		switch e.kind {
		case check:
			left := holds(t, single, e)
			out[i] = applied{tokens: left, admitted: left >= float64(e.points), touched: true}
			continue
		case give:
			if err := single.Give(context.Background(), e.key, e.rate, e.points, e.now); err != nil {
				t.Fatal(err)
			}
			// What the bucket holds after a give: read as a take of nothing.
			r, err := single.TakeRate(context.Background(), e.key, e.rate, 0, e.now)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = applied{tokens: r.Remaining, admitted: true, touched: true}
			continue
		}
		r, err := single.TakeRate(context.Background(), e.key, e.rate, e.points, e.now)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = applied{tokens: r.Remaining, admitted: r.OK, touched: true}
	}
	return out
}

// randomOps are n callers' charges in arrival order: takes and gives of a few buckets at
// a few rates, some costing more than the bucket holds, some gated on an address budget
// (gates are charged only as gates, as the look-up's address budgets are), at times that
// mostly move on and sometimes run behind.
func randomOps(rng *rand.Rand, prefix string, n int, t0 time.Time) [][]element {
	rates := []Rate{PerMinute(5), PerMinute(600), {Burst: 3, Per: 15 * time.Minute}}
	key := func(kind string, k int) string { return fmt.Sprintf("%s%s:%d", prefix, kind, k) }
	ops := make([][]element, n)
	at := t0
	for i := range ops {
		at = at.Add(time.Duration(rng.IntN(4000)-500) * time.Millisecond)
		elem := func() element {
			r := rates[rng.IntN(len(rates))]
			return element{key: key("k", rng.IntN(4)), rate: r, points: rng.IntN(r.Burst + 2), kind: kind(rng.IntN(6) % 3), now: at}
		}
		switch rng.IntN(3) {
		case 0:
			ops[i] = []element{elem()}
		case 1:
			a, b := elem(), elem()
			if a.key == b.key {
				b.key = key("k", 4)
			}
			ops[i] = []element{a, b}
		default:
			gate := element{key: key("gate", rng.IntN(2)), rate: PerMinute(3), points: 1, now: at}
			a := elem()
			a.gate = 1
			if a.kind == give {
				a.kind = take
			}
			ops[i] = []element{gate, a}
		}
	}
	return ops
}

// A batch of many callers' charges answers each exactly as its own statements would,
// taken one after the other in the order they arrived: refills, refusals, gives, rates
// that differ per charge, clocks running behind, several charges of one bucket in one
// batch, and gated charges skipped when their gate refuses.
func TestBatchAnswersAsSingleStatementsInArrivalOrder(t *testing.T) {
	eachPostgresMode(t, func(t *testing.T, d *db.DB) { batchAnswersAsSingleStatements(t, d) })
}

// eachPostgresMode runs f on a migrated PostgreSQL database reached directly (the batch's
// arrays bound to a statement prepared once per connection) and as behind a
// transaction-mode pooler (the arrays written into the text by bun).
func eachPostgresMode(t *testing.T, f func(t *testing.T, d *db.DB)) {
	url := dbtest.MigratedPostgres(t)
	for _, pooled := range []bool{false, true} {
		t.Run(map[bool]string{false: "direct", true: "pooled"}[pooled], func(t *testing.T) {
			d, err := db.Open(context.Background(), db.Config{URL: url, Pooled: pooled})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			f(t, d)
		})
	}
}

func batchAnswersAsSingleStatements(t *testing.T, d *db.DB) {
	batched := Shared(d)
	if batched.batch == nil {
		t.Fatal("a PostgreSQL limiter does not batch")
	}
	single := &Limiter{shared: d}
	rng := rand.New(rand.NewPCG(7, 16))
	t0 := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	// Both limiters see the same operations on their own keys.
	same := func(round string, ops [][]element) {
		t.Helper()
		calls := make([]*combined, len(ops))
		for i, op := range ops {
			calls[i] = &combined{ctx: context.Background(), elems: op}
		}
		batched.batch.run(context.Background(), calls)
		for i, op := range ops {
			if calls[i].err != nil {
				t.Fatalf("round %s: %v", round, calls[i].err)
			}
			alone := replay(t, single, renamed(op, "s"))
			for j := range op {
				got, want := calls[i].out[j], alone[j]
				if got.admitted != want.admitted || got.touched != want.touched || diff(got.tokens, want.tokens) > 1e-6 {
					t.Fatalf("round %s, call %d, charge %d (%+v): batched %+v, alone %+v", round, i, j, op[j], got, want)
				}
			}
		}
	}
	for round := range 20 {
		same(strconv.Itoa(round), randomOps(rng, fmt.Sprintf("b%d:", round%3), 1+rng.IntN(40), t0.Add(time.Duration(round)*time.Minute)))
	}
	// A lone take or give is sent as its own statement: a take, one that does not fit, a
	// give to a bucket that does not exist, and one to a bucket that does.
	r := PerMinute(5)
	for i, e := range []element{
		{key: "lone:a", rate: r, points: 3, kind: take},
		{key: "lone:a", rate: r, points: 3, kind: take},
		{key: "lone:b", rate: r, points: 2, kind: give},
		{key: "lone:a", rate: r, points: 1, kind: give},
	} {
		e.now = t0.Add(time.Hour)
		same("lone "+strconv.Itoa(i), [][]element{{e}})
	}
}

// holds is what e's bucket holds at e.now, read from its row without writing it (a
// missing bucket is full): what a check reports.
func holds(t *testing.T, l *Limiter, e element) float64 {
	t.Helper()
	var rows []struct {
		Tokens     float64 `bun:"tokens"`
		RefilledAt int64   `bun:"refilled_at_us"`
	}
	if err := l.shared.R.NewRaw("SELECT tokens, refilled_at_us FROM rate_buckets WHERE key = ?", e.key).Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		return float64(e.rate.Burst)
	}
	return min(float64(e.rate.Burst), rows[0].Tokens+float64(max(e.now.UnixMicro()-rows[0].RefilledAt, 0))*e.rate.perMicrosecond())
}

// renamed is elems with prefix before each key, for a replay on buckets of its own.
func renamed(elems []element, prefix string) []element {
	out := make([]element, len(elems))
	for i, e := range elems {
		e.key = prefix + e.key
		out[i] = e
	}
	return out
}

func diff(a, b float64) float64 {
	if a > b {
		return a - b
	}
	return b - a
}

// Two instances, each with its own combiner, charge the same buckets from many
// goroutines at once, with address budgets gating guess counts and plain charges of the
// guess counts between them: no charge fails (two batches never wait on each other in a
// cycle), no point is spent twice (the clock stands still, so exactly each bucket's
// points are admitted), and the charges did share statements.
func TestBatchesOfTwoInstancesNeverSpendThePointsTwice(t *testing.T) {
	d := dbtest.Postgres(t)
	a, b := Shared(d), Shared(d)
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	guess := func(k int) Charge {
		return Charge{fmt.Sprintf("guess:%d", k), Rate{Burst: 40, Per: 15 * time.Minute}, 1}
	}
	var admitted [4]atomic.Int32
	var gates atomic.Int32
	var wg sync.WaitGroup
	for w := range 16 {
		l := a
		if w%2 == 1 {
			l = b
		}
		wg.Go(func() {
			ctx := context.Background()
			for i := range 30 {
				x, y := (w+i)%4, (w+i+1)%4
				if w%4 >= 2 {
					x, y = y, x // the same pairs in the other order
				}
				var oks []bool
				switch i % 3 {
				case 0:
					g, rs, err := l.TakeAfter(ctx, Charge{fmt.Sprintf("lookup:%d", w%3), PerMinute(1000), 1}, []Charge{guess(x), guess(y)}, now)
					if err != nil {
						t.Error(err)
						return
					}
					if !g.OK {
						t.Error("an address budget of 1,000 refused")
						return
					}
					gates.Add(1)
					oks = []bool{rs[0].OK, rs[1].OK}
				case 1:
					rs, err := l.TakeEach(ctx, []Charge{guess(x), guess(y)}, now)
					if err != nil {
						t.Error(err)
						return
					}
					oks = []bool{rs[0].OK, rs[1].OK}
				default:
					r, err := l.TakeRate(ctx, guess(x).Key, guess(x).Rate, 1, now)
					if err != nil {
						t.Error(err)
						return
					}
					oks = []bool{r.OK}
					y = -1
				}
				for j, k := range []int{x, y}[:len(oks)] {
					if oks[j] {
						admitted[k].Add(1)
					}
				}
			}
		})
	}
	wg.Wait()
	for k := range admitted {
		if n := admitted[k].Load(); n != 40 {
			t.Errorf("guess:%d admitted %d charges of one point against 40", k, n)
		}
	}
	sa, ca := a.Batched()
	sb, cb := b.Batched()
	if ca+cb < 16*30 || sa+sb >= 16*30 {
		t.Errorf("%d calls made %d statements carrying %d charges", 16*30, sa+sb, ca+cb)
	}
	t.Logf("%d calls: %d statements carrying %d charges", 16*30, sa+sb, ca+cb)
}

// A batch that cannot run fails every caller in it, and the next batch runs: nobody waits
// for ever.
func TestAFailedBatchFailsItsCallersAndTheNextRuns(t *testing.T) {
	d := dbtest.Postgres(t)
	l := Shared(d)
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	if _, err := d.W.ExecContext(context.Background(), "ALTER TABLE rate_buckets RENAME TO rate_buckets_away"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range 8 {
		wg.Go(func() {
			if _, err := l.Take(context.Background(), "partner:x", 100, 1, now); err != nil {
				failed.Add(1)
			}
		})
	}
	wg.Wait()
	if failed.Load() != 8 {
		t.Fatalf("%d of 8 charges failed without the table", failed.Load())
	}
	if _, err := d.W.ExecContext(context.Background(), "ALTER TABLE rate_buckets_away RENAME TO rate_buckets"); err != nil {
		t.Fatal(err)
	}
	if r, err := l.Take(context.Background(), "partner:x", 100, 1, now); err != nil || !r.OK || r.Remaining != 99 {
		t.Fatalf("after the failed batch: %+v %v", r, err)
	}
}

// BenchmarkTakeParallel is 32 callers charging four partners' budgets at once on
// PostgreSQL, as a busy instance's requests do: "batched" through the combiner (one
// statement carries every charge that waited for the one before), "single" with one
// statement a charge as before (compare ns/op; charges/statement is the combiner's).
func BenchmarkTakeParallel(b *testing.B) {
	d := dbtest.Postgres(b)
	for _, c := range []struct {
		name string
		l    *Limiter
	}{{"batched", Shared(d)}, {"single", &Limiter{shared: d}}} {
		b.Run(c.name, func(b *testing.B) {
			var n atomic.Int64
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					// A point a charge from budgets of 1,000,000 (each sub-benchmark its own
					// keys, the clock a millisecond a charge): they outlast the run.
					now := time.Unix(1_800_000_000, 0).Add(time.Duration(i) * time.Millisecond)
					if r, err := c.l.Take(context.Background(), fmt.Sprintf("partner:%s-%d", c.name, i%4), 1_000_000, 1, now); err != nil || !r.OK {
						b.Error(r, err)
						return
					}
				}
			})
			if s, charges := c.l.Batched(); s > 0 {
				b.ReportMetric(float64(charges)/float64(s), "charges/statement")
			}
		})
	}
}
