// Package dbtest runs store tests against both engines for real: a fresh SQLite file
// and a fresh PostgreSQL schema per test, both migrated. PostgreSQL comes from
// CS_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test). When it cannot
// be reached the PostgreSQL half is skipped locally but fails under CI=true.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
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
	t.Run("sqlite", func(t *testing.T) { up(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { up(t, openPostgres(t)) })
}

// SQLite opens a migrated database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	d := openSQLite(t)
	migrate(t, d)
	return d
}

func openSQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Config{DataDir: t.TempDir()})
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

// Postgres creates a fresh schema, opens a migrated database whose search_path is that
// schema, and drops the schema when the test ends.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	d := openPostgres(t)
	migrate(t, d)
	return d
}

func openPostgres(t testing.TB) *db.DB {
	t.Helper()
	schema, base := NewPostgresSchema(t)
	d, err := db.Open(context.Background(), db.Config{URL: WithSearchPath(base, schema), MaxOpen: 8})
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
	buf := make([]byte, 6)
	_, _ = rand.Read(buf)
	schema := "t_" + hex.EncodeToString(buf)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	return schema, base
}

// adminConn connects to the test PostgreSQL server's base URL; it skips (or fails under
// CI=true) when the server does not answer. The caller closes the connection.
func adminConn(t testing.TB) (*sql.DB, string) {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true but unreachable at %s: %v", base, err)
		}
		t.Skipf("PostgreSQL unreachable at %s (set CI=true to make this fail): %v", base, err)
	}
	return admin, base
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

func migrate(t testing.TB, d *db.DB) {
	t.Helper()
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d.Dialect, err)
	}
}
