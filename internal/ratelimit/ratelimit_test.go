package ratelimit

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// eachLimiter runs f against the in-memory limiter and the shared one on both databases,
// so the three agree on refill and refusal.
func eachLimiter(t *testing.T, f func(t *testing.T, l *Limiter)) {
	t.Run("memory", func(t *testing.T) { f(t, InMemory(16)) })
	dbtest.Each(t, func(t *testing.T, d *db.DB) { f(t, Shared(d)) })
}

func TestBucketRefillsTakesAndRefuses(t *testing.T) {
	eachLimiter(t, func(t *testing.T, l *Limiter) {
		ctx := context.Background()
		t0 := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
		steps := []struct {
			name       string
			key        string
			perMinute  int
			at         time.Duration
			cost       int
			left       float64
			ok         bool
			retryAfter time.Duration
		}{
			{"a new key starts full", "k", 600, 0, 250, 350, true, 0},
			{"a second charge takes from what is left", "k", 600, 0, 300, 50, true, 0},
			{"a charge that does not fit takes nothing", "k", 600, 0, 100, 50, false, 5 * time.Second},
			{"another key has its own bucket", "other", 600, 0, 600, 0, true, 0},
			{"five seconds refill fifty points", "k", 600, 5 * time.Second, 100, 0, true, 0},
			{"a clock behind the last charge refills nothing", "k", 600, -time.Minute, 1, 0, false, 100 * time.Millisecond},
			{"three seconds refill thirty points", "other", 600, 3 * time.Second, 20, 10, true, 0},
			{"a charge at a clock behind takes from the bucket as it is", "other", 600, 2 * time.Second, 0, 10, true, 0},
			{"and the time before the latest charge is not refilled twice", "other", 600, 4 * time.Second, 0, 20, true, 0},
			{"the bucket holds at most one minute's worth", "k", 600, time.Hour, 1, 599, true, 0},
			{"a request costlier than the whole budget never fits", "k", 600, time.Hour, 601, 599, false, time.Minute},
			{"a lowered rate holds at most the new minute's worth", "k", 120, time.Hour, 20, 100, true, 0},
			{"and refills at the new rate", "k", 120, time.Hour + 10*time.Second, 121, 120, false, time.Minute},
			{"waiting as told is enough", "k", 120, time.Hour + 10*time.Second, 120, 0, true, 0},
		}
		for _, st := range steps {
			r, err := l.Take(ctx, st.key, st.perMinute, st.cost, t0.Add(st.at))
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if r.OK != st.ok || r.Remaining < st.left-1e-6 || r.Remaining > st.left+1e-6 ||
				(r.RetryAfter-st.retryAfter).Abs() > time.Millisecond {
				t.Errorf("%s: %+v, want left %v ok %v retry after %v", st.name, r, st.left, st.ok, st.retryAfter)
			}
		}
	})
}

func TestConcurrentChargesNeverSpendThePointsTwice(t *testing.T) {
	eachLimiter(t, func(t *testing.T, l *Limiter) {
		now := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		var admitted atomic.Int32
		for range 8 {
			wg.Go(func() {
				for range 10 {
					r, err := l.Take(context.Background(), "lookup:198.51.100.7", 30, 1, now)
					if err != nil {
						t.Error(err)
						return
					}
					if r.OK {
						admitted.Add(1)
					}
				}
			})
		}
		wg.Wait()
		if n := admitted.Load(); n != 30 {
			t.Errorf("80 charges of one point against 30 admitted %d", n)
		}
	})
}

// eachLongLimiter is eachLimiter with memory buckets kept for an hour.
func eachLongLimiter(t *testing.T, f func(t *testing.T, l *Limiter)) {
	t.Run("memory", func(t *testing.T) { f(t, InMemoryFor(16, time.Hour)) })
	dbtest.Each(t, func(t *testing.T, d *db.DB) { f(t, Shared(d)) })
}

func TestSlowRatesRefillOverTheirPeriodAndGiveBackNeverOverfills(t *testing.T) {
	eachLongLimiter(t, func(t *testing.T, l *Limiter) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		five := Rate{Burst: 5, Per: 15 * time.Minute} // one point every three minutes
		for i := range 5 {
			if r, err := l.TakeRate(ctx, "guess:w:a", five, 1, t0); err != nil || !r.OK {
				t.Fatalf("guess %d within the burst: %+v %v", i+1, r, err)
			}
		}
		r, err := l.TakeRate(ctx, "guess:w:a", five, 1, t0.Add(time.Minute))
		if err != nil || r.OK || (r.RetryAfter-2*time.Minute).Abs() > time.Millisecond {
			t.Fatalf("the sixth guess a minute later waits two more minutes: %+v %v", r, err)
		}
		if r, _ := l.TakeRate(ctx, "guess:w:a", five, 1, t0.Add(3*time.Minute)); !r.OK {
			t.Fatalf("three minutes refill one guess: %+v", r)
		}
		// A point given back is there at once; giving back more than was taken stops at full.
		if err := l.Give(ctx, "guess:w:a", five, 1, t0.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if r, _ := l.TakeRate(ctx, "guess:w:a", five, 1, t0.Add(3*time.Minute)); !r.OK || r.Remaining > 1e-6 {
			t.Fatalf("the point given back is taken again: %+v", r)
		}
		if err := l.Give(ctx, "guess:w:a", five, 50, t0.Add(4*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if r, _ := l.TakeRate(ctx, "guess:w:a", five, 5, t0.Add(4*time.Minute)); !r.OK || r.Remaining > 1e-6 {
			t.Fatalf("a bucket given back too much holds its burst and no more: %+v", r)
		}
		if err := l.Give(ctx, "guess:w:never-charged", five, 1, t0); err != nil {
			t.Fatal(err)
		}
		if r, _ := l.TakeRate(ctx, "guess:w:never-charged", five, 5, t0); !r.OK {
			t.Fatalf("giving to a key never charged leaves it full: %+v", r)
		}
		if r, _ := l.TakeRate(ctx, "guess:w:b", five, 6, t0); r.OK || r.RetryAfter != 15*time.Minute {
			t.Fatalf("a cost above the burst never fits and says so with the whole period: %+v", r)
		}
	})
}

func TestMemoryRefusesRatesSlowerThanItKeepsBuckets(t *testing.T) {
	l := InMemory(4)
	if _, err := l.TakeRate(context.Background(), "k", Rate{Burst: 5, Per: time.Hour}, 1, time.Now()); err == nil {
		t.Fatal("a bucket idle for a minute would be dropped before it refilled an hour's rate")
	}
}

func TestMemoryKeepsAtMostItsBoundOfBuckets(t *testing.T) {
	l := InMemory(2)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
	for _, key := range []string{"lookup:a", "lookup:b", "lookup:a", "lookup:c"} {
		if _, err := l.Take(ctx, key, 60, 30, now); err != nil {
			t.Fatal(err)
		}
	}
	if n := l.memory.Len(); n != 2 {
		t.Fatalf("%d buckets kept, bound 2", n)
	}
	if r, _ := l.Take(ctx, "lookup:a", 60, 1, now); r.OK {
		t.Errorf("the recently used bucket a, spent, was dropped: %+v", r)
	}
	if r, _ := l.Take(ctx, "lookup:b", 60, 60, now); !r.OK {
		t.Errorf("the least recently used bucket b was not the one dropped: %+v", r)
	}
}

// BenchmarkTake measures one charge: the one statement a partner request or a customer
// look-up adds on PostgreSQL (and on SQLite, were it shared there), and the in-memory
// bucket a single-process server uses instead.
func BenchmarkTake(b *testing.B) {
	for _, c := range []struct {
		name string
		open func(testing.TB) *Limiter
	}{
		{"memory", func(testing.TB) *Limiter { return InMemory(MemoryBuckets) }},
		{"sqlite-shared", func(tb testing.TB) *Limiter { return Shared(dbtest.SQLite(tb)) }},
		{"postgres", func(tb testing.TB) *Limiter { return Shared(dbtest.Postgres(tb)) }},
		// The statement every charge was before the combiner (batch.go): one caller alone.
		{"postgres-unbatched", func(tb testing.TB) *Limiter { return &Limiter{shared: dbtest.Postgres(tb)} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			l := c.open(b)
			counter := &db.StatementCounter{}
			ctx := db.WithStatementCounter(context.Background(), counter)
			// The clock moves 1 ms a charge, which refills about 17 points of 1,000,000 a
			// minute: the bucket never runs dry, however fast the charge is.
			now := time.Now()
			for b.Loop() {
				now = now.Add(time.Millisecond)
				if r, err := l.Take(ctx, "partner:bench-1", 1_000_000, 1, now); err != nil || !r.OK {
					b.Fatal(r, err)
				}
			}
			b.ReportMetric(float64(counter.Count())/float64(b.N), "statements/op")
		})
	}
}

// TakeEach and GiveEach charge several buckets in one step, each as TakeRate and Give
// would alone: the same refills, refusals, retry times and caps, on all three limiters.
func TestTakeEachChargesEveryBucketAsTakeAloneWould(t *testing.T) {
	eachLongLimiter(t, func(t *testing.T, l *Limiter) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
		five := Rate{Burst: 5, Per: 15 * time.Minute}
		minute := PerMinute(30)
		step := []Charge{{"lookup:a", minute, 1}, {"guess:w:a", five, 1}, {"guess:w", Rate{Burst: 2, Per: 15 * time.Minute}, 1}}
		for i, want := range []struct {
			ok   [3]bool
			left [3]float64
		}{
			{[3]bool{true, true, true}, [3]float64{29, 4, 1}},
			{[3]bool{true, true, true}, [3]float64{28, 3, 0}},
			{[3]bool{true, true, false}, [3]float64{27, 2, 0}}, // the waybill's bucket refuses alone
		} {
			rs, err := l.TakeEach(ctx, step, t0)
			if err != nil {
				t.Fatal(err)
			}
			for j, r := range rs {
				if r.OK != want.ok[j] || (r.Remaining-want.left[j]) > 1e-6 || (want.left[j]-r.Remaining) > 1e-6 {
					t.Errorf("step %d, %s: %+v, want ok %v left %v", i+1, step[j].Key, r, want.ok[j], want.left[j])
				}
			}
			if i == 2 && (rs[2].RetryAfter-450*time.Second).Abs() > time.Millisecond {
				t.Errorf("the refused bucket says when one point is back: %v", rs[2].RetryAfter)
			}
		}
		// Giving back: at once, never above the burst, and a bucket never charged stays full.
		if err := l.GiveEach(ctx, []Charge{{"guess:w:a", five, 50}, {"guess:w", step[2].Rate, 1}, {"guess:never", five, 1}}, t0); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			key  string
			rate Rate
			cost int
		}{{"guess:w:a", five, 5}, {"guess:w", step[2].Rate, 1}, {"guess:never", five, 5}} {
			if r, err := l.TakeRate(ctx, c.key, c.rate, c.cost, t0); err != nil || !r.OK || r.Remaining > 1e-6 {
				t.Errorf("%s after the give-back: %+v %v", c.key, r, err)
			}
		}
		if _, err := l.TakeEach(ctx, []Charge{{"k", five, 1}, {"k", five, 1}}, t0); err == nil {
			t.Error("a key charged twice in one step is refused")
		}
	})
}

func TestConcurrentTakeEachNeverSpendsThePointsTwice(t *testing.T) {
	eachLimiter(t, func(t *testing.T, l *Limiter) {
		now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		var small, large atomic.Int32
		for g := range 8 {
			wg.Go(func() {
				for range 10 {
					// Half the goroutines name the buckets in the other order: the
					// statement locks them in key order whatever the caller's.
					step := []Charge{{"x", PerMinute(7), 1}, {"y", PerMinute(45), 1}}
					if g%2 == 1 {
						step[0], step[1] = step[1], step[0]
					}
					rs, err := l.TakeEach(context.Background(), step, now)
					if err != nil {
						t.Error(err)
						return
					}
					for i, r := range rs {
						switch {
						case r.OK && step[i].Key == "x":
							small.Add(1)
						case r.OK:
							large.Add(1)
						}
					}
				}
			})
		}
		wg.Wait()
		if small.Load() != 7 || large.Load() != 45 {
			t.Errorf("80 steps against buckets of 7 and 45 admitted %d and %d", small.Load(), large.Load())
		}
	})
}

// TakeAfter charges the others only when the gate fits; a refused gate leaves them
// untouched (on PostgreSQL in the same statement).
func TestTakeAfterChargesTheOthersOnlyWhenTheGateFits(t *testing.T) {
	eachLongLimiter(t, func(t *testing.T, l *Limiter) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
		gate := Charge{"lookup:a", PerMinute(2), 1}
		then := []Charge{{"guess:w:a", Rate{Burst: 5, Per: 15 * time.Minute}, 1}, {"guess:w", Rate{Burst: 1, Per: 15 * time.Minute}, 1}}
		g, rs, err := l.TakeAfter(ctx, gate, then, t0)
		if err != nil || !g.OK || g.Remaining != 1 || len(rs) != 2 || !rs[0].OK || rs[0].Remaining != 4 || !rs[1].OK || rs[1].Remaining != 0 {
			t.Fatalf("first: %+v %+v %v", g, rs, err)
		}
		g, rs, err = l.TakeAfter(ctx, gate, then, t0)
		if err != nil || !g.OK || g.Remaining != 0 || !rs[0].OK || rs[0].Remaining != 3 || rs[1].OK {
			t.Fatalf("second: the waybill's bucket refuses alone: %+v %+v %v", g, rs, err)
		}
		g, rs, err = l.TakeAfter(ctx, gate, then, t0)
		if err != nil || g.OK || rs != nil || (g.RetryAfter-30*time.Second).Abs() > time.Millisecond {
			t.Fatalf("third: the gate refuses: %+v %+v %v", g, rs, err)
		}
		if r, _ := l.TakeRate(ctx, "guess:w:a", then[0].Rate, 3, t0); !r.OK || r.Remaining > 1e-6 {
			t.Errorf("a refused gate took a guess: %+v", r)
		}
	})
}

// A check reports whether a charge would fit and takes nothing, however often it is
// asked; a spent bucket refuses it with the wait a take would be told; behind a gate, a
// refused gate leaves the checks unasked.
func TestCheckTakesNothingAndTakeAfterCheckingChargesOnlyTheGate(t *testing.T) {
	eachLongLimiter(t, func(t *testing.T, l *Limiter) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
		guesses := []Charge{{"guess:w:a", Rate{Burst: 5, Per: 15 * time.Minute}, 1}, {"guess:w", Rate{Burst: 1, Per: 15 * time.Minute}, 1}}
		for i := range 3 {
			rs, err := l.Check(ctx, guesses, t0)
			if err != nil || !rs[0].OK || rs[0].Remaining != 5 || !rs[1].OK || rs[1].Remaining != 1 {
				t.Fatalf("check %d of full buckets: %+v %v", i, rs, err)
			}
		}
		if r, _ := l.TakeRate(ctx, "guess:w", guesses[1].Rate, 1, t0); !r.OK {
			t.Fatalf("the waybill's one guess after the checks: %+v", r)
		}
		rs, err := l.Check(ctx, guesses, t0.Add(time.Minute))
		if err != nil || !rs[0].OK || rs[1].OK || (rs[1].RetryAfter-14*time.Minute).Abs() > time.Millisecond {
			t.Fatalf("a spent bucket refuses the check with the wait a take gets: %+v %v", rs, err)
		}
		gate := Charge{"lookup:a", PerMinute(2), 1}
		for i := range 2 {
			g, rs, err := l.TakeAfterChecking(ctx, gate, guesses, t0)
			if err != nil || !g.OK || g.Remaining != float64(1-i) || len(rs) != 2 || !rs[0].OK || rs[0].Remaining != 5 || rs[1].OK {
				t.Fatalf("gate %d: %+v %+v %v", i, g, rs, err)
			}
		}
		g, rs, err := l.TakeAfterChecking(ctx, gate, guesses, t0)
		if err != nil || g.OK || rs != nil {
			t.Fatalf("a spent gate: %+v %+v %v", g, rs, err)
		}
		if r, _ := l.TakeRate(ctx, "guess:w:a", guesses[0].Rate, 5, t0); !r.OK || r.Remaining > 1e-6 {
			t.Errorf("the checks took a guess: %+v", r)
		}
	})
}

// The charging statements' text depends on how many buckets they charge, never on the
// keys, points or rates (those are arguments): built once per shape, it is the same text
// for every caller, and the arguments carry the charges in key order.
func TestEachTextDependsOnlyOnTheNumberOfCharges(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	a, aArgs := eachSQL(takeEachSQL, []Charge{{Key: "b", Rate: PerMinute(5), Points: 1}, {Key: "a", Rate: PerMinute(30), Points: 2}}, now)
	b, bArgs := eachSQL(takeEachSQL, []Charge{{Key: "x", Rate: PerMinute(9), Points: 3}, {Key: "y", Rate: PerMinute(7), Points: 1}}, now)
	if a != b {
		t.Fatalf("two charges of other keys and rates gave different texts:\n%s\n%s", a, b)
	}
	if aArgs[1] != "a" || aArgs[5] != "b" || bArgs[1] != "x" || bArgs[5] != "y" {
		t.Fatalf("the keys go in key order after now: %v / %v", aArgs, bArgs)
	}
	three, _ := eachSQL(takeEachSQL, []Charge{{Key: "a", Rate: PerMinute(5), Points: 1}, {Key: "b", Rate: PerMinute(5), Points: 1}, {Key: "c", Rate: PerMinute(5), Points: 1}}, now)
	give, _ := eachSQL(giveEachSQL, []Charge{{Key: "a", Rate: PerMinute(5), Points: 1}, {Key: "b", Rate: PerMinute(5), Points: 1}}, now)
	if three == a || give == a || !strings.Contains(three, "?12") || strings.Contains(a, "?9") {
		t.Fatal("a text is kept per template and number of charges")
	}
}

// TestMemoryKeepsOnlyBucketsNotYetFull charges a new key on every request, as public
// look-ups from many addresses do: a bucket that has refilled to full is the same as no
// bucket, so the limiter holds about the keys charged in the last refill time (here 2 s
// of 1,000 keys a second), not up to its bound.
func TestMemoryKeepsOnlyBucketsNotYetFull(t *testing.T) {
	l := InMemory(MemoryBuckets)
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	most := 0
	for i := range 100_000 {
		now = now.Add(time.Millisecond)
		r, err := l.Take(ctx, fmt.Sprintf("lookup:10.%d.%d.%d", i>>16, i>>8&255, i&255), 30, 1, now)
		if err != nil || !r.OK {
			t.Fatalf("take %d: %+v, %v", i, r, err)
		}
		most = max(most, l.MemoryBucketsKept())
	}
	t.Logf("%d buckets kept at most", most)
	// 2,000 keys not yet full, and up to as many again (at least minSweep) before a sweep.
	if most > 4*2000+minSweep {
		t.Fatalf("%d buckets kept at most; about 2,000 are not full at any time", most)
	}
	// A bucket charged again before it is full is still charged: the sweep keeps it.
	for range 29 {
		if r, _ := l.Take(ctx, "lookup:busy", 30, 1, now); !r.OK {
			t.Fatalf("refused within the budget: %+v", r)
		}
	}
	for i := range 10_000 {
		now = now.Add(time.Millisecond / 10) // 1 s in all: the busy bucket refills 15 points
		_, _ = l.Take(ctx, fmt.Sprintf("lookup:11.0.%d.%d", i>>8, i&255), 30, 1, now)
	}
	if r, _ := l.Take(ctx, "lookup:busy", 30, 17, now); r.OK {
		t.Fatalf("a bucket not yet full was dropped by a sweep: %+v", r)
	}
}

// TestMemoryDropsABucketGivenBackToFull: a right guess given back leaves the bucket full,
// which is the same as none.
func TestMemoryDropsABucketGivenBackToFull(t *testing.T) {
	l := InMemoryFor(MemoryBuckets, 15*time.Minute)
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	five := Rate{Burst: 5, Per: 15 * time.Minute}
	for i := range 100 {
		c := []Charge{{Key: fmt.Sprintf("guess:w:10.0.0.%d", i), Rate: five, Points: 1}, {Key: "guess:w", Rate: Rate{Burst: 500, Per: 15 * time.Minute}, Points: 1}}
		if _, err := l.TakeEach(ctx, c, now); err != nil {
			t.Fatal(err)
		}
		if err := l.GiveEach(ctx, c, now); err != nil {
			t.Fatal(err)
		}
	}
	if n := l.MemoryBucketsKept(); n != 0 {
		t.Fatalf("%d buckets kept after every charge was given back", n)
	}
}
