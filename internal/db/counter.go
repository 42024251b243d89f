package db

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
)

// StatementCounter counts the SQL statements run on behalf of one request.
type StatementCounter struct{ n atomic.Int64 }

// Count returns the number of statements counted so far.
func (c *StatementCounter) Count() int64 { return c.n.Load() }

type counterKey struct{}

// WithStatementCounter returns ctx carrying c; every statement run with that context
// (or one derived from it) adds one to c.
func WithStatementCounter(ctx context.Context, c *StatementCounter) context.Context {
	return context.WithValue(ctx, counterKey{}, c)
}

// StatementCounterFrom returns the counter in ctx, or nil.
func StatementCounterFrom(ctx context.Context) *StatementCounter {
	c, _ := ctx.Value(counterKey{}).(*StatementCounter)
	return c
}

type counterHook struct{}

func (counterHook) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (counterHook) AfterQuery(ctx context.Context, _ *bun.QueryEvent) {
	if c := StatementCounterFrom(ctx); c != nil {
		c.n.Add(1)
	}
}

// observe runs one statement of text on r through d's hooks (the statement counter,
// tracing) as bun runs its own: for the statements d runs past bun's query builders
// (prepared reads, cached PostgreSQL texts, ExecEach). run does the work with the
// hooks' context and may set event.Result.
func (d *DB) observe(ctx context.Context, r *bun.DB, text string, run func(ctx context.Context, event *bun.QueryEvent) error) error {
	event := &bun.QueryEvent{DB: r, Query: text, QueryTemplate: text, StartTime: time.Now()}
	for _, h := range d.hooks {
		ctx = h.BeforeQuery(ctx, event)
	}
	event.Err = run(ctx, event)
	for i := len(d.hooks) - 1; i >= 0; i-- {
		d.hooks[i].AfterQuery(ctx, event)
	}
	return event.Err
}
