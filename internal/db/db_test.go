package db_test

import (
	"context"
	"slices"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

func TestBothDialectsEndAtTheSameTablesAndColumns(t *testing.T) {
	ctx := context.Background()
	lite, err := dbtest.SQLite(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := dbtest.Postgres(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) < 5 {
		t.Fatalf("expected the application's tables, got %v", lite)
	}
	for table, cols := range lite {
		if !slices.Equal(cols, pg[table]) {
			t.Errorf("table %s: sqlite %v, postgres %v", table, cols, pg[table])
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s exists only on postgres", table)
		}
	}
}

func TestMigrateIsRepeatableAndReadinessSeesNothingPending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		applied, err := d.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second migrate applied %v", applied)
		}
		pending, err := d.PendingMigrations(ctx)
		if err != nil || len(pending) != 0 {
			t.Errorf("pending = %v, %v", pending, err)
		}
	})
}

func TestStatementCounterCountsEachStatement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := &db.StatementCounter{}
		ctx := db.WithStatementCounter(context.Background(), c)
		for i := 0; i < 3; i++ {
			var n int
			if err := d.R.NewSelect().ColumnExpr("1").Scan(ctx, &n); err != nil {
				t.Fatal(err)
			}
		}
		if c.Count() != 3 {
			t.Errorf("counted %d statements, want 3", c.Count())
		}
	})
}

func TestSQLiteReaderPoolIsReadOnly(t *testing.T) {
	d := dbtest.SQLite(t)
	_, err := d.R.ExecContext(context.Background(), "CREATE TABLE nope (x INTEGER)")
	if err == nil {
		t.Fatal("reader pool accepted a write")
	}
}
