package db_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// replicated starts a private primary and a hot standby of it, opens the primary with the
// standby as its replica (checked only when the test calls CheckReplicas) and makes a
// table with one row that the standby has replayed.
func replicated(t *testing.T, maxLag time.Duration) (d *db.DB, primary, standby *dbtest.Cluster) {
	t.Helper()
	primary = dbtest.PrivatePostgres(t)
	standby = primary.Standby()
	d, err := db.Open(context.Background(), db.Config{URL: primary.URL(), ReplicaURLs: []string{standby.URL()},
		ReplicaMaxLag: maxLag, ReplicaCheckInterval: -1, MaxOpen: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.W.Exec("CREATE TABLE parcels (id TEXT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.W.Exec("INSERT INTO parcels VALUES ('seen-everywhere')"); err != nil {
		t.Fatal(err)
	}
	dbtest.WaitReplayed(t, primary.SQL(), standby.SQL())
	return d, primary, standby
}

func parcels(t *testing.T, ctx context.Context, h *bun.DB) int {
	t.Helper()
	n, err := h.NewSelect().Table("parcels").Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func pauseReplay(t *testing.T, standby *dbtest.Cluster) {
	t.Helper()
	if _, err := standby.SQL().Exec("SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
}

// TestReplicaServesLaggingReadsWithReadYourWrites proves the replica is read (a row
// written on the primary while the standby's replay is paused is missing there), that
// nothing but a marked query reads it, and that a person's own write keeps their reads
// on the primary until the replica has replayed it.
func TestReplicaServesLaggingReadsWithReadYourWrites(t *testing.T) {
	d, primary, standby := replicated(t, time.Hour)
	bg := context.Background()
	if st := d.CheckReplicas(bg); len(st) != 1 || !st[0].Healthy || st[0].State != "ok" || st[0].LagBytes != 0 {
		t.Fatalf("caught-up standby: %+v", st)
	}
	pauseReplay(t, standby)
	if _, err := d.W.Exec("INSERT INTO parcels VALUES ('primary-only')"); err != nil {
		t.Fatal(err)
	}
	if st := d.CheckReplicas(bg); !st[0].Healthy || st[0].LagBytes <= 0 {
		t.Fatalf("paused standby within the lag bound: %+v", st)
	}

	anne := db.MayLag(bg, "staff:anne")
	if n := parcels(t, anne, d.Lagging(anne)); n != 1 {
		t.Fatalf("a query that may lag read %d parcels; want 1 (the replica, which lacks the new row)", n)
	}
	if n := parcels(t, bg, d.Lagging(bg)); n != 2 {
		t.Fatalf("an unmarked context (jobs, mutations) read %d parcels; want 2 (the primary)", n)
	}
	if err := d.Tx(anne, func(ctx context.Context, _ bun.Tx) error {
		if n := parcels(t, ctx, d.Lagging(ctx)); n != 2 {
			t.Errorf("inside a transaction Lagging read %d parcels; want 2 (the primary)", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// Bob writes: from the start of his write his reads go to the primary.
	bob := db.MayLag(bg, "staff:bob")
	d.NoteWriting("staff:bob")
	if n := parcels(t, bob, d.Lagging(bob)); n != 2 {
		t.Fatalf("during his write Bob read %d parcels; want 2", n)
	}
	if _, err := d.W.Exec("INSERT INTO parcels VALUES ('bobs')"); err != nil {
		t.Fatal(err)
	}
	d.NoteWrote(bg, "staff:bob")
	d.CheckReplicas(bg)
	if n := parcels(t, bob, d.Lagging(bob)); n != 3 {
		t.Fatalf("after his write Bob read %d parcels; want 3 (his own write, from the primary)", n)
	}
	if n := parcels(t, anne, d.Lagging(anne)); n != 1 {
		t.Fatalf("Anne read %d parcels; want 1 (she wrote nothing: the replica serves her)", n)
	}

	// Once the replica has replayed Bob's write, he reads it there.
	if _, err := standby.SQL().Exec("SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	dbtest.WaitReplayed(t, primary.SQL(), standby.SQL())
	d.CheckReplicas(bg)
	before := d.ReplicaReads()
	if n := parcels(t, bob, d.Lagging(bob)); n != 3 {
		t.Fatalf("Bob read %d parcels after the replay; want 3", n)
	}
	after := d.ReplicaReads()
	name := d.ReplicaStates()[0].Name
	if after[name] != before[name]+1 {
		t.Fatalf("Bob's read after the replay did not go to the replica: %v then %v", before, after)
	}
}

// TestReplicaDownFallsBackToPrimary: a stopped standby is reported down and skipped;
// started again, it serves again.
func TestReplicaDownFallsBackToPrimary(t *testing.T) {
	d, _, standby := replicated(t, time.Hour)
	bg := context.Background()
	ctx := db.MayLag(bg, "")
	d.CheckReplicas(bg)
	if d.Lagging(ctx) == d.R {
		t.Fatal("a healthy replica was not chosen")
	}
	standby.Stop()
	st := d.CheckReplicas(bg)
	if st[0].Healthy || st[0].State != "down" {
		t.Fatalf("stopped standby: %+v", st[0])
	}
	if d.Lagging(ctx) != d.R {
		t.Fatal("a stopped replica was chosen")
	}
	if n := parcels(t, ctx, d.Lagging(ctx)); n != 1 {
		t.Fatalf("read %d parcels from the primary; want 1", n)
	}
	standby.Start()
	if st := d.CheckReplicas(bg); !st[0].Healthy {
		t.Fatalf("restarted standby: %+v", st[0])
	}
	if n := parcels(t, ctx, d.Lagging(ctx)); n != 1 || d.Lagging(ctx) == d.R {
		t.Fatalf("the restarted replica does not serve (%d parcels)", n)
	}
}

// TestReplicaLagAboveBoundIsSkipped: with the bound at 1 ns, a caught-up standby serves
// (a replica with nothing to replay has no lag, however idle the primary) and one that
// is behind is skipped.
func TestReplicaLagAboveBoundIsSkipped(t *testing.T) {
	d, _, standby := replicated(t, time.Nanosecond)
	bg := context.Background()
	ctx := db.MayLag(bg, "")
	if st := d.CheckReplicas(bg); !st[0].Healthy || st[0].LagSeconds != 0 {
		t.Fatalf("caught-up standby: %+v", st[0])
	}
	pauseReplay(t, standby)
	if _, err := d.W.Exec("INSERT INTO parcels VALUES ('primary-only')"); err != nil {
		t.Fatal(err)
	}
	st := d.CheckReplicas(bg)
	if st[0].Healthy || st[0].State != "lagging" || st[0].LagSeconds <= 0 || st[0].LagBytes <= 0 {
		t.Fatalf("standby behind the bound: %+v", st[0])
	}
	if n := parcels(t, ctx, d.Lagging(ctx)); n != 2 {
		t.Fatalf("read %d parcels; want 2 (the primary: the replica is too far behind)", n)
	}
}

// TestReplicasNeedPostgres: a replica with SQLite is a configuration error, and errors
// and names never show a replica URL's password.
func TestReplicasNeedPostgres(t *testing.T) {
	_, err := db.Open(context.Background(), db.Config{DataDir: t.TempDir(), ReplicaURLs: []string{"postgres://u:s3cret@replica:5432/cs"}})
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL") || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("SQLite with a replica: %v", err)
	}
	for raw, want := range map[string]string{
		"postgres://u:s3cret@replica:6432/cs?sslmode=require": "replica:6432/cs",
		"postgresql://u:s3cret@[::1]/cs":                      "::1:5432/cs",
		"postgres://u:s3cret@\x00bad/cs":                      "replica",
		"not a url at all s3cret":                             "replica",
	} {
		if got := db.RedactURL(raw); got != want || strings.Contains(got, "s3cret") {
			t.Errorf("RedactURL(%q) = %q; want %q", raw, got, want)
		}
	}
}

func TestParseLSN(t *testing.T) {
	for s, want := range map[string]uint64{"0/0": 0, "16/B374D848": 0x16_B374D848, "FFFFFFFF/FFFFFFFF": 1<<64 - 1} {
		if got, err := db.ParseLSN(s); err != nil || got != want {
			t.Errorf("ParseLSN(%q) = %x, %v; want %x", s, got, err, want)
		}
	}
	for _, s := range []string{"", "/", "1/", "/1", "100000000/0", "0/100000000", "x/1", "1/2/3", "-1/0", strings.Repeat("1", 1<<16) + "/0", "1\x00/0"} {
		if _, err := db.ParseLSN(s); err == nil {
			t.Errorf("ParseLSN(%q) accepted", s)
		}
	}
}

// TestReplicaChecksRunInTheBackground: with a check interval the replicas are checked
// without anyone asking (the server's default), while reads and Trace go on at once
// (run with -race).
func TestReplicaChecksRunInTheBackground(t *testing.T) {
	primary := dbtest.PrivatePostgres(t)
	standby := primary.Standby()
	d, err := db.Open(context.Background(), db.Config{URL: primary.URL(), ReplicaURLs: []string{standby.URL()},
		ReplicaCheckInterval: 5 * time.Millisecond, MaxOpen: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.Trace(sdktrace.NewTracerProvider())
	ctx := db.MayLag(context.Background(), "")
	for deadline := time.Now().Add(time.Minute); !d.ReplicaStates()[0].Healthy; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the background check never found the standby healthy: %+v", d.ReplicaStates())
		}
	}
	var one int
	if err := d.Lagging(ctx).NewSelect().ColumnExpr("1").Scan(ctx, &one); err != nil || one != 1 {
		t.Fatalf("read on the replica: %v", err)
	}
	if d.ReplicaReads()[d.ReplicaStates()[0].Name] != 1 {
		t.Fatalf("replica reads: %v", d.ReplicaReads())
	}
}
