package db

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/extra/bunotel"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
)

// Trace makes a span of every SQL statement run through d, a child of the span in the
// statement's context (a GraphQL field, a job). Call it before d is handed to services.
//
// The span's db.statement is the query as written, with its placeholders: bunotel's
// formatted query would carry the bound values (phone numbers, names, password hashes).
// A failed statement's span says only its SQLSTATE: a driver's message may quote a value
// ("invalid input syntax for type uuid: …").
func (d *DB) Trace(tp trace.TracerProvider) {
	if tp == nil {
		return
	}
	h := tracedQueries{bunotel.NewQueryHook(
		bunotel.WithTracerProvider(tp),
		bunotel.WithMeterProvider(noop.NewMeterProvider()),
		bunotel.WithFormattedQueries(false),
	)}
	same := d.R == d.W
	d.W = d.W.WithQueryHook(h)
	if same {
		d.R = d.W
	} else {
		d.R = d.R.WithQueryHook(h)
	}
	d.hooks = append(d.hooks, h)
	if d.replicas != nil {
		for _, r := range d.replicas.list {
			r.db.Store(r.db.Load().WithQueryHook(h))
		}
	}
}

// tracedQueries hands bunotel the event with its error reduced to a code.
type tracedQueries struct{ *bunotel.QueryHook }

func (t tracedQueries) AfterQuery(ctx context.Context, e *bun.QueryEvent) {
	if e.Err != nil && !errors.Is(e.Err, sql.ErrNoRows) && !errors.Is(e.Err, sql.ErrTxDone) {
		c := *e
		c.Err = statementError(e.Err)
		e = &c
	}
	t.QueryHook.AfterQuery(ctx, e)
}

// statementError is err without its text: the SQLSTATE on PostgreSQL, the kind otherwise.
func statementError(err error) error {
	var pg *pgconn.PgError
	switch {
	case errors.As(err, &pg):
		return errors.New("SQLSTATE " + pg.Code)
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return errors.New("statement failed")
}
