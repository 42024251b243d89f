// Package dbtest runs store tests against both engines for real: a fresh SQLite file
// and a fresh PostgreSQL database per test, both migrated (copies of a database migrated
// once, see template.go). PostgreSQL comes from CS_TEST_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/test), whose user may create databases. When it
// cannot be reached the PostgreSQL half is skipped locally but fails under CI=true.
package dbtest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/expresscs/cs/internal/db"
)

// DefaultPostgresURL is where tests look for PostgreSQL when CS_TEST_POSTGRES_URL is unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Each runs fn as two subtests, "sqlite" and "postgres", each on a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// EachBefore runs fn as two subtests like Each, each on a fresh database migrated only
// up to the migration named before (its timestamp): for tests of a migration that moves
// data, which write rows in the old layout and then call Migrate.
func EachBefore(t *testing.T, before string, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	up := func(t *testing.T, d *db.DB) {
		if err := d.MigrateBefore(context.Background(), before); err != nil {
			t.Fatalf("migrate %s before %s: %v", d.Dialect, before, err)
		}
		fn(t, d)
	}
	t.Run("sqlite", func(t *testing.T) { up(t, openSQLite(t, t.TempDir())) })
	t.Run("postgres", func(t *testing.T) { up(t, openPostgresSchema(t)) })
}

// Count is how many rows model's table holds (model a typed nil, (*order.Order)(nil)),
// read on d's readers: what a test reads back to show a refusal stored nothing.
func Count(t testing.TB, d *db.DB, model any) int64 {
	t.Helper()
	n, err := d.R.NewSelect().Model(model).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// SQLite opens a migrated database in a temporary directory: a copy of the file migrated
// once per set of migrations.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return openSQLite(t, SQLiteDir(t))
}

// SQLiteDir returns a fresh directory holding a migrated SQLite database (app.db), for
// tests that open it more than once (db.Config{DataDir: dir}).
func SQLiteDir(t testing.TB) string {
	t.Helper()
	tmpl, err := sqliteTemplatePath()
	if err != nil {
		t.Fatalf("sqlite template: %v", err)
	}
	dir := t.TempDir()
	if err := copyFile(tmpl, filepath.Join(dir, "app.db")); err != nil {
		t.Fatalf("copy the sqlite template: %v", err)
	}
	return dir
}

func openSQLite(t testing.TB, dir string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Config{DataDir: dir})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// PostgresURL returns the base URL tests use.
func PostgresURL() string {
	if u := os.Getenv("CS_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// Postgres opens a fresh migrated database (MigratedPostgres), closed when the test ends.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return openPostgres(t, MigratedPostgres(t))
}

// MigratedPostgres creates a database of its own for the test, a copy of the migrated
// template, and returns its URL; it is dropped when the test ends (under Run, made
// ahead and dropped behind: ahead.go). It skips (or fails
// under CI=true) without PostgreSQL.
func MigratedPostgres(t testing.TB) string {
	t.Helper()
	admin, base := adminConn(t)
	tmpl, err := postgresTemplate(admin, base)
	if err != nil {
		t.Fatalf("postgres template: %v", err)
	}
	if ahead != nil {
		name, err := ahead.take(admin, tmpl)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ahead.release(name) })
		return withDatabase(base, name)
	}
	name, err := createFrom(admin, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(admin, name); err != nil {
			t.Error(err)
		}
	})
	return withDatabase(base, name)
}

// cloneStrategy is how PostgreSQL copies the template: FILE_COPY copies its files (with
// a checkpoint), WAL_LOG (15's default) copies it block by block through the WAL.
const cloneStrategy = "WAL_LOG"

// openPostgresSchema opens a database whose search_path is a fresh empty schema, for the
// tests of migrations.
func openPostgresSchema(t testing.TB) *db.DB {
	t.Helper()
	schema, base := NewPostgresSchema(t)
	return openPostgres(t, WithSearchPath(base, schema))
}

func openPostgres(t testing.TB, url string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Config{URL: url, MaxOpen: 8})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// NewPostgresSchema creates an empty schema and returns its name and the base URL; the
// schema is dropped at cleanup. It skips (or fails under CI=true) without PostgreSQL.
func NewPostgresSchema(t testing.TB) (string, string) {
	t.Helper()
	admin, base := adminConn(t)
	schema := randomName("t_")
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	return schema, base
}

// adminPool is the process's pool of connections to the test PostgreSQL server's base URL,
// for creating and dropping databases and schemas.
var adminPool struct {
	once sync.Once
	db   *sql.DB
	err  error
}

// adminConn returns the pool connected to the test PostgreSQL server's base URL; it skips
// (or fails under CI=true) when the server does not answer. It stays open for the
// process: the callers' cleanups use it.
func adminConn(t testing.TB) (*sql.DB, string) {
	t.Helper()
	base := PostgresURL()
	adminPool.once.Do(func() {
		adminPool.db, adminPool.err = sql.Open("pgx", base)
	})
	err := adminPool.err
	if err == nil {
		err = adminPool.db.Ping()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true but unreachable at %s: %v", base, err)
		}
		t.Skipf("PostgreSQL unreachable at %s (set CI=true to make this fail): %v", base, err)
	}
	return adminPool.db, base
}

// WithSearchPath returns base with search_path set to schema (pgx passes unknown URL
// parameters to the server as run-time parameters).
func WithSearchPath(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
