package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/migrations"
)

// Migrating takes about a second on PostgreSQL and a fifth of one on SQLite, and most
// tests want the same fully migrated schema, so it is done once and copied: on PostgreSQL
// into a template database that every test's own database is created from (CREATE
// DATABASE … TEMPLATE, a file copy), on SQLite into a file that every test copies into
// its temporary directory. Both are named after a hash of the dialect's migrations, so a
// changed or added migration makes a new one, and are shared by the test processes that
// go test runs at once (and kept for the next run).

// migrationsHash is the first 12 hex digits of the SHA-256 of the dialect's migration
// files (names and contents, in order); on PostgreSQL the current UTC month is part of it
// too, because the tracking partitions migration creates the partitions of the current
// month and the three after it.
func migrationsHash(dialect db.Dialect, now time.Time) (string, error) {
	h := sha256.New()
	if dialect == db.Postgres {
		fmt.Fprintf(h, "month %s\n", now.UTC().Format("200601"))
	}
	err := fs.WalkDir(migrations.FS, string(dialect), func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

// templateLock is the advisory lock under which test processes create PostgreSQL
// templates (arbitrary, other than the product's migration lock).
const templateLock = 727_2026_12

// templateComplete starts the comment written on a template database once it is fully
// migrated; a template without it is the remains of a process that died while migrating.
const templateComplete = "cs test template, complete at "

var pgTemplate struct {
	once sync.Once
	name string
	err  error
}

// postgresTemplate returns the name of the migrated template database, creating it the
// first time in this process unless another process already has.
func postgresTemplate(admin *sql.DB, base string) (string, error) {
	pgTemplate.once.Do(func() {
		pgTemplate.name, pgTemplate.err = makePostgresTemplate(admin, base)
	})
	return pgTemplate.name, pgTemplate.err
}

func makePostgresTemplate(admin *sql.DB, base string) (string, error) {
	ctx := context.Background()
	hash, err := migrationsHash(db.Postgres, time.Now())
	if err != nil {
		return "", err
	}
	name := "cs_tmpl_" + hash
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", templateLock); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", templateLock) //nolint:errcheck

	var comment sql.NullString
	err = conn.QueryRowContext(ctx, `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&comment)
	switch {
	case err == nil && strings.HasPrefix(comment.String, templateComplete):
		return name, nil
	case err == nil: // left half-made by a process that died
		if err := dropTemplate(ctx, conn, name); err != nil {
			return "", err
		}
	case err != sql.ErrNoRows:
		return "", err
	}
	dropStaleTemplates(ctx, conn, name)

	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create template database: %w", err)
	}
	d, err := db.Open(ctx, db.Config{URL: withDatabase(base, name), MaxOpen: 2})
	if err != nil {
		return "", err
	}
	_, err = d.Migrate(ctx)
	d.Close()
	if err != nil {
		return "", fmt.Errorf("migrate the template database: %w", err)
	}
	// No connections from now on (CREATE DATABASE … TEMPLATE refuses to copy a database
	// anyone is connected to), then marked complete, last.
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("COMMENT ON DATABASE %s IS '%s%s'", name, templateComplete, time.Now().UTC().Format(time.RFC3339))); err != nil {
		return "", err
	}
	return name, nil
}

// dropStaleTemplates drops the templates of other migrations completed more than a day
// ago: a checkout with other migrations (another branch) may still be using a recent one.
func dropStaleTemplates(ctx context.Context, conn *sql.Conn, keep string) {
	rows, err := conn.QueryContext(ctx, `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '')
		FROM pg_database WHERE datname LIKE 'cs\_tmpl\_%' AND datname <> $1`, keep)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name, comment string
		if rows.Scan(&name, &comment) != nil {
			continue
		}
		done, err := time.Parse(time.RFC3339, strings.TrimPrefix(comment, templateComplete))
		if err == nil && time.Since(done) > 24*time.Hour {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		_ = dropTemplate(ctx, conn, name)
	}
}

func dropTemplate(ctx context.Context, conn *sql.Conn, name string) error {
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH IS_TEMPLATE false"); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	return err
}

// withDatabase returns base with its database (the URL's path) replaced by name.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

// randomName is prefix followed by 12 random hex digits.
func randomName(prefix string) string {
	buf := make([]byte, 6)
	_, _ = rand.Read(buf)
	return prefix + hex.EncodeToString(buf)
}

var sqliteTemplate struct {
	once sync.Once
	path string
	err  error
}

// sqliteTemplatePath returns the migrated SQLite file every test copies, making it the
// first time in this process unless another process already has: migrated in a
// directory of its own, checkpointed and closed (nothing left in a -wal file), then
// renamed into place, so a process never sees a half-made file.
func sqliteTemplatePath() (string, error) {
	sqliteTemplate.once.Do(func() {
		sqliteTemplate.path, sqliteTemplate.err = makeSQLiteTemplate()
	})
	return sqliteTemplate.path, sqliteTemplate.err
}

func makeSQLiteTemplate() (string, error) {
	hash, err := migrationsHash(db.SQLite, time.Now())
	if err != nil {
		return "", err
	}
	path := filepath.Join(os.TempDir(), "cs-test-sqlite-"+hash+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	dropStaleSQLiteTemplates(path)
	dir, err := os.MkdirTemp("", "cs-test-sqlite-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	d, err := db.Open(ctx, db.Config{DataDir: dir})
	if err != nil {
		return "", err
	}
	_, err = d.Migrate(ctx)
	if err == nil {
		_, err = d.W.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("migrate the SQLite template: %w", err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "app.db-wal")); err == nil && fi.Size() > 0 {
		return "", fmt.Errorf("the SQLite template kept %d bytes in its -wal file", fi.Size())
	}
	if err := os.Rename(filepath.Join(dir, "app.db"), path); err != nil {
		return "", err
	}
	return path, nil
}

// dropStaleSQLiteTemplates removes the files of other migrations not used for a day.
func dropStaleSQLiteTemplates(keep string) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), "cs-test-sqlite-*.db"))
	for _, p := range old {
		if fi, err := os.Stat(p); err == nil && p != keep && time.Since(fi.ModTime()) > 24*time.Hour {
			_ = os.Remove(p)
		}
	}
}

// copyFile copies src to dst (created, mode 0600).
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
