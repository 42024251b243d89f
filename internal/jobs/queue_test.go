package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/jobs"
)

type pingArgs struct{ N int }

func (pingArgs) Kind() string { return "test_ping" }

type pingWorker struct {
	river.WorkerDefaults[pingArgs]
	done chan int
}

func (w *pingWorker) Work(_ context.Context, j *river.Job[pingArgs]) error {
	w.done <- j.Args.N
	return nil
}

// TestWorkersWakeOnNotifyOnPostgres: with River's pgx driver listening, a job inserted
// through the application's database/sql handle is worked at once, although the queue
// would next poll an hour later.
func TestWorkersWakeOnNotifyOnPostgres(t *testing.T) {
	url := dbtest.MigratedPostgres(t)
	ctx := context.Background()
	d, err := db.Open(ctx, db.Config{URL: url, MaxOpen: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Migrate(ctx, d); err != nil {
		t.Fatal(err)
	}
	w := &pingWorker{done: make(chan int, 1)}
	q, err := jobs.New(d, jobs.Config{
		Register:     []func(*river.Workers){func(ws *river.Workers) { river.AddWorker(ws, w) }},
		PollInterval: time.Hour,
		ListenURL:    url,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	if !q.Listening() {
		t.Fatal("the working client does not listen on PostgreSQL")
	}
	// The first fetch after start finds nothing; the next poll is an hour away, so only
	// the insert's NOTIFY can bring the job to a worker before the deadline below.
	if _, err := q.Insert(ctx, pingArgs{N: 7}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-w.done:
		if n != 7 {
			t.Fatalf("worked %d, want 7", n)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the inserted job was not worked: workers did not wake on NOTIFY")
	}
}

// TestSQLitePolls: SQLite has no LISTEN/NOTIFY, so its working client polls.
func TestSQLitePolls(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := jobs.Migrate(ctx, d); err != nil {
		t.Fatal(err)
	}
	w := &pingWorker{done: make(chan int, 1)}
	q, err := jobs.New(d, jobs.Config{
		Register:     []func(*river.Workers){func(ws *river.Workers) { river.AddWorker(ws, w) }},
		PollInterval: 50 * time.Millisecond,
		ListenURL:    "postgres://ignored",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	if q.Listening() {
		t.Fatal("SQLite cannot listen")
	}
	if _, err := q.Insert(ctx, pingArgs{N: 3}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-w.done:
		if n != 3 {
			t.Fatalf("worked %d, want 3", n)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the polling worker never took the job")
	}
}
