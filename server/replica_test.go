package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// TestReadReplicaThroughTheAPI runs the server on a private primary with a hot standby
// made by pg_basebackup -R. With the standby's replay paused: an agent's look-up of an
// order another agent has just created is served by the replica (which does not have it
// yet), while the author reads it back at once (read-your-writes); mutations never read the
// replica; the public look-up and lists do. Then the standby stops: reads fall back to
// the primary and /readyz and /metrics say so.
func TestReadReplicaThroughTheAPI(t *testing.T) {
	primary := dbtest.PrivatePostgres(t)
	standby := primary.Standby()
	ctx := t.Context()
	cfg, err := configFrom(t, "--database-url", primary.URL(), "--database-replica-url", standby.URL())
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, ReplicaURLs: cfg.DatabaseReplicaURLs,
		ReplicaMaxLag: time.Hour, ReplicaCheckInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := migrateAll(ctx, cfg, d, quietLog); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, d)
	name := db.RedactURL(standby.URL())
	reads := func() int64 { return d.ReplicaReads()[name] }

	author, _ := s.login("CS1001")
	colleague, _ := s.login("CS1002")
	seen := s.releaseOrder(author, s.intake(author, orderInput()))["waybillNo"].(string)
	dbtest.WaitReplayed(t, primary.SQL(), standby.SQL())
	if st := d.CheckReplicas(ctx); !st[0].Healthy {
		t.Fatalf("caught-up standby: %+v", st[0])
	}

	lookUp := `query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo trackingEvents { status } } }`
	before := reads()
	if r := s.post(lookUp, map[string]any{"w": seen}, withToken(colleague)).must(t); r.path("orderByWaybill", "waybillNo") != seen {
		t.Fatalf("look-up on the replica: %s", r.Raw)
	}
	if got := reads() - before; got != 1 {
		t.Fatalf("a staff look-up with its timeline read the replica %d times; want 1 (the order with its events, one statement)", got)
	}
	// Reach holds on the replica: an agent of another depot does not find the order there.
	other, _ := s.login("CS1004")
	before = reads()
	if r := s.post(lookUp, map[string]any{"w": seen}, withToken(other)); r.Code() != "NOT_FOUND" {
		t.Fatalf("another depot's agent on the replica: %s", r.Raw)
	}
	if reads() <= before {
		t.Fatal("another depot's look-up did not read the replica")
	}
	before = reads()
	if r := s.post(lookupQuery, map[string]any{"w": seen, "d": "5678"}).must(t); r.path("customerTracking", "status") == nil {
		t.Fatalf("public look-up: %s", r.Raw)
	}
	if r := s.post(`{ orders(first: 5, search: "5678") { totalCount } }`, nil, withToken(colleague)).must(t); r.path("orders", "totalCount") == nil {
		t.Fatalf("list: %s", r.Raw)
	}
	if reads() < before+2 {
		t.Fatalf("the public look-up and the list read the replica %d times; want at least 2", reads()-before)
	}

	// Replay paused: what the author writes now is on the primary only.
	if _, err := standby.SQL().Exec("SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	before = reads()
	fresh := s.releaseOrder(author, s.intake(author, orderInput()))["waybillNo"].(string)
	if reads() != before {
		t.Fatalf("mutations read the replica %d times", reads()-before)
	}
	d.CheckReplicas(ctx)
	if r := s.post(lookUp, map[string]any{"w": fresh}, withToken(author)); len(r.Errors) > 0 || r.path("orderByWaybill", "waybillNo") != fresh {
		t.Fatalf("the author does not see their own order at once: %s", r.Raw)
	}
	if r := s.post(lookUp, map[string]any{"w": fresh}, withToken(colleague)); r.Code() != "NOT_FOUND" {
		t.Fatalf("the colleague's look-up should come from the paused replica (NOT_FOUND): %s", r.Raw)
	}
	metrics := s.get("/metrics").Body.String()
	for _, want := range []string{`cs_db_replica_healthy{replica="` + name + `"} 1`, `cs_db_replica_lag_bytes{replica="` + name + `"}`, `cs_db_replica_lag_seconds{replica="` + name + `"}`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metrics, `cs_db_replica_lag_bytes{replica="`+name+`"} 0`+"\n") {
		t.Error("the paused replica's byte lag is 0")
	}

	// The standby stops: its reads go to the primary, and /readyz and /metrics say so.
	standby.Stop()
	w := s.get("/readyz")
	var ready struct {
		Status   string
		Replicas []db.ReplicaState
	}
	if err := json.Unmarshal(w.Body.Bytes(), &ready); err != nil || w.Code != http.StatusOK || ready.Status != "ready" ||
		len(ready.Replicas) != 1 || ready.Replicas[0].Name != name || ready.Replicas[0].State != "down" || ready.Replicas[0].Healthy {
		t.Fatalf("/readyz with the replica down: %d %s", w.Code, w.Body)
	}
	if r := s.post(lookUp, map[string]any{"w": fresh}, withToken(colleague)); len(r.Errors) > 0 || r.path("orderByWaybill", "waybillNo") != fresh {
		t.Fatalf("with the replica down the colleague's look-up should come from the primary: %s", r.Raw)
	}
	if m := s.get("/metrics").Body.String(); !strings.Contains(m, `cs_db_replica_healthy{replica="`+name+`"} 0`) {
		t.Error("/metrics does not show the replica unhealthy")
	}
}

// TestReplicaURLConfiguration: replica URLs need PostgreSQL, are checked, and errors never
// repeat them (they hold passwords).
func TestReplicaURLConfiguration(t *testing.T) {
	t.Setenv("DATABASE_REPLICA_URLS", "postgres://u:envsecret@r1:5432/cs, postgres://u:envsecret@r2:5432/cs")
	cfg, err := configFrom(t, "--database-url", "postgres://p@primary/cs")
	if err != nil || len(cfg.DatabaseReplicaURLs) != 2 {
		t.Fatalf("from the environment: %v %v", cfg, err)
	}
	cfg, err = configFrom(t, "--database-url", "postgres://p@primary/cs", "--database-replica-url", "postgres://u:flag@r3/cs")
	if err != nil || len(cfg.DatabaseReplicaURLs) != 1 || cfg.DatabaseReplicaURLs[0] != "postgres://u:flag@r3/cs" {
		t.Fatalf("the flag replaces the environment: %v %v", cfg, err)
	}
	t.Setenv("DATABASE_REPLICA_URLS", "")
	for _, args := range [][]string{
		{"--database-replica-url", "postgres://u:s3cret@r/cs"}, // SQLite
		{"--database-url", "postgres://p@primary/cs", "--database-replica-url", "mysql://u:s3cret@r/cs"},
		{"--database-url", "postgres://p@primary/cs", "--database-replica-url", "postgres://u:s3cret@/cs"},
		{"--database-url", "postgres://p@primary/cs", "--database-replica-url", "postgres://u:s3cret@r\x00\n/cs"},
		{"--database-url", "postgres://p@primary/cs", "--database-replica-url", "postgres://u:s3cret@" + strings.Repeat("r", 1<<20) + "/cs%zz"},
		{"--database-url", "postgres://p@primary/cs", "--database-replica-url", "postgres://r/cs", "--replica-max-lag", "0s"},
		{"--database-url", "postgres://p@primary/cs", "--database-replica-url", "postgres://r/cs", "--read-your-writes-window", "-1s"},
	} {
		_, err := configFrom(t, args...)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%.120q: %v", args, err)
		}
	}
	many := []string{"--database-url", "postgres://p@primary/cs"}
	for range 17 {
		many = append(many, "--database-replica-url", "postgres://r/cs")
	}
	if _, err := configFrom(t, many...); err == nil {
		t.Error("17 replicas accepted")
	}
}
