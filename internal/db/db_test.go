package db_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/migrations"
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
		if onlySQLite.MatchString(table) {
			if _, ok := pg[table]; ok {
				t.Errorf("table %s should exist only on sqlite", table)
			}
			continue
		}
		if !slices.Equal(cols, pg[table]) {
			t.Errorf("table %s: sqlite %v, postgres %v", table, cols, pg[table])
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok && !onlyPostgres.MatchString(table) {
			t.Errorf("table %s exists only on postgres", table)
		}
	}
	for _, want := range []string{"orders_name_keys", "orders_name_fts"} {
		if _, ok := lite[want]; !ok {
			t.Errorf("sqlite lacks %s", want)
		}
	}
	for _, want := range []string{"tracking_event_keys", "tracking_events_default"} {
		if _, ok := pg[want]; !ok {
			t.Errorf("postgres lacks %s", want)
		}
	}
}

// Tables one engine has by design: SQLite's FTS5 name index (PostgreSQL uses trigram
// indexes on orders) and PostgreSQL's monthly partitions of the tracking history with the
// key table that keeps event keys unique across them (SQLite keeps one table).
var (
	onlySQLite   = regexp.MustCompile(`^orders_name_(keys|fts|fts_(config|data|docsize|idx|content))$`)
	onlyPostgres = regexp.MustCompile(`^(tracking_events_p\d{6}|tracking_events_default|tracking_event_keys)$`)
)

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

func TestInstancesStartingTogetherMigrateOnce(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, dialect string, cfg db.Config) {
		var wg sync.WaitGroup
		applied := make([][]string, 3)
		errs := make([]error, 3)
		for i := range applied {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				d, err := db.Open(ctx, cfg)
				if err != nil {
					errs[i] = err
					return
				}
				defer d.Close()
				applied[i], errs[i] = d.Migrate(ctx)
			}(i)
		}
		wg.Wait()
		total := 0
		for i := range applied {
			if errs[i] != nil {
				t.Fatalf("instance %d: %v", i, errs[i])
			}
			total += len(applied[i])
		}
		d, err := db.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		pending, _ := d.PendingMigrations(ctx)
		files, _ := fs.Glob(migrations.FS, dialect+"/*.sql")
		if total != len(files) || len(pending) != 0 {
			t.Errorf("applied %d migrations in all (want each of %d once), pending %v", total, len(files), pending)
		}
	}
	t.Run("sqlite", func(t *testing.T) { check(t, "sqlite", db.Config{DataDir: t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) {
		schema, base := dbtest.NewPostgresSchema(t)
		check(t, "postgres", db.Config{URL: dbtest.WithSearchPath(base, schema)})
	})
}

// Statements go with the simple protocol: nothing is left prepared on the connection
// (pgx would otherwise prepare every new statement text, and bun writes arguments into
// the text), unless the URL chooses another mode.
func TestPostgresStatementsAreNotPreparedUnlessTheURLSaysSo(t *testing.T) {
	schema, base := dbtest.NewPostgresSchema(t)
	url := dbtest.WithSearchPath(base, schema)
	prepared := func(t *testing.T, url string) int {
		t.Helper()
		ctx := context.Background()
		d, err := db.Open(ctx, db.Config{URL: url, MaxOpen: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		for _, w := range []string{"SD1", "SD2", "SD3"} {
			var n int
			if err := d.R.NewSelect().ColumnExpr("length(?)", w).Scan(ctx, &n); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := d.R.NewSelect().TableExpr("pg_prepared_statements").ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := prepared(t, url); n != 0 {
		t.Fatalf("%d statements left prepared by default", n)
	}
	if n := prepared(t, url+"&default_query_exec_mode=cache_statement"); n < 3 {
		t.Fatalf("the URL's own mode (cache_statement) was not used: %d prepared", n)
	}
}

// "#", "?" and "%" are legal in a directory name (Go keeps "#" in the temporary
// directories of subtests run twice, "sqlite#01"); the SQLite file is still the one in
// that directory, so two such directories never share a database.
func TestSQLiteFileIsInItsDirectoryWhateverItsName(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	for _, name := range []string{"run#01", "run#02", "run?a=1", "run%23"} {
		dir := filepath.Join(root, name)
		d, err := db.Open(ctx, db.Config{DataDir: dir})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Each directory's database starts empty, then gets its own table.
		var tables int
		if err := d.W.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("%s: a new database has %d tables: it is another directory's file", name, tables)
		}
		if _, err := d.W.ExecContext(ctx, "CREATE TABLE mark (x INTEGER)"); err != nil {
			t.Fatal(err)
		}
		d.Close()
		if _, err := os.Stat(filepath.Join(dir, "app.db")); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if stray, _ := filepath.Glob(filepath.Join(root, "run*")); len(stray) != 4 {
		t.Errorf("files beside the four directories: %v", stray)
	}
}
