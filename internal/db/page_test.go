package db_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

type keysetRow struct {
	bun.BaseModel `bun:"table:keyset_rows"`
	ID            string `bun:"id,pk"`
	Even          bool   `bun:"even"`
}

func TestKeysetPageForwardsAndBackwards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.W.ExecContext(ctx, "CREATE TABLE keyset_rows (id TEXT PRIMARY KEY, even BOOLEAN NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		var rows []keysetRow
		for i := range 9 {
			rows = append(rows, keysetRow{ID: fmt.Sprintf("k%d", i), Even: i%2 == 0})
		}
		if _, err := d.W.NewInsert().Model(&rows).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		all := func(q *bun.SelectQuery) *bun.SelectQuery { return q }
		even := func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("even") }
		ids := func(rs []*keysetRow) (out []string) {
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		cases := []struct {
			name   string
			filter func(*bun.SelectQuery) *bun.SelectQuery
			args   db.PageArgs
			desc   bool
			want   []string
			info   db.PageInfo
		}{
			{"first 3", all, db.First(3, ""), false, []string{"k0", "k1", "k2"}, db.PageInfo{HasNext: true, Total: 9}},
			{"first 3 after k6", all, db.First(3, "k6"), false, []string{"k7", "k8"}, db.PageInfo{HasPrevious: true, Total: 9}},
			{"last 3", all, db.PageArgs{Limit: 3, Backward: true}, false, []string{"k6", "k7", "k8"}, db.PageInfo{HasPrevious: true, Total: 9}},
			{"last 3 before k2", all, db.PageArgs{Limit: 3, Before: "k2", Backward: true}, false, []string{"k0", "k1"}, db.PageInfo{HasNext: true, Total: 9}},
			{"last 2 between k1 and k6", all, db.PageArgs{Limit: 2, After: "k1", Before: "k6", Backward: true}, false, []string{"k4", "k5"}, db.PageInfo{HasPrevious: true, HasNext: true, Total: 9}},
			{"first 2 between k1 and k6", all, db.PageArgs{Limit: 2, After: "k1", Before: "k6"}, false, []string{"k2", "k3"}, db.PageInfo{HasPrevious: true, HasNext: true, Total: 9}},
			{"newest first: first 2", all, db.First(2, ""), true, []string{"k8", "k7"}, db.PageInfo{HasNext: true, Total: 9}},
			{"newest first: last 2", all, db.PageArgs{Limit: 2, Backward: true}, true, []string{"k1", "k0"}, db.PageInfo{HasPrevious: true, Total: 9}},
			{"newest first: last 2 before k3", all, db.PageArgs{Limit: 2, Before: "k3", Backward: true}, true, []string{"k5", "k4"}, db.PageInfo{HasPrevious: true, HasNext: true, Total: 9}},
			{"filtered: last 2", even, db.PageArgs{Limit: 2, Backward: true}, false, []string{"k6", "k8"}, db.PageInfo{HasPrevious: true, Total: 5}},
			{"last 0", all, db.PageArgs{Limit: 0, Backward: true}, false, nil, db.PageInfo{HasPrevious: true, Total: 9}},
			{"last 5 before the first", all, db.PageArgs{Limit: 5, Before: "k0", Backward: true}, false, nil, db.PageInfo{HasNext: true, Total: 9}},
			{"uncounted: first 3", all, db.PageArgs{Limit: 3, Uncounted: true}, false, []string{"k0", "k1", "k2"}, db.PageInfo{HasNext: true}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, info, err := db.KeysetPage[keysetRow](ctx, d.R, c.filter, c.args, c.desc)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), c.want) || info != c.info {
					t.Fatalf("got %v %+v, want %v %+v", ids(got), info, c.want, c.info)
				}
				// The same page with the filter as a condition (db.Select).
				where, wargs := "1 = 1", []any(nil)
				if c.info.Total == 5 {
					where, wargs = "even = ?", []any{true}
				}
				got, info, err = db.KeysetPageWhere[keysetRow](ctx, d, d.R, where, wargs, c.args, c.desc)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), c.want) || info != c.info {
					t.Fatalf("KeysetPageWhere: got %v %+v, want %v %+v", ids(got), info, c.want, c.info)
				}
			})
		}
	})
}

func TestCappedCountStopsAtTheCap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.W.ExecContext(ctx, "CREATE TABLE keyset_rows (id TEXT PRIMARY KEY, even BOOLEAN NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		var rows []keysetRow
		for i := range 9 {
			rows = append(rows, keysetRow{ID: fmt.Sprintf("k%d", i), Even: i%2 == 0})
		}
		if _, err := d.W.NewInsert().Model(&rows).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name   string
			even   bool
			limit  int
			want   int
			capped bool
		}{
			{"under the cap", false, 10, 9, false},
			{"exactly at the cap", false, 9, 9, false},
			{"one over the cap", false, 8, 8, true},
			{"far over the cap", false, 2, 2, true},
			{"filtered, under", true, 5, 5, false},
			{"filtered, over", true, 4, 4, true},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				q := d.R.NewSelect().Model((*keysetRow)(nil))
				if c.even {
					q = q.Where("even")
				}
				n, capped, err := db.CappedCount(ctx, d.R, q, c.limit)
				if err != nil {
					t.Fatal(err)
				}
				if n != c.want || capped != c.capped {
					t.Fatalf("got %d capped=%v, want %d capped=%v", n, capped, c.want, c.capped)
				}
			})
		}
	})
}
