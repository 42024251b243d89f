package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/retention"
	"github.com/expresscs/cs/internal/tracking"
)

// Retention through the API: an organisation's admins read and set how long tracking
// history and audit rows are kept (null: forever, the default; 180 to 36,500 days),
// versioned; a manager is refused.
func TestRetentionSettingsThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		manager, _ := s.login("CS3001")
		r := s.post(`{ retentionSettings { version historyDays } }`, nil, withToken(admin)).must(t)
		if r.path("retentionSettings", "historyDays") != nil {
			t.Fatalf("default: %s", r.Raw)
		}
		v := r.path("retentionSettings", "version")
		const set = `mutation($v: Int!, $d: Int) { updateRetentionSettings(input: {version: $v, historyDays: $d}) { settings { version historyDays } } }`
		if r := s.post(set, map[string]any{"v": v, "d": 365}, withToken(manager)); r.Code() != "FORBIDDEN" {
			t.Fatalf("a manager set the retention: %s", r.Raw)
		}
		if r := s.post(set, map[string]any{"v": v, "d": 179}, withToken(admin)); r.Code() != "BAD_USER_INPUT" {
			t.Fatalf("179 days were accepted: %s", r.Raw)
		}
		r = s.post(set, map[string]any{"v": v, "d": 365}, withToken(admin)).must(t)
		if r.path("updateRetentionSettings", "settings", "historyDays") != float64(365) {
			t.Fatalf("update: %s", r.Raw)
		}
		if r := s.post(set, map[string]any{"v": v, "d": 200}, withToken(admin)); r.Code() != "CONFLICT" {
			t.Fatalf("a stale version was not refused: %s", r.Raw)
		}
		r = s.post(`{ retentionSettings { version historyDays } }`, nil, withToken(admin)).must(t)
		if r.path("retentionSettings", "historyDays") != float64(365) {
			t.Fatalf("read back: %s", r.Raw)
		}
	})
}

// insertedOnce inserts a daily job twice, as two instances would: the second is skipped.
func insertedOnce(t *testing.T, s *testServer, args river.JobArgs) {
	t.Helper()
	ctx := context.Background()
	first, err := s.app.Jobs.Insert(ctx, args, nil)
	if err != nil || first.UniqueSkippedAsDuplicate {
		t.Fatalf("first insert: %+v %v", first, err)
	}
	second, err := s.app.Jobs.Insert(ctx, args, nil)
	if err != nil || !second.UniqueSkippedAsDuplicate {
		t.Errorf("second insert of the same day is skipped: %+v %v", second, err)
	}
}

// The daily retention job: a day's job is inserted once however many instances schedule
// it, and the app's worker runs (the deletion itself is tested in internal/tracking).
func TestRetentionJobRunsOnceADayAcrossInstances(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		ctx := context.Background()
		args := retention.Args{Day: "2026-12-06"}
		insertedOnce(t, s, args)
		w := &retention.Worker{Svc: s.app.Retention}
		if err := w.Work(ctx, &river.Job[retention.Args]{Args: args}); err != nil {
			t.Fatal(err)
		}
	})
}

// The daily job creating the tracking history's partitions ahead: a day's job is inserted
// once however many instances schedule it, and the app's worker runs; on PostgreSQL the
// current month and the next three then have partitions (on SQLite it does nothing).
func TestTrackingPartitionsJobRunsOnceADayAcrossInstances(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		ctx := context.Background()
		args := retention.PartitionsArgs{Day: "2026-12-06"}
		insertedOnce(t, s, args)
		w := &retention.PartitionsWorker{Svc: s.app.Retention}
		if err := w.Work(ctx, &river.Job[retention.PartitionsArgs]{Args: args}); err != nil {
			t.Fatal(err)
		}
		if s.app.DB.Dialect != db.Postgres {
			return
		}
		parts, err := tracking.Partitions(ctx, s.app.DB.R)
		if err != nil {
			t.Fatal(err)
		}
		now := s.app.Retention.Now().UTC()
		for k := 0; k <= tracking.AheadMonths; k++ {
			m := time.Date(now.Year(), now.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
			if !slices.ContainsFunc(parts, func(p tracking.Partition) bool { return p.From.Equal(m) }) {
				t.Fatalf("no partition for %s: %+v", m.Format("2006-01"), parts)
			}
		}
	})
}

// What the retention job removed is counted at /metrics, by organisation and table.
func TestRetentionRemovalsAreCounted(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		s.app.Retention.Removed("org-metrics-"+string(s.app.DB.Dialect), tracking.EventsTable, 3)
		want := `cs_retention_removed_rows_total{org="org-metrics-` + string(s.app.DB.Dialect) + `",table="tracking_events"} 3`
		if text := s.scrape(t); !strings.Contains(text, want) {
			t.Fatalf("metrics lack %s", want)
		}
	})
}
