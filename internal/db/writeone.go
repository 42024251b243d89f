package db

import (
	"context"
	"database/sql"
)

// Execer is a bun statement that changes rows: an update, a delete, an insert or a raw one.
type Execer interface {
	Exec(ctx context.Context, dest ...any) (sql.Result, error)
}

// WroteOne runs q, a write of one row guarded by what its writer read (its version, its
// status), and reports whether it changed that row: false means someone else wrote the
// row first, or it is gone.
func WroteOne(ctx context.Context, q Execer) (bool, error) {
	res, err := q.Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// WriteOne runs q as WroteOne does and answers stale (usually a CONFLICT for the caller's
// operation, with what to do) when it changed no row: the optimistic-concurrency check
// that "UPDATE … WHERE version = ?" makes.
func WriteOne(ctx context.Context, q Execer, stale error) error {
	ok, err := WroteOne(ctx, q)
	if err == nil && !ok {
		return stale
	}
	return err
}
