package db

import (
	"context"
	"database/sql"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Hot statements on PostgreSQL: every other statement goes with the simple protocol
// (simpleProtocol), bun writing its arguments into the text, which bun formats and pgx
// scans again, and PostgreSQL parses and plans anew each time. The few constant texts
// run through Select and Exec (the look-ups' reads, the limiter's charges) are instead
// sent with pgx's cache_statement mode: prepared once per connection with $n
// placeholders, then only bound and executed (one round trip, as before). The set of
// such texts is small and fixed (a handful per kind of caller), so the per-connection
// cache stays bounded, unlike preparing every text (BENCHMARKS.md, "Statement protocol").
//
// Not behind a transaction-mode pooler (Config.Pooled: PgBouncer before 1.21 does not
// carry prepared statements from one transaction's server connection to the next), nor
// when the URL names pgx's default_query_exec_mode (the operator chose for everything).

// pgCached holds the cached statements' texts with $n placeholders.
type pgCached struct {
	texts sync.Map // pgKey → string, or "" when the text cannot be converted
}

type pgKey struct {
	text  string
	kinds string
}

// pgText is text with PostgreSQL's placeholders for args, and whether text is to run
// prepared once per connection (d has the cached path, and text and args allow it).
func (d *DB) pgText(text string, args []any) (string, bool) {
	if d.pgCached == nil {
		return "", false
	}
	var kinds [16]byte
	k := kinds[:0]
	for _, a := range args {
		switch a.(type) {
		case int, int64, int32:
			k = append(k, 'i')
		case float64:
			k = append(k, 'f')
		case bool:
			k = append(k, 'b')
		case string, time.Time, *string:
			k = append(k, 's')
		default:
			if !isArray(a) {
				return "", false // bun's own types (bun.List, …) are bun's to write
			}
			k = append(k, 's') // the text casts it (?::text[])
		}
	}
	key := pgKey{text, string(k)}
	if t, ok := d.pgCached.texts.Load(key); ok {
		return t.(string), t.(string) != ""
	}
	t := dollarPlaceholders(text, k)
	d.pgCached.texts.Store(key, t)
	return t, t != ""
}

// dollarPlaceholders rewrites bun's placeholders (all ? in order, or all ?N numbered from
// 0) as PostgreSQL's $n, outside quoted strings and identifiers; a number, float or bool
// argument's gets its type written (::bigint, ::float8, ::boolean), since PostgreSQL
// infers none for a placeholder compared with another ($1 <= $2) where bun wrote a
// literal. Strings and times are left for PostgreSQL to infer from their column. Returns
// "" when the text mixes both kinds of placeholder, names bun's other placeholders
// (?TableName, …), or refers to an argument there is not.
func dollarPlaceholders(text string, kinds []byte) string {
	out := make([]byte, 0, len(text)+len(text)/8)
	next, numbered, seq := 0, false, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\'', '"':
			j := i + 1
			for j < len(text) && text[j] != c {
				j++
			}
			if j == len(text) {
				return ""
			}
			out = append(out, text[i:j+1]...)
			i = j
			continue
		case '?':
		default:
			out = append(out, c)
			continue
		}
		j := i + 1
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		var n int
		if j > i+1 {
			n, _ = strconv.Atoi(text[i+1 : j])
			numbered = true
		} else {
			if j < len(text) && (text[j] == '_' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= 'a' && text[j] <= 'z') {
				return ""
			}
			n = next
			next++
			seq = true
		}
		if numbered && seq || n >= len(kinds) {
			return ""
		}
		out = append(out, '$')
		out = strconv.AppendInt(out, int64(n+1), 10)
		switch kinds[n] {
		case 'i':
			out = append(out, "::bigint"...)
		case 'f':
			out = append(out, "::float8"...)
		case 'b':
			out = append(out, "::boolean"...)
		}
		i = j - 1
	}
	if seq && next != len(kinds) {
		return ""
	}
	return string(out)
}

// querier is what pgQuery runs a statement on: a pool (*sql.DB) or a transaction (*sql.Tx).
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// pgQuery runs the converted text on q (r's pool or a transaction on it) with pgx's
// statement cache, through d's hooks, and scans its rows into dest (nil: the statement
// returns no rows).
func (d *DB) pgQuery(ctx context.Context, r *bun.DB, q querier, dest any, text, pgText string, args []any) error {
	bound := make([]any, 0, len(args)+1)
	bound = append(bound, pgx.QueryExecModeCacheStatement)
	bound = append(bound, args...)
	return d.observe(ctx, r, text, func(ctx context.Context, event *bun.QueryEvent) error {
		if dest == nil {
			res, err := q.ExecContext(ctx, pgText, bound...)
			event.Result = res
			return err
		}
		rows, err := q.QueryContext(ctx, pgText, bound...)
		if err != nil {
			return err
		}
		return r.ScanRows(ctx, rows, dest) // closes rows
	})
}

// Exec runs the write text (? or ?N placeholders, the arguments in order) on w, as
// Select runs a read: on PostgreSQL with a constant text prepared once per connection
// (unless pooled), elsewhere with bun writing the arguments into the text.
func (d *DB) Exec(ctx context.Context, w *bun.DB, text string, args ...any) error {
	if t, ok := d.pgText(text, args); ok {
		return d.pgQuery(ctx, w, w.DB, nil, text, t, args)
	}
	if d.Dialect == Postgres {
		args = literalArrays(args)
	}
	_, err := w.NewRaw(text, args...).Exec(ctx)
	return err
}

// BindsArrays reports whether Select, Exec, ExecTx and SelectTx send their arguments
// bound, arrays ([]string, []int64, []float64, []bool, []time.Time, …) encoded by pgx in binary, through a text prepared
// once per connection: on PostgreSQL unless pooled or the URL names an exec mode.
func (d *DB) BindsArrays() bool { return d.pgCached != nil }

// ExecTx runs the write text (? or ?N placeholders, the arguments in order) in tx, as Exec
// runs one on the pool, for a PostgreSQL transaction's hot statements whose arguments are
// whole columns of a batch. With BindsArrays the text is prepared once per connection and
// the arrays bound (pgx encodes text[] and timestamptz[] in binary, where bun would write
// them into the text as literals for PostgreSQL to parse again); otherwise bun writes each
// slice argument into the text as an array literal (pgdialect.Array), as it does for every
// other statement behind a pooler. The text casts each array placeholder (?::text[]).
func (d *DB) ExecTx(ctx context.Context, tx bun.Tx, text string, args ...any) error {
	if t, ok := d.pgText(text, args); ok {
		return d.pgQuery(ctx, d.W, tx.Tx, nil, text, t, args)
	}
	_, err := tx.NewRaw(text, literalArrays(args)...).Exec(ctx)
	return err
}

// SelectTx is ExecTx for a statement whose rows are scanned into dest (see Select).
func (d *DB) SelectTx(ctx context.Context, tx bun.Tx, dest any, text string, args ...any) error {
	if t, ok := d.pgText(text, args); ok {
		return d.pgQuery(ctx, d.W, tx.Tx, dest, text, t, args)
	}
	return tx.NewRaw(text, literalArrays(args)...).Scan(ctx, dest)
}

// literalArrays is args with each slice wrapped for bun to write as a PostgreSQL array.
func literalArrays(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if out[i] = a; isArray(a) {
			out[i] = pgdialect.Array(a)
		}
	}
	return out
}

// isArray reports whether a is a slice that goes to PostgreSQL as an array: bound by pgx
// (pgText) or written as a literal by bun (literalArrays).
func isArray(a any) bool {
	switch a.(type) {
	case []string, []time.Time, []*time.Time, []int64, []int32, []float64, []bool:
		return true
	}
	return false
}
