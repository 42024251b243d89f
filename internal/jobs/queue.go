package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
	"github.com/uptrace/bun"
	"go.opentelemetry.io/otel/trace"

	"github.com/expresscs/cs/internal/db"
)

// driver picks River's driver for the dialect. Both take the writer *sql.DB: on SQLite
// that is our single writer connection, which is what River's SQLite driver asks for
// (one connection, so River's concurrent internal work never meets SQLITE_BUSY).
func driver(d *db.DB) riverdriver.Driver[*sql.Tx] {
	if d.Dialect == db.SQLite {
		return riversqlite.New(d.W.DB)
	}
	return riverdatabasesql.New(d.W.DB)
}

// Migrate applies River's own migrations (its job, leader and queue tables), after the
// product's. It is idempotent.
func Migrate(ctx context.Context, d *db.DB) ([]int, error) {
	m, err := rivermigrate.New(driver(d), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("river migrations: %w", err)
	}
	var versions []int
	for _, v := range res.Versions {
		versions = append(versions, v.Version)
	}
	return versions, nil
}

// Config says what the working client runs.
type Config struct {
	Log *slog.Logger
	// Register adds the capabilities' workers.
	Register []func(*river.Workers)
	// Periodic are the scheduled jobs (tracking rounds).
	Periodic []*river.PeriodicJob
	// RetryPolicy overrides River's default (attempt⁴ seconds plus jitter, 25 attempts).
	RetryPolicy river.ClientRetryPolicy
	// PollInterval is how often an idle worker looks for jobs (default 1 s). On SQLite River
	// polls; on PostgreSQL with ListenURL set, workers wake on LISTEN/NOTIFY at once when a
	// job is inserted and polling is only the fallback.
	PollInterval time.Duration
	// ListenURL is the PostgreSQL URL the working client connects to through pgx (River's
	// pgx driver, which LISTENs for inserted jobs). Jobs are still inserted through the
	// application's database/sql handle, inside its transactions; River's insert sends the
	// NOTIFY. Empty (and always on SQLite): the working client polls.
	ListenURL string
	// MaxWorkers bounds concurrent jobs per instance (default 10).
	MaxWorkers int
	// Tracing, when set, makes spans of job inserts and of the work on each job.
	Tracing trace.TracerProvider
}

// Queue inserts jobs at any time and, once started, works them.
type Queue struct {
	DB  *db.DB
	cfg Config

	inserter *river.Client[*sql.Tx]

	mu      sync.Mutex
	working interface {
		Stop(context.Context) error
		StopAndCancel(context.Context) error
	}
	pool *pgxpool.Pool
}

// New builds the queue. It inserts at once; Start begins working.
func New(d *db.DB, cfg Config) (*Queue, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	ins, err := river.NewClient(driver(d), &river.Config{Logger: cfg.Log, Plugins: plugins(cfg.Tracing)})
	if err != nil {
		return nil, err
	}
	return &Queue{DB: d, cfg: cfg, inserter: ins}, nil
}

// InsertTx adds a job inside tx, so it exists exactly when tx commits.
func (q *Queue) InsertTx(ctx context.Context, tx bun.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	return q.inserter.InsertTx(ctx, tx.Tx, args, opts)
}

// Insert adds a job in its own transaction.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	var res *rivertype.JobInsertResult
	err := q.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		res, err = q.InsertTx(ctx, tx, args, opts)
		return err
	})
	return res, err
}

// Start begins working jobs with a fresh River client (a stopped queue can start again).
func (q *Queue) Start(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.working != nil {
		return errors.New("jobs: already started")
	}
	workers := river.NewWorkers()
	for _, reg := range q.cfg.Register {
		reg(workers)
	}
	poll := q.cfg.PollInterval
	if poll <= 0 {
		poll = time.Second
	}
	max := q.cfg.MaxWorkers
	if max <= 0 {
		max = 10
	}
	cfg := &river.Config{
		Logger:            q.cfg.Log,
		Workers:           workers,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max}},
		PeriodicJobs:      q.cfg.Periodic,
		RetryPolicy:       q.cfg.RetryPolicy,
		FetchPollInterval: poll,
		FetchCooldown:     min(poll, 100*time.Millisecond),
		Plugins:           plugins(q.cfg.Tracing),
	}
	if q.DB.Dialect == db.Postgres && q.cfg.ListenURL != "" {
		pool, err := pgxpool.New(ctx, q.cfg.ListenURL)
		if err != nil {
			return fmt.Errorf("jobs: connect the listener: %w", err)
		}
		c, err := river.NewClient(riverpgxv5.New(pool), cfg)
		if err == nil {
			err = c.Start(ctx)
		}
		if err != nil {
			pool.Close()
			return err
		}
		q.working, q.pool = c, pool
		return nil
	}
	cfg.PollOnly = true
	c, err := river.NewClient(driver(q.DB), cfg)
	if err != nil {
		return err
	}
	if err := c.Start(ctx); err != nil {
		return err
	}
	q.working = c
	return nil
}

// Listening says whether the working client wakes on LISTEN/NOTIFY (PostgreSQL with
// ListenURL) rather than by polling alone.
func (q *Queue) Listening() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pool != nil
}

// Stop lets running jobs finish (until ctx ends, then cancels them) and stops working.
// Jobs not yet finished stay in the database and run after the next Start.
func (q *Queue) Stop(ctx context.Context) error {
	q.mu.Lock()
	c, pool := q.working, q.pool
	q.working, q.pool = nil, nil
	q.mu.Unlock()
	if c == nil {
		return nil
	}
	if pool != nil {
		defer pool.Close()
	}
	if err := c.Stop(ctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return c.StopAndCancel(context.Background())
		}
		return err
	}
	return nil
}

// InsertManyTx adds several jobs inside tx.
func (q *Queue) InsertManyTx(ctx context.Context, tx bun.Tx, params []river.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	_, err := q.inserter.InsertManyTx(ctx, tx.Tx, params)
	return err
}
