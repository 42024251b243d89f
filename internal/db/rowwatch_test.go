package db_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/uptrace/bun"
)

// report is one call of a RowChanges.
type report struct {
	keys    string // sorted, comma-separated
	all     bool
	settled bool
}

func (r report) String() string {
	return fmt.Sprintf("{%s all=%v settled=%v}", r.keys, r.all, r.settled)
}

type reports struct {
	mu  sync.Mutex
	got []report
}

func (rs *reports) add(keys []string, all, settled bool) {
	k := slices.Clone(keys)
	slices.Sort(k)
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.got = append(rs.got, report{strings.Join(k, ","), all, settled})
}

// take returns the reports since the last take.
func (rs *reports) take() string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	s := fmt.Sprint(rs.got)
	rs.got = nil
	return s
}

// The SQLite writer reports every committed change to a watched table's rows, once at
// the commit (unsettled) and once readers can see it (settled), whatever made it: a
// statement outside a transaction, a transaction, a trigger, a key changed, a DELETE
// without WHERE (SQLite's truncate optimisation), plain database/sql past bun.
func TestWatchRowsReportsEveryCommittedChange(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := d.W.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE w_parcels (id TEXT PRIMARY KEY, n INTEGER NOT NULL)`)
	exec(`CREATE TABLE w_scans (id TEXT PRIMARY KEY, note TEXT NOT NULL, parcel_id TEXT NOT NULL)`)
	exec(`CREATE TABLE w_other (id TEXT PRIMARY KEY, parcel_id TEXT NOT NULL)`)
	exec(`CREATE TABLE w_numbered (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`)
	exec(`CREATE TRIGGER w_other_touches AFTER INSERT ON w_other BEGIN UPDATE w_parcels SET n = n + 1 WHERE id = NEW.parcel_id; END`)
	exec(`INSERT INTO w_parcels (id, n) VALUES ('p1', 0), ('p2', 0), ('p3', 0)`)
	exec(`INSERT INTO w_scans (id, note, parcel_id) VALUES ('s1', 'a', 'p1'), ('s2', 'b', 'p2')`)

	if err := d.WatchRows(ctx, map[string]string{"w_parcels": "id", "w_scans": "missing"}, nil); err == nil {
		t.Fatal("a column that does not exist was accepted")
	}
	var rs reports
	if err := d.WatchRows(ctx, map[string]string{"w_parcels": "id", "w_scans": "parcel_id", "w_numbered": "id"}, rs.add); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Unwatch)

	steps := []struct {
		name string
		run  func()
		want string
	}{
		{"one statement", func() { exec(`UPDATE w_parcels SET n = 1 WHERE id = 'p1'`) },
			"[{p1 all=false settled=false} {p1 all=false settled=true}]"},
		{"a row of the other watched table, by its parcel", func() { exec(`UPDATE w_scans SET note = 'c' WHERE id = 's2'`) },
			"[{p2 all=false settled=false} {p2 all=false settled=true}]"},
		{"a transaction", func() {
			err := d.W.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				for _, q := range []string{
					`UPDATE w_parcels SET n = 2 WHERE id IN ('p1', 'p2')`,
					`INSERT INTO w_scans (id, note, parcel_id) VALUES ('s3', 'd', 'p3')`,
				} {
					if _, err := tx.ExecContext(ctx, q); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}, "[{p1,p2,p3 all=false settled=false} {p1,p2,p3 all=false settled=true}]"},
		{"a rolled back transaction", func() {
			tx, err := d.W.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE w_parcels SET n = 9`); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
		}, "[]"},
		{"a key changed: the old and the new", func() { exec(`UPDATE w_parcels SET id = 'p9' WHERE id = 'p3'`) },
			"[{p3,p9 all=false settled=false} {p3,p9 all=false settled=true}]"},
		{"a trigger's change", func() { exec(`INSERT INTO w_other (id, parcel_id) VALUES ('o1', 'p2')`) },
			"[{p2 all=false settled=false} {p2 all=false settled=true}]"},
		{"a DELETE without WHERE", func() { exec(`DELETE FROM w_scans`) },
			"[{p1,p2,p3 all=false settled=false} {p1,p2,p3 all=false settled=true}]"},
		{"an unwatched table", func() { exec(`UPDATE w_other SET parcel_id = 'p1'`) }, "[]"},
		{"a key that is not text", func() { exec(`INSERT INTO w_numbered (id, n) VALUES (7, 1)`) },
			"[{ all=true settled=false} { all=true settled=true}]"},
		{"more rows than are worth naming", func() {
			exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)
				INSERT INTO w_parcels (id, n) SELECT 'bulk-' || i, 0 FROM n`)
		}, "[{ all=true settled=false} { all=true settled=true}]"},
	}
	for _, step := range steps {
		step.run()
		if got := rs.take(); got != step.want {
			t.Errorf("%s: reported %s, want %s", step.name, got, step.want)
		}
	}

	// Past bun (database/sql itself), the change is reported at the commit and stays
	// unsettled until the writer's next statement through bun.
	if _, err := d.W.DB.ExecContext(ctx, `UPDATE w_parcels SET n = 5 WHERE id = 'p2'`); err != nil {
		t.Fatal(err)
	}
	if got := rs.take(); got != "[{p2 all=false settled=false}]" {
		t.Errorf("past bun: %s", got)
	}
	var n int
	if err := d.W.NewRaw("SELECT count(*) FROM w_parcels").Scan(ctx, &n); err != nil {
		t.Fatal(err)
	}
	if got := rs.take(); got != "[{p2 all=false settled=true}]" {
		t.Errorf("the next statement through bun: %s", got)
	}

	d.Unwatch()
	exec(`UPDATE w_parcels SET n = 6`)
	if got := rs.take(); got != "[]" {
		t.Errorf("after Unwatch: %s", got)
	}
}

// PostgreSQL announces changes itself (tracking.Cache listens); WatchRows refuses it.
func TestWatchRowsIsSQLiteOnly(t *testing.T) {
	d := dbtest.Postgres(t)
	if err := d.WatchRows(context.Background(), map[string]string{"orders": "id"}, func([]string, bool, bool) {}); err == nil {
		t.Fatal("WatchRows accepted PostgreSQL")
	}
	var _ db.RowChanges = (&reports{}).add
}
