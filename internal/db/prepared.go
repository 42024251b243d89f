package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/uptrace/bun"
)

// Hot reads on SQLite: bun writes every argument into the statement's text, so SQLite
// parses each statement anew (about a fifth of a tracking look-up's CPU). A look-up's
// few hot statements are instead written once with ? placeholders and run through
// Select, which on the SQLite reader pool prepares each text once per connection
// (database/sql keeps a *sql.Stmt's statement on every connection it has run on) and
// binds the arguments. BENCHMARKS.md, "Look-up levers, 2026-12-07".

// preparedReads holds the reader pool's prepared statements by text.
type preparedReads struct {
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// Select runs the read text (? placeholders, the arguments in order) on r and scans its
// rows into dest, a pointer to a slice of bun models (or to a slice of scalars). On
// SQLite's reader pool the text is prepared once per connection and the arguments bound;
// on PostgreSQL (primary or replica, unless pooled) too, with pgx's statement cache
// (pgcached.go); elsewhere (SQLite's writer, PostgreSQL behind a pooler) bun writes the
// arguments into the text, as for every other statement. Either way the statement is counted and traced as
// bun's own are. Keep the text constant for one kind of caller: each distinct text stays
// prepared on every reader connection for the life of the process.
func (d *DB) Select(ctx context.Context, r *bun.DB, dest any, text string, args ...any) error {
	if t, ok := d.pgText(text, args); ok {
		return d.pgQuery(ctx, r, r.DB, dest, text, t, args)
	}
	if d.prepared == nil || r != d.R {
		if d.Dialect == Postgres {
			args = literalArrays(args) // behind a pooler: slices written as array literals
		}
		return r.NewRaw(text, args...).Scan(ctx, dest)
	}
	return d.observe(ctx, r, text, func(ctx context.Context, _ *bun.QueryEvent) error {
		stmt, err := d.prepared.stmt(ctx, r, text)
		if err != nil {
			return err
		}
		rows, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		return r.ScanRows(ctx, rows, dest) // closes rows
	})
}

// selectTexts caches SelectFrom's texts.
var selectTexts sync.Map // selectKey → string

type selectKey struct {
	dialect string
	model   reflect.Type
	columns string // SelectColumnsFrom's columns, joined; "" for all
	rest    string
}

// SelectFrom is the text of a Select of model's table (a nil pointer to a bun model)
// with all its columns, as bun writes it for r, followed by rest (WHERE, ORDER BY, with ?
// placeholders); built once per dialect, model and rest.
func SelectFrom(r *bun.DB, model any, rest string) string {
	return SelectColumnsFrom(r, model, nil, rest)
}

// SelectColumnsFrom is SelectFrom reading only columns (all of them when nil); built
// once per dialect, model, columns and rest.
func SelectColumnsFrom(r *bun.DB, model any, columns []string, rest string) string {
	key := selectKey{r.Dialect().Name().String(), reflect.TypeOf(model), strings.Join(columns, ","), rest}
	if t, ok := selectTexts.Load(key); ok {
		return t.(string)
	}
	q := r.NewSelect().Model(model)
	if columns != nil {
		q = q.Column(columns...)
	}
	t := q.String() + " " + rest
	selectTexts.Store(key, t)
	return t
}

// countFrom is the text counting the rows of model's table that rest (WHERE … LIMIT ?)
// selects, as CappedCount counts them; built once per dialect, model and rest.
func countFrom(r *bun.DB, model any, rest string) string {
	key := selectKey{dialect: r.Dialect().Name().String() + " count", model: reflect.TypeOf(model), rest: rest}
	if t, ok := selectTexts.Load(key); ok {
		return t.(string)
	}
	t := "SELECT count(*) FROM (" + r.NewSelect().Model(model).ColumnExpr("1").String() + " " + rest + ") AS capped"
	selectTexts.Store(key, t)
	return t
}

// In is a condition that column is one of values, with its one argument, for Select: on
// SQLite `column IN (SELECT value FROM json_each(?))` with the values as a JSON array, and
// on PostgreSQL with cached statements `column = ANY(?)` with the values as one text[],
// so the text is the same however many there are; elsewhere `column IN (?)` with bun's
// list, written into the text as before.
func (d *DB) In(column string, values []string) (string, any) {
	if d.pgCached != nil {
		if values == nil {
			values = []string{}
		}
		return column + " = ANY(?)", values
	}
	if d.prepared == nil {
		return column + " IN (?)", bun.List(values)
	}
	if values == nil {
		values = []string{}
	}
	raw, _ := json.Marshal(values) // strings always encode
	return column + " IN (SELECT value FROM json_each(?))", string(raw)
}

// stmt returns text prepared on r's pool, preparing it on first use.
func (p *preparedReads) stmt(ctx context.Context, r *bun.DB, text string) (*sql.Stmt, error) {
	p.mu.RLock()
	s, ok := p.stmts[text]
	p.mu.RUnlock()
	if ok {
		return s, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if s, ok := p.stmts[text]; ok {
		return s, nil
	}
	s, err := r.DB.PrepareContext(context.WithoutCancel(ctx), text)
	if err != nil {
		return nil, err
	}
	p.stmts[text] = s
	return s, nil
}

// PreparedStatements is the number of texts prepared on SQLite's reader pool (0 on
// PostgreSQL).
func (d *DB) PreparedStatements() int {
	if d.prepared == nil {
		return 0
	}
	d.prepared.mu.RLock()
	defer d.prepared.mu.RUnlock()
	return len(d.prepared.stmts)
}

// close closes the prepared statements (nil-safe).
func (p *preparedReads) close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.stmts {
		_ = s.Close()
	}
	p.stmts = map[string]*sql.Stmt{}
}
