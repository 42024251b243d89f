package main

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/tracking"
)

func TestScheduledTrackingRounds(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	slots := []struct {
		name string
		at   time.Time
		want tracking.RoundsArgs
	}{
		{"09:00 Shanghai is the morning round", time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai), tracking.RoundsArgs{Day: "2026-11-24", Slot: tracking.Morning}},
		{"16:30 is the afternoon round", time.Date(2026, 11, 24, 16, 30, 0, 0, shanghai), tracking.RoundsArgs{Day: "2026-11-24", Slot: tracking.Afternoon}},
		{"before 09:00 belongs to yesterday afternoon", time.Date(2026, 11, 24, 8, 59, 0, 0, shanghai), tracking.RoundsArgs{Day: "2026-11-23", Slot: tracking.Afternoon}},
	}
	for _, c := range slots {
		if got := tracking.RoundsArgsAt(c.at.UTC(), shanghai); got != c.want {
			t.Errorf("%s: %+v", c.name, got)
		}
	}

	eachServer(t, func(t *testing.T, s *testServer) {
		ctx := context.Background()
		// Everyone of a depot is "on duty": the worker keeps only its active agents.
		onDuty := func(ctx context.Context, depotID string, _ time.Time) ([]string, error) {
			var ids []string
			err := s.app.DB.R.NewSelect().Model((*identity.Staff)(nil)).Column("id").Where("depot_id = ?", depotID).Scan(ctx, &ids)
			return ids, err
		}
		w := &tracking.RoundsWorker{Svc: s.app.Tracking, OnDuty: onDuty}
		args := tracking.RoundsArgsAt(time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC), s.app.Cfg.zone) // 09:00 in Shanghai
		if err := w.Work(ctx, &river.Job[tracking.RoundsArgs]{Args: args}); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			n, err := s.app.DB.R.NewSelect().Model((*tracking.Round)(nil)).Where("day = ? AND slot = ?", args.Day, args.Slot).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		if n := count(); n != 4 {
			t.Fatalf("one round per demo depot: %d", n)
		}
		run, err := s.app.Tracking.RunRounds(ctx, args.Day, args.Slot, onDuty)
		if err != nil || run.Created != 0 || run.Existing != 4 || count() != 4 {
			t.Errorf("a second run in the same slot creates nothing: %+v %v", run, err)
		}
		// Across instances the slot's job is inserted once: River skips the duplicate.
		first, err := s.app.Jobs.Insert(ctx, args, nil)
		if err != nil || first.UniqueSkippedAsDuplicate {
			t.Fatalf("first insert: %+v %v", first, err)
		}
		second, err := s.app.Jobs.Insert(ctx, args, nil)
		if err != nil || !second.UniqueSkippedAsDuplicate {
			t.Errorf("second insert of the same slot is skipped: %+v %v", second, err)
		}
	})
}
