package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Batched writes on SQLite: bun writes every argument into the statement's text, so a
// batch of 1,000 rows was one INSERT or UPDATE of 11,000–13,000 literals (200–280 kB)
// that SQLite parsed and compiled anew every time, and bun formatted first. SQLite runs
// in the process, so one short statement prepared for the batch and run once per row with
// bound arguments costs less: no text to build or parse, and no per-row round trip to pay
// for (BENCHMARKS.md, "SQLite ingest levers, 2026-12-07").

// ExecEach runs text (? placeholders) in tx, a transaction on d's writer, once for each
// of n rows, with the arguments args(i) returns for row i (it may fill and return the
// same slice each time: a run is over before the next row is asked for), and returns how
// many rows each run changed. The text is prepared once for the call, and counted and
// traced as one statement, as bun's own are, with the text as written. Meant for
// SQLite's writer: on PostgreSQL each run would be a round trip.
func (d *DB) ExecEach(ctx context.Context, tx bun.Tx, text string, n int, args func(i int) []any) ([]int64, error) {
	var changed []int64
	err := d.observe(ctx, d.W, text, func(ctx context.Context, _ *bun.QueryEvent) (err error) {
		changed, err = execEach(ctx, tx, text, n, args)
		return err
	})
	return changed, err
}

func execEach(ctx context.Context, tx bun.Tx, text string, n int, args func(i int) []any) ([]int64, error) {
	stmt, err := tx.PrepareContext(ctx, text)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	changed := make([]int64, n)
	for i := range n {
		res, err := stmt.ExecContext(ctx, args(i)...)
		if err != nil {
			return nil, err
		}
		if changed[i], err = res.RowsAffected(); err != nil {
			return nil, err
		}
	}
	return changed, nil
}

// TimeArg is t as bun writes it into a statement's text, without the quotes: bound as this
// text, a time is stored exactly as bun would have stored it (SQLite keeps times as text
// and compares them as text, so the form must not change). Bun's dialects write times
// with schema.BaseDialect.AppendTime's layout (TestTimeArgIsWhatBunWrites); formatted
// here at once, it costs one allocation instead of bun's four.
func TimeArg(t time.Time) string {
	return t.UTC().Format(timeArgLayout)
}

// timeArgLayout is schema.BaseDialect.AppendTime's layout.
const timeArgLayout = "2006-01-02 15:04:05.999999-07:00"
