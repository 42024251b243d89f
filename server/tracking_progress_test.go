package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/db"
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
	events, err := s.app.Tracking.EventsOf(ctx, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	var want tracking.Progress
	for _, e := range events {
		want.Add(e)
	}
	if got := storedProgress(t, s, id); !sameProgress(got, want) {
		t.Errorf("stored progress %s, the timeline adds up to %s", describeProgress(got), describeProgress(want))
	}
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
