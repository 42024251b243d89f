package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/tracking"
	"github.com/expresscs/cs/migrations"
)

// checkProgress asserts that the progress kept on an order (what recording folds new
// events into) equals what its whole stored timeline adds up to, and that the backfill
// in the migration that introduced it computes the same from the timeline alone.
func checkProgress(t *testing.T, s *testServer, globalID string) {
	t.Helper()
	ctx := context.Background()
	_, id, err := graph.ParseGlobalID(globalID, "Order")
	if err != nil {
		t.Fatal(err)
	}
	want := checkStoredProgress(t, s, globalID)
	clear := `UPDATE orders SET tracking_best_status = '', tracking_best_at = NULL, tracking_last_exception_reason = '',
		tracking_last_exception_at = NULL, tracking_picked_up_at = NULL, tracking_out_at = NULL WHERE id = ?`
	if _, err := s.app.DB.W.ExecContext(ctx, clear, id); err != nil {
		t.Fatal(err)
	}
	dir := "sqlite"
	if s.app.DB.Dialect == db.Postgres {
		dir = "postgres"
	}
	sql, err := migrations.FS.ReadFile(dir + "/20261124200050_tracking_progress.tx.up.sql")
	if err != nil {
		t.Fatal(err)
	}
	backfilled := false
	for _, part := range strings.Split(string(sql), "--bun:split") {
		if strings.Contains(part, "UPDATE orders SET") {
			if _, err := s.app.DB.W.ExecContext(ctx, part); err != nil {
				t.Fatal(err)
			}
			backfilled = true
		}
	}
	if !backfilled {
		t.Fatal("the migration has no backfill")
	}
	if got := storedProgress(t, s, id); !sameProgress(got, want) {
		t.Errorf("backfilled progress %s, the timeline adds up to %s", describeProgress(got), describeProgress(want))
	}
}

// checkStoredProgress asserts that the progress kept on an order equals what its whole
// stored timeline adds up to, and returns the latter.
func checkStoredProgress(t *testing.T, s *testServer, globalID string) tracking.Progress {
	t.Helper()
	_, id, err := graph.ParseGlobalID(globalID, "Order")
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.app.Tracking.EventsOf(context.Background(), []string{id})
	if err != nil {
		t.Fatal(err)
	}
	var want tracking.Progress
	for _, e := range events {
		want.Add(e)
	}
	if got := storedProgress(t, s, id); !sameProgress(got, want) {
		t.Errorf("order %s: stored progress %s, the timeline adds up to %s", id, describeProgress(got), describeProgress(want))
	}
	return want
}

func storedProgress(t *testing.T, s *testServer, id string) tracking.Progress {
	t.Helper()
	var p tracking.Progress
	if err := s.app.DB.R.NewSelect().Model(&p).ModelTableExpr("orders AS progress").Where("id = ?", id).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p
}

func sameProgress(a, b tracking.Progress) bool {
	return describeProgress(a) == describeProgress(b)
}

func describeProgress(p tracking.Progress) string {
	at := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	return strings.Join([]string{string(p.BestStatus), at(p.BestAt), string(p.ExceptionReason), at(p.ExceptionAt),
		at(p.PickedUpAt), at(p.OutAt)}, " ")
}

// Two scanners reporting on the same parcels at once must not lose each other's events
// from the status kept on the order: each batch folds its events into the progress it
// read, so the second must read it after the first commits.
func TestConcurrentBatchesOnTheSameParcelsKeepEveryEvent(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		p, err := s.app.Identity.Tokens.Verify(agent)
		if err != nil {
			t.Fatal(err)
		}
		ctx := identity.WithPrincipal(context.Background(), p)
		var ids, waybills []string
		for range 20 {
			o := s.releaseOrder(agent, s.intake(agent, orderInput()))
			ids, waybills = append(ids, o["id"].(string)), append(waybills, o["waybillNo"].(string))
		}
		t0 := time.Now().Add(-10 * time.Hour).Truncate(time.Second)
		batch := func(round int, status tracking.Status, at time.Time) []tracking.EventInput {
			out := make([]tracking.EventInput, len(waybills))
			for i, wb := range waybills {
				out[i] = tracking.EventInput{EventKey: fmt.Sprintf("race-%d-%s-%d", round, status, i), WaybillNo: wb, Status: status,
					OccurredAt: at, Place: "上海转运中心", ScannedBy: "PDA-RACE"}
			}
			return out
		}
		for round := range 5 {
			// One hub scans the pick-up while another scans the parcels out for delivery.
			var wg sync.WaitGroup
			for _, b := range [][]tracking.EventInput{
				batch(round, tracking.PickedUp, t0.Add(time.Duration(round)*time.Minute)),
				batch(round, tracking.OutForDelivery, t0.Add(time.Duration(round)*time.Minute+time.Hour)),
			} {
				wg.Go(func() {
					if _, err := s.app.Tracking.RecordEvents(ctx, b); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			for _, id := range ids {
				checkStoredProgress(t, s, id)
			}
			if t.Failed() {
				t.Fatalf("round %d lost an event", round)
			}
		}
		// A scanner's retry racing its first attempt: one stores the events, the other
		// answers DUPLICATE for each, and neither fails.
		same := batch(99, tracking.InTransit, t0.Add(3*time.Hour))
		outcomes := make([][]tracking.EventResult, 2)
		var wg sync.WaitGroup
		for n := range outcomes {
			wg.Go(func() {
				var err error
				if outcomes[n], err = s.app.Tracking.RecordEvents(ctx, same); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		count := map[tracking.Outcome]int{}
		for _, rs := range outcomes {
			for _, r := range rs {
				count[r.Outcome]++
			}
		}
		if count[tracking.Accepted] != len(same) || count[tracking.Duplicate] != len(same) {
			t.Errorf("the same batch sent twice at once: %v, want %d accepted and %d duplicates", count, len(same), len(same))
		}
	})
}
