package db

import (
	"context"
	"sync/atomic"

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
