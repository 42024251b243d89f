package tracking

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/expresscs/cs/internal/identity"
)

// RoundsArgs is the River job that generates every depot's round for one slot. It is
// unique by its arguments, so however many instances schedule it, a slot's job is
// inserted once (and GenerateRound is idempotent besides).
type RoundsArgs struct {
	Day  string `json:"day"`
	Slot Slot   `json:"slot"`
}

// Kind names the job for River.
func (RoundsArgs) Kind() string { return "tracking_rounds" }

// InsertOpts makes the job unique per day and slot.
func (RoundsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// RoundsArgsAt names the slot that starts at or most recently before t, in zone.
func RoundsArgsAt(t time.Time, zone *time.Location) RoundsArgs {
	l := t.In(zone)
	switch {
	case l.Hour() >= slotTimes[Afternoon].start:
		return RoundsArgs{Day: l.Format("2006-01-02"), Slot: Afternoon}
	case l.Hour() >= slotTimes[Morning].start:
		return RoundsArgs{Day: l.Format("2006-01-02"), Slot: Morning}
	default:
		return RoundsArgs{Day: l.AddDate(0, 0, -1).Format("2006-01-02"), Slot: Afternoon}
	}
}

// roundsSchedule fires at 09:00 and 16:00 in the organisation's zone.
type roundsSchedule struct{ zone *time.Location }

// Next returns the first slot start after t.
func (r roundsSchedule) Next(t time.Time) time.Time {
	l := t.In(r.zone)
	for d := 0; d < 2; d++ {
		day := l.AddDate(0, 0, d)
		for _, slot := range []Slot{Morning, Afternoon} {
			at := time.Date(day.Year(), day.Month(), day.Day(), slotTimes[slot].start, 0, 0, 0, r.zone)
			if at.After(t) {
				return at
			}
		}
	}
	return t.Add(24 * time.Hour) // unreachable: tomorrow's morning is always after t
}

// RoundsPeriodicJob schedules the rounds at 09:00 and 16:00 in zone (每天早上九点及下午四点).
func RoundsPeriodicJob(zone *time.Location) *river.PeriodicJob {
	return river.NewPeriodicJob(roundsSchedule{zone}, func() (river.JobArgs, *river.InsertOpts) {
		return RoundsArgsAt(time.Now(), zone), nil
	}, &river.PeriodicJobOpts{ID: "tracking_rounds"})
}

// RoundsWorker generates the rounds of every depot for the job's slot, sharing each
// depot's in-transit orders among the agents on duty when the slot starts.
type RoundsWorker struct {
	river.WorkerDefaults[RoundsArgs]
	Svc *Service
	// OnDuty lists who is on duty in a depot at an instant (roster.Service.OnDutyAt).
	OnDuty func(ctx context.Context, depotID string, at time.Time) ([]string, error)
}

// Work runs the slot.
func (w *RoundsWorker) Work(ctx context.Context, job *river.Job[RoundsArgs]) error {
	_, err := w.Svc.RunRounds(ctx, job.Args.Day, job.Args.Slot, w.OnDuty)
	return err
}

// RoundsRun says what one scheduled run did.
type RoundsRun struct {
	Created  int      // rounds created now
	Existing int      // rounds that already existed (another run or a supervisor made them)
	NoAgents []string // depots with no agent on duty at the slot's start: no round made
}

// RunRounds generates the round of every depot for day and slot. For the scheduler; it
// checks no caller.
func (s *Service) RunRounds(ctx context.Context, day string, slot Slot, onDuty func(context.Context, string, time.Time) ([]string, error)) (*RoundsRun, error) {
	depots, err := identity.Depots(ctx, s.DB.R)
	if err != nil {
		return nil, err
	}
	run := &RoundsRun{}
	for _, depot := range depots {
		zone, err := time.LoadLocation(depot.TimeZone)
		if err != nil {
			zone = s.Zone
		}
		start, _, err := SlotTimes(day, slot, zone)
		if err != nil {
			return nil, err
		}
		ids, err := onDuty(ctx, depot.ID, start)
		if err != nil {
			return nil, err
		}
		agents, err := s.activeAgents(ctx, depot.ID, ids)
		if err != nil {
			return nil, err
		}
		if len(agents) == 0 {
			run.NoAgents = append(run.NoAgents, depot.ID)
			continue
		}
		_, created, err := s.GenerateRound(ctx, depot.ID, day, slot, agents)
		if err != nil {
			return nil, fmt.Errorf("round of depot %s: %w", depot.Code, err)
		}
		if created {
			run.Created++
		} else {
			run.Existing++
		}
	}
	return run, nil
}

// activeAgents keeps the active agents of the depot among ids (supervisors on duty do
// not take round items).
func (s *Service) activeAgents(ctx context.Context, depotID string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return identity.ActiveOfDepotWithRole(ctx, s.DB.R, depotID, ids, identity.RoleAgent)
}
