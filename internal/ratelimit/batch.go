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

	statements atomic.Int64 // statements made: calls of rate_buckets_apply and lone charges
	elements   atomic.Int64 // charges they carried
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
	c.statements.Add(1)
	if len(batch) == 1 && len(batch[0].elems) == 1 && batch[0].elems[0].kind != check {
		c.elements.Add(1)
		c.runAlone(ctx, batch[0])
		return
	}
	// Flattened: element i of batch[b] is at first[b]+i.
	var order []position
	first := make([]int, len(batch))
	for b, call := range batch {
		call.out = make([]applied, len(call.elems))
		first[b] = len(order)
		for i := range call.elems {
			order = append(order, position{call, i})
		}
	}
	n := len(order)
	c.elements.Add(int64(n))
	isGate := make([]bool, n)
	for b, call := range batch {
		for _, e := range call.elems {
			if e.gate > 0 {
				isGate[first[b]+e.gate-1] = true
			}
		}
	}
	// Gates first, then the rest; each part by key, a key's elements in arrival order
	// (the stable sort keeps the order of the calls and of their elements).
	sorted := make([]int, n)
	for j := range sorted {
		sorted[j] = j
	}
	slices.SortStableFunc(sorted, func(a, b int) int {
		if isGate[a] != isGate[b] {
			if isGate[a] {
				return -1
			}
			return 1
		}
		return cmp.Compare(order[a].call.elems[order[a].i].key, order[b].call.elems[order[b].i].key)
	})
	at := make([]int64, n) // flattened index → 1-based index in the statement
	for j, f := range sorted {
		at[f] = int64(j + 1)
	}
	nows, keys, points, caps := make([]int64, n), make([]string, n), make([]int64, n), make([]int64, n)
	refills, kinds, gates := make([]float64, n), make([]int64, n), make([]int64, n)
	for j, f := range sorted {
		e := order[f].call.elems[order[f].i]
		nows[j], keys[j], points[j], caps[j] = e.now.UnixMicro(), e.key, int64(e.points), int64(e.rate.Burst)
		refills[j], kinds[j] = e.rate.perMicrosecond(), int64(e.kind)
		if e.gate > 0 {
			gates[j] = at[f-order[f].i+e.gate-1]
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
	for j, f := range sorted {
		p := order[f]
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

// runAlone applies a lone take or give, the only element of its batch, with the one
// statement that rate_buckets_apply repeats for each element (chargeSQL, giveSQL): a
// function call costs a lone charge more than it saves.
func (c *combiner) runAlone(ctx context.Context, call *combined) {
	e := call.elems[0]
	call.out = make([]applied, 1)
	left, ok := float64(e.rate.Burst), true // a give to a bucket that does not exist: it is full
	if e.kind == take {
		left, ok, call.err = chargeRow(ctx, c.d, e.key, e.rate, e.points, e.now)
	} else {
		var rows []float64
		call.err = c.d.Select(ctx, c.d.W, &rows, giveAloneSQL, e.key, e.points, e.rate.Burst, e.now.UnixMicro(), e.rate.perMicrosecond())
		if len(rows) > 0 {
			left = rows[0]
		}
	}
	if call.err == nil {
		call.out[0] = applied{tokens: left, admitted: ok, touched: true}
	}
}

// giveAloneSQL is giveSQL returning what the bucket holds after it.
const giveAloneSQL = giveSQL + "\nRETURNING tokens"

// applySQL calls rate_buckets_apply with the batch's columns, one row back per element.
const applySQL = `SELECT tokens, admitted, applied FROM rate_buckets_apply(?::bigint[], ?::text[], ?::int[], ?::int[], ?::float8[], ?::int[], ?::int[])`

type batchError string

func (e batchError) Error() string { return string(e) }

const (
	errShortBatch = batchError("ratelimit: rate_buckets_apply returned fewer rows than it was given")
	errNotApplied = batchError("ratelimit: the batch carrying this charge did not run")
)
