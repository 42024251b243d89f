package db_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// preparingMode is a way of reaching PostgreSQL at url and how many statements two
// constant texts leave prepared on its connection: both when direct, none behind a
// pooler or when the URL names its own exec mode.
type preparingMode struct {
	name     string
	cfg      db.Config
	prepared int
}

func preparingModes(url string) []preparingMode {
	return []preparingMode{
		{"direct", db.Config{URL: url}, 2},
		{"pooled", db.Config{URL: url, Pooled: true}, 0},
		{"the URL's mode", db.Config{URL: url + "&default_query_exec_mode=simple_protocol"}, 0},
	}
}

// On PostgreSQL, Select's and Exec's constant texts are prepared once per connection and
// then only bound (however many values are looked up, the connection keeps one statement
// per text), and they are counted as bun's statements are; behind a transaction-mode
// pooler (Pooled) or with the URL's own exec mode nothing is prepared.
func TestPostgresConstantTextsArePreparedOnceUnlessPooled(t *testing.T) {
	schema, base := dbtest.NewPostgresSchema(t)
	url := dbtest.WithSearchPath(base, schema)
	run := func(t *testing.T, cfg db.Config) (prepared int, counted int64, rows []string) {
		t.Helper()
		ctx := context.Background()
		cfg.MaxOpen = 1
		d, err := db.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if _, err := d.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS cached_rows (id TEXT PRIMARY KEY, n BIGINT NOT NULL, share DOUBLE PRECISION NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		var c db.StatementCounter
		cctx := db.WithStatementCounter(ctx, &c)
		for i, id := range []string{"a", "b", "c", "d"} {
			// Numbers compared with each other need their types written (?1 <= ?2).
			if err := d.Exec(cctx, d.W, `INSERT INTO cached_rows (id, n, share) VALUES (?0, CASE WHEN ?1 <= ?2 THEN ?2 - ?1 ELSE ?2 END, ?3) ON CONFLICT (id) DO NOTHING`, id, i, 2, 0.5); err != nil {
				t.Fatal(err)
			}
		}
		in, arg := d.In("id", []string{"b", "c", "x"})
		for range 3 {
			rows = nil
			if err := d.Select(cctx, d.R, &rows, `SELECT id FROM cached_rows WHERE `+in+` AND n >= ? ORDER BY id`, arg, 0); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.R.NewSelect().TableExpr("pg_prepared_statements").ColumnExpr("count(*)").Scan(ctx, &prepared); err != nil {
			t.Fatal(err)
		}
		return prepared, c.Count(), rows
	}
	for _, c := range preparingModes(url) {
		t.Run(c.name, func(t *testing.T) {
			prepared, counted, rows := run(t, c.cfg)
			if prepared != c.prepared {
				t.Errorf("%d statements prepared, want %d", prepared, c.prepared)
			}
			if counted != 7 {
				t.Errorf("%d statements counted, want 7", counted)
			}
			if len(rows) != 2 || rows[0] != "b" || rows[1] != "c" {
				t.Errorf("rows %v, want [b c]", rows)
			}
		})
	}
}

// ExecTx and SelectTx run a transaction's statements whose arguments are whole columns:
// on PostgreSQL the arrays are bound (text[], timestamptz[] with NULL elements) through a
// text prepared once per connection, and behind a pooler or with the URL's own exec mode
// written into the text by bun, as before. Either way the rows read back exactly as they
// were sent, NULLs included, and each statement is counted once.
func TestPostgresArraysInATransactionAreBoundUnlessPooled(t *testing.T) {
	schema, base := dbtest.NewPostgresSchema(t)
	url := dbtest.WithSearchPath(base, schema)
	at := time.Date(2026, 12, 7, 5, 30, 1, 123_000_000, time.UTC)
	later := at.Add(90 * time.Minute)
	ids := []string{"a", "b'c", `d"{},\`, "宁波"}
	due := []time.Time{at, later, at.Add(time.Millisecond), later.Add(-time.Hour)}
	seen := []*time.Time{&later, nil, &at, nil}
	type row struct {
		ID   string     `bun:"id"`
		Due  time.Time  `bun:"due"`
		Seen *time.Time `bun:"seen"`
	}
	const insert = `INSERT INTO tx_rows (id, due, seen, tag) SELECT r.id, r.due, r.seen, ?::text
		FROM unnest(?::text[], ?::timestamptz[], ?::timestamptz[]) AS r(id, due, seen) ORDER BY r.id`
	const read = `SELECT id, due, seen FROM tx_rows WHERE id = ANY(?::text[]) AND tag = ?::text ORDER BY id`
	for _, c := range preparingModes(url) {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			c.cfg.MaxOpen = 1
			d, err := db.Open(ctx, c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if d.BindsArrays() != (c.prepared > 0) {
				t.Fatalf("BindsArrays %v", d.BindsArrays())
			}
			if _, err := d.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS tx_rows (id TEXT NOT NULL, due TIMESTAMPTZ NOT NULL, seen TIMESTAMPTZ, tag TEXT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			var counter db.StatementCounter
			cctx := db.WithStatementCounter(ctx, &counter)
			var got []row
			err = d.Tx(cctx, func(ctx context.Context, tx bun.Tx) error {
				if err := d.ExecTx(ctx, tx, insert, c.name, ids, due, seen); err != nil {
					return err
				}
				return d.SelectTx(ctx, tx, &got, read, ids, c.name)
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(ids) {
				t.Fatalf("%d rows read back, want %d", len(got), len(ids))
			}
			for _, g := range got {
				i := slices.Index(ids, g.ID)
				if i < 0 || !g.Due.Equal(due[i]) || (g.Seen == nil) != (seen[i] == nil) || g.Seen != nil && !g.Seen.Equal(*seen[i]) {
					t.Errorf("read back %q %v %v, sent %v %v", g.ID, g.Due, g.Seen, due[i], seen[i])
				}
			}
			var prepared int
			if err := d.R.NewSelect().TableExpr("pg_prepared_statements").ColumnExpr("count(*)").Scan(ctx, &prepared); err != nil {
				t.Fatal(err)
			}
			if prepared != c.prepared {
				t.Errorf("%d statements prepared, want %d", prepared, c.prepared)
			}
			if n := counter.Count(); n != 4 { // BEGIN, the two statements, COMMIT
				t.Errorf("%d statements counted, want 4", n)
			}
		})
	}
}
