package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver (pure Go, no cgo)
)

// Dialect names the database engine in use.
type Dialect string

// The engines the product runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB holds the writer and reader handles. On PostgreSQL both are the same pool; on
// SQLite the writer is a single connection (SQLite allows one writer at a time, so a
// pool would only queue on the lock) and the reader is a read-only pool over WAL.
type DB struct {
	Dialect Dialect
	// W runs writes and transactions.
	W *bun.DB
	// R runs reads that need no transaction.
	R *bun.DB
	// replicas are PostgreSQL streaming replicas for reads that tolerate lag (Lagging);
	// nil without any.
	replicas *replicas
	// prepared are the SQLite reader pool's prepared statements (Select); nil on
	// PostgreSQL.
	prepared *preparedReads
	// pgCached runs Select's and Exec's constant texts prepared once per connection on
	// PostgreSQL; nil on SQLite, when pooled, or when the URL names an exec mode.
	pgCached *pgCached
	// rows follows the SQLite writer's changes to watched tables (WatchRows); nil on
	// PostgreSQL.
	rows *rowWatch
	// hooks are the hooks every bun DB of d's runs (the statement counter, tracing), for
	// the statements d runs past bun's query builders (observe).
	hooks []bun.QueryHook
}

// Config says where the database is.
type Config struct {
	// URL is a postgres:// URL; empty means embedded SQLite under DataDir.
	URL string
	// DataDir holds the SQLite file (app.db).
	DataDir string
	// MaxOpen caps PostgreSQL connections (default 20) or SQLite readers (default 4).
	MaxOpen int
	// ReplicaURLs are postgres:// URLs of hot standbys of URL (PostgreSQL only).
	ReplicaURLs []string
	// ReplicaMaxLag is the replay lag above which a replica is skipped (default 5 s).
	ReplicaMaxLag time.Duration
	// ReadYourWritesWindow is how long after a person's write their reads avoid replicas
	// that have not replayed it; never less than ReplicaMaxLag plus ReplicaCheckInterval.
	ReadYourWritesWindow time.Duration
	// ReplicaCheckInterval is how often replicas are checked (default 1 s); negative: only
	// when CheckReplicas is called (tests).
	ReplicaCheckInterval time.Duration
	// Pooled says URL goes through a transaction-mode pooler (PgBouncer before 1.21),
	// which keeps no prepared statement from one transaction to the next: then no
	// statement is prepared, not even Select's and Exec's constant texts (pgcached.go).
	Pooled bool
}

// Open connects according to cfg. It does not migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if strings.HasPrefix(cfg.URL, "postgres://") || strings.HasPrefix(cfg.URL, "postgresql://") {
		return openPostgres(ctx, cfg)
	}
	if cfg.URL != "" {
		return nil, fmt.Errorf("DATABASE_URL must start with postgres:// (or be empty for embedded SQLite)")
	}
	if len(cfg.ReplicaURLs) > 0 {
		return nil, fmt.Errorf("read replicas need PostgreSQL: set DATABASE_URL to the primary's postgres:// URL, or remove the replica URLs")
	}
	return openSQLite(ctx, cfg)
}

// simpleProtocol makes statements go with PostgreSQL's simple protocol unless the URL
// chooses pgx's default_query_exec_mode itself. Bun writes arguments into the statement
// text, so almost every statement's text is new (a waybill, an address, the time) and
// pgx's default, a prepared statement per text and connection (up to 512 each), prepares
// in an extra round trip what runs once, and keeps it: on the public look-up that cost
// about a quarter of the throughput and took resident memory from 57 to 99 MiB
// (BENCHMARKS.md, "Statement protocol"). It also lets PgBouncer in transaction mode work.
func simpleProtocol(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("DATABASE_URL: %w", err)
	}
	q := u.Query()
	if q.Get("default_query_exec_mode") == "" {
		q.Set("default_query_exec_mode", "simple_protocol")
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// namesExecMode reports whether the URL chooses pgx's default_query_exec_mode itself.
func namesExecMode(raw string) (bool, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return false, fmt.Errorf("DATABASE_URL: %w", err)
	}
	return u.Query().Get("default_query_exec_mode") != "", nil
}

// postgresPool opens a pool of at most maxOpen (default 20) connections to dsn.
func postgresPool(dsn string, maxOpen int) (*sql.DB, error) {
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	_ = stdlib.GetDefaultDriver() // keep the pgx stdlib driver linked and registered
	if maxOpen <= 0 {
		maxOpen = 20
	}
	sqldb.SetMaxOpenConns(maxOpen)
	sqldb.SetMaxIdleConns(maxOpen)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	return sqldb, nil
}

func openPostgres(ctx context.Context, cfg Config) (*DB, error) {
	chosen, err := namesExecMode(cfg.URL)
	if err != nil {
		return nil, err
	}
	dsn, err := simpleProtocol(cfg.URL)
	if err != nil {
		return nil, err
	}
	sqldb, err := postgresPool(dsn, cfg.MaxOpen)
	if err != nil {
		return nil, err
	}
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	b := bun.NewDB(sqldb, pgdialect.New()).WithQueryHook(counterHook{})
	d := &DB{Dialect: Postgres, W: b, R: b, hooks: []bun.QueryHook{counterHook{}}}
	if !cfg.Pooled && !chosen {
		d.pgCached = &pgCached{}
	}
	if len(cfg.ReplicaURLs) > 0 {
		if d.replicas, err = openReplicas(b, cfg); err != nil {
			sqldb.Close()
			return nil, err
		}
		interval := cfg.ReplicaCheckInterval
		if interval == 0 {
			interval = DefaultReplicaCheck
		}
		if interval > 0 {
			if d.replicas.window < d.replicas.maxLag+interval {
				d.replicas.window = d.replicas.maxLag + interval
			}
			d.watchReplicas(interval)
		}
	}
	return d, nil
}

// sqliteDSN builds a modernc.org/sqlite DSN. Pragmas run on every new connection:
// WAL for concurrent readers, foreign keys on, a busy timeout instead of instant
// SQLITE_BUSY, and synchronous=FULL so an acknowledged commit survives a crash.
func sqliteDSN(path string, readOnly bool) string {
	q := []string{
		"_pragma=foreign_keys(1)",
		"_pragma=busy_timeout(10000)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
	}
	if readOnly {
		q = append(q, "_pragma=query_only(1)")
	} else {
		// BEGIN IMMEDIATE takes the write lock at the start of a transaction, so two
		// writers never deadlock upgrading a read lock.
		q = append(q, "_txlock=immediate")
	}
	return "file:" + uriPath.Replace(path) + "?" + strings.Join(q, "&")
}

// uriPath escapes what would end or change the path part of a "file:" URI: "?" starts the
// parameters, "#" the fragment and "%" an escape, all legal in a file name (Go's test
// directories keep "#" from subtest names such as "sqlite#01"; unescaped, two such
// directories would open the same cut-off path).
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func openSQLite(ctx context.Context, cfg Config) (*DB, error) {
	dir := cfg.DataDir
	if dir == "" {
		dir = "data"
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "app.db")

	rows := &rowWatch{}
	w := sql.OpenDB(newHookedConnector(sqliteDSN(path, false), rows))
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := pingSQLite(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}

	r, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	readers := cfg.MaxOpen
	if readers <= 0 {
		readers = 4
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)

	wb := bun.NewDB(w, sqlitedialect.New()).WithQueryHook(counterHook{}).WithQueryHook(settleHook{rows})
	rb := bun.NewDB(r, sqlitedialect.New()).WithQueryHook(counterHook{})
	prepared := &preparedReads{stmts: map[string]*sql.Stmt{}}
	return &DB{Dialect: SQLite, W: wb, R: rb, prepared: prepared, rows: rows, hooks: []bun.QueryHook{counterHook{}}}, nil
}

// pingSQLite opens the first connection, waiting out SQLITE_BUSY: switching a new file
// to WAL needs an exclusive lock and SQLite does not run the busy handler for it, so
// processes starting together on one file would otherwise fail at once.
func pingSQLite(ctx context.Context, sqldb *sql.DB) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := sqldb.PingContext(ctx)
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Close closes both pools and the replicas'.
func (d *DB) Close() error {
	var errs []error
	d.prepared.close()
	errs = append(errs, d.replicas.close(), d.W.Close())
	if d.R != d.W {
		errs = append(errs, d.R.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	return d.W.PingContext(ctx)
}

// Tx runs fn in a write transaction: committed when fn returns nil, rolled back
// otherwise. On SQLite the transaction starts with BEGIN IMMEDIATE. Functions registered
// with AfterCommit inside fn run once the commit has succeeded.
func (d *DB) Tx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	hooks := &afterCommit{}
	err := d.W.RunInTx(context.WithValue(ctx, afterCommitKey{}, hooks), nil, fn)
	if err == nil {
		for _, h := range hooks.fns {
			h()
		}
	}
	return err
}

type afterCommitKey struct{}

type afterCommit struct{ fns []func() }

// AfterCommit registers fn to run after the transaction that ctx belongs to commits, and
// reports whether there is one; outside a transaction it registers nothing and returns
// false (the caller then acts at once).
func AfterCommit(ctx context.Context, fn func()) bool {
	h, ok := ctx.Value(afterCommitKey{}).(*afterCommit)
	if ok {
		h.fns = append(h.fns, fn)
	}
	return ok
}

// IsUniqueViolation reports whether err is a unique-constraint violation on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || // SQLite
		strings.Contains(msg, "SQLSTATE 23505") // PostgreSQL
}
