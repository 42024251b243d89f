package db

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"time"

	"github.com/uptrace/bun/migrate"

	"github.com/expresscs/cs/migrations"
)

// migrator builds bun's migrator over the embedded SQL of this dialect.
func (d *DB) migrator() (*migrate.Migrator, error) { return d.migratorOf("") }

// migratorOf builds the migrator over the migrations older than before (every one when
// before is empty).
func (d *DB) migratorOf(before string) (*migrate.Migrator, error) {
	var sub fs.FS
	sub, err := fs.Sub(migrations.FS, string(d.Dialect))
	if err != nil {
		return nil, err
	}
	if before != "" {
		sub = olderThan{sub, before}
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return nil, fmt.Errorf("discover %s migrations: %w", d.Dialect, err)
	}
	return migrate.NewMigrator(d.W, ms, migrate.WithMarkAppliedOnSuccess(true)), nil
}

// Migrate applies every pending migration under a lock that keeps several starting
// instances from migrating at once, and returns the names it applied.
func (d *DB) Migrate(ctx context.Context) ([]string, error) {
	m, err := d.migrator()
	if err != nil {
		return nil, err
	}
	unlock, err := d.lockMigrations(ctx, m)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("init migration tables: %w", err)
	}
	group, err := m.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var names []string
	for _, mig := range group.Migrations {
		names = append(names, mig.Name)
	}
	return names, nil
}

// MigrateBefore applies the pending migrations older than the one whose name starts with
// before (its timestamp, "20261207050000"), for tests of a migration that moves data:
// they write rows in the layout before it, then Migrate the rest.
func (d *DB) MigrateBefore(ctx context.Context, before string) error {
	m, err := d.migratorOf(before)
	if err != nil {
		return err
	}
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("init migration tables: %w", err)
	}
	_, err = m.Migrate(ctx)
	return err
}

// olderThan is a directory of migrations showing only the files named before first.
type olderThan struct {
	fs.FS
	first string
}

func (o olderThan) ReadDir(name string) ([]fs.DirEntry, error) {
	all, err := fs.ReadDir(o.FS, name)
	var keep []fs.DirEntry
	for _, e := range all {
		if e.Name() < o.first {
			keep = append(keep, e)
		}
	}
	return keep, err
}

// lockMigrations takes a PostgreSQL session advisory lock (released by the server if
// this process dies), or on SQLite bun's lock table, waiting up to a minute.
func (d *DB) lockMigrations(ctx context.Context, m *migrate.Migrator) (func(), error) {
	if d.Dialect == Postgres {
		conn, err := d.W.DB.Conn(ctx)
		if err != nil {
			return nil, err
		}
		const key = 727_2026_11 // arbitrary, fixed for this product
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
			conn.Close()
			return nil, fmt.Errorf("take migration lock: %w", err)
		}
		return func() {
			_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key)
			conn.Close()
		}, nil
	}
	if err := m.Init(ctx); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(time.Minute)
	for {
		err := m.Lock(ctx)
		if err == nil {
			return func() { _ = m.Unlock(context.Background()) }, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("take migration lock: %w", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// PendingMigrations returns the names of migrations not yet applied (for /readyz).
func (d *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	m, err := d.migrator()
	if err != nil {
		return nil, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, mig := range ms.Unapplied() {
		names = append(names, mig.Name)
	}
	return names, nil
}

// Columns lists table → column names of the application's tables (generated columns
// included), for the test that proves both dialects end at the same schema.
func (d *DB) Columns(ctx context.Context) (map[string][]string, error) {
	var rows *sql.Rows
	var err error
	if d.Dialect == Postgres {
		rows, err = d.W.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, column_name`)
	} else {
		rows, err = d.W.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m
			JOIN pragma_table_xinfo(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
			ORDER BY m.name, p.name`)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		out[table] = append(out[table], col)
	}
	return out, rows.Err()
}
