package ratelimit

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/expresscs/cs/internal/db"
)

// On PostgreSQL every charge of a shared bucket is a round trip, and at a few thousand
// requests a second the round trips, not the arithmetic, are what the budgets cost. So
// charges go through a combiner (group commit): a charge arriving while none is running
// goes at once, alone; charges arriving while one runs wait, and the first of them takes
// them all in one call of rate_buckets_apply (migration 20261212010000) when it is done.
// A charge waits at most for the statement before it. Each element is applied exactly as
// its own statement would apply it, in the order the charges arrived for any one bucket;
// concurrent calls from any number of instances take the rows' locks in key order.

// maxBatch bounds the elements of one call: a larger queue is taken in several.
const maxBatch = 256

// element is one bucket's take, give or check in a batch. gate is the 1-based index,
// within its own call's elements, of the take it depends on (applied only if that one
// fitted), or 0.
type element struct {
	key    string
	points int
	rate   Rate
	kind   kind
	gate   int
	now    time.Time
}

// kind is what an element does to its bucket (rate_buckets_apply's kinds).
type kind int64

const (
	take  kind = 0 // take the points if they fit
	give  kind = 1 // put the points back, at most full
	check kind = 2 // report whether the points would fit, taking nothing
)

// applied is an element's outcome: the bucket's content after it, whether a take or a
// check fitted (a give always does), and whether it was applied at all (not when its gate
// refused).
type applied struct {
	tokens   float64
	admitted bool
	touched  bool
}

// combined is one caller's elements waiting in the combiner.
type combined struct {
	ctx   context.Context
	elems []element
	out   []applied
	err   error
	wake  chan bool // true: lead the next batch; false: out and err are set
}

// combiner batches the charges of one PostgreSQL database's rate_buckets.
type combiner struct {
	d *db.DB

	mu    sync.Mutex
	queue []*combined
	busy  bool // a batch is running; the next is led by the queue's first caller

	statements atomic.Int64 // calls of rate_buckets_apply made
	elements   atomic.Int64 // elements they applied
}

// apply applies elems, waiting for the batch that carries them.
func (c *combiner) apply(ctx context.Context, elems []element) ([]applied, error) {
	call := &combined{ctx: ctx, elems: elems, wake: make(chan bool, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, call)
	if c.busy {
		c.mu.Unlock()
		if lead := <-call.wake; !lead {
			return call.out, call.err
		}
	} else {
		c.busy = true
		c.mu.Unlock()
	}
	c.lead()
	return call.out, call.err
}

// lead runs one batch from the front of the queue (the leader's own call is first there)
// and then hands the next one to the first caller still waiting, or marks the combiner
// idle; it hands over even if the batch panicked, so that no caller waits for ever.
func (c *combiner) lead() {
	c.mu.Lock()
	n, size := 0, 0
	for n < len(c.queue) && (n == 0 || size+len(c.queue[n].elems) <= maxBatch) {
		size += len(c.queue[n].elems)
		n++
	}
	batch := slices.Clone(c.queue[:n])
	c.queue = slices.Delete(c.queue, 0, n)
	c.mu.Unlock()
	defer c.handOver(batch)
	for _, call := range batch {
		call.err = errNotApplied
	}
	// The leader's context carries its request's tracing and statement count. The
	// statement runs to its end whoever cancels, as every caller in it waits for it, but
	// no longer than batchTimeout: a database that does not answer fails the batch.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(batch[0].ctx), batchTimeout)
	defer cancel()
	c.run(ctx, batch)
}

// batchTimeout bounds one batch's statement.
const batchTimeout = 10 * time.Second

// handOver wakes the batch's other callers, whose outcomes are set, and the next leader.
func (c *combiner) handOver(batch []*combined) {
	for _, call := range batch[1:] {
		call.wake <- false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		c.busy = false
		return
	}
	c.queue[0].wake <- true
}

// position is an element of a batch: its call and its index there.
type position struct {
	call *combined
	i    int
}

// run applies a batch in one statement and sets each call's outcome.
func (c *combiner) run(ctx context.Context, batch []*combined) {
	var order []position
	for _, call := range batch {
		call.out = make([]applied, len(call.elems))
		for i := range call.elems {
			order = append(order, position{call, i})
		}
	}
	// Gates first, then the rest; each part by key, a key's elements in arrival order
	// (the stable sort keeps the order of the calls and of their elements).
	isGate := map[position]bool{}
	for _, p := range order {
		if g := p.call.elems[p.i].gate; g > 0 {
			isGate[position{p.call, g - 1}] = true
		}
	}
	slices.SortStableFunc(order, func(a, b position) int {
		if ga, gb := isGate[a], isGate[b]; ga != gb {
			if ga {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.call.elems[a.i].key, b.call.elems[b.i].key)
	})
	at := make(map[position]int, len(order)) // 1-based index in the statement
	for n, p := range order {
		at[p] = n + 1
	}
	n := len(order)
	nows, keys, points, caps := make([]int64, n), make([]string, n), make([]int64, n), make([]int64, n)
	refills, kinds, gates := make([]float64, n), make([]int64, n), make([]int64, n)
	for j, p := range order {
		e := p.call.elems[p.i]
		nows[j], keys[j], points[j], caps[j] = e.now.UnixMicro(), e.key, int64(e.points), int64(e.rate.Burst)
		refills[j], kinds[j] = e.rate.perMicrosecond(), int64(e.kind)
		if e.gate > 0 {
			gates[j] = int64(at[position{p.call, e.gate - 1}])
		}
	}
	var rows []struct {
		Tokens   *float64 `bun:"tokens"`
		Admitted bool     `bun:"admitted"`
		Applied  bool     `bun:"applied"`
	}
	err := c.d.Select(ctx, c.d.W, &rows, applySQL, nows, keys, points, caps, refills, kinds, gates)
	if err == nil && len(rows) != n {
		err = errShortBatch
	}
	c.statements.Add(1)
	c.elements.Add(int64(n))
	for j, p := range order {
		if p.call.err = err; err != nil {
			continue
		}
		r := applied{admitted: rows[j].Admitted, touched: rows[j].Applied}
		if rows[j].Tokens != nil {
			r.tokens = *rows[j].Tokens
		}
		p.call.out[p.i] = r
	}
}

// applySQL calls rate_buckets_apply with the batch's columns, one row back per element.
const applySQL = `SELECT tokens, admitted, applied FROM rate_buckets_apply(?::bigint[], ?::text[], ?::int[], ?::int[], ?::float8[], ?::int[], ?::int[])`

type batchError string

func (e batchError) Error() string { return string(e) }

const (
	errShortBatch = batchError("ratelimit: rate_buckets_apply returned fewer rows than it was given")
	errNotApplied = batchError("ratelimit: the batch carrying this charge did not run")
)
