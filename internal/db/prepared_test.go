package db_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

type selectRow struct {
	bun.BaseModel `bun:"table:select_rows,alias:sr"`
	ID            string `bun:"id,pk"`
	Owner         string `bun:"owner"`
	N             int    `bun:"n"`
}

// TestSelectReadsCountsAndBindsOnBothEngines: db.Select returns what bun's own query
// returns, for an IN list of any length (none, one, several) under one text, counts each
// statement, and on SQLite keeps one prepared statement per text however the arguments
// change.
func TestSelectReadsCountsAndBindsOnBothEngines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.W.ExecContext(ctx, "CREATE TABLE select_rows (id TEXT PRIMARY KEY, owner TEXT NOT NULL, n INTEGER NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, "CREATE INDEX select_rows_owner_idx ON select_rows (owner)"); err != nil {
			t.Fatal(err)
		}
		var rows []selectRow
		for i := range 12 {
			rows = append(rows, selectRow{ID: fmt.Sprintf("r%02d", i), Owner: fmt.Sprintf("o%d", i%4), N: i})
		}
		if _, err := d.W.NewInsert().Model(&rows).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		c := &db.StatementCounter{}
		ctx = db.WithStatementCounter(ctx, c)
		var texts []string
		for _, owners := range [][]string{nil, {"o1"}, {"o0", "o2", "o9"}, {"o3'); DROP TABLE select_rows; --"}} {
			in, arg := d.In("owner", owners)
			text := db.SelectFrom(d.R, (*selectRow)(nil), "WHERE "+in+" AND n >= ? ORDER BY id")
			texts = append(texts, text)
			var got []*selectRow
			if err := d.Select(ctx, d.R, &got, text, arg, 2); err != nil {
				t.Fatal(err)
			}
			var want []*selectRow
			if len(owners) > 0 {
				if err := d.R.NewSelect().Model(&want).Where("owner IN (?)", bun.List(owners)).Where("n >= ?", 2).Order("id").Scan(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			if show(got) != show(want) {
				t.Errorf("owners %v: Select %v, bun %v", owners, got, want)
			}
		}
		if c.Count() != 4 {
			t.Errorf("counted %d statements, want 4", c.Count())
		}
		if len(slices.Compact(texts)) != 1 {
			t.Errorf("the text changed with the list: %q", texts)
		}
		if d.Dialect == db.SQLite {
			if n := d.PreparedStatements(); n != 1 {
				t.Errorf("%d prepared statements for one text, want 1", n)
			}
			var plan []struct {
				ID, Parent, Notused int
				Detail              string
			}
			in, arg := d.In("owner", []string{"o1", "o2"})
			if err := d.R.NewRaw("EXPLAIN QUERY PLAN "+db.SelectFrom(d.R, (*selectRow)(nil), "WHERE "+in), arg).Scan(context.Background(), &plan); err != nil {
				t.Fatal(err)
			}
			if s := fmt.Sprint(plan); !strings.Contains(s, "select_rows_owner_idx") {
				t.Errorf("the JSON list does not use the index: %s", s)
			}
		}
		var none []*selectRow
		if err := d.Select(ctx, d.R, &none, db.SelectFrom(d.R, (*selectRow)(nil), "WHERE id = ?"), "nope"); err != nil || len(none) != 0 {
			t.Errorf("no row: %v %v", none, err)
		}
	})
}

func show(rs []*selectRow) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%s/%s/%d ", r.ID, r.Owner, r.N)
	}
	return b.String()
}
