package ticket

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// SLAInterval is how often overdue tickets are looked for.
const SLAInterval = 5 * time.Minute

// SLAArgs is the River job that records SLA breaches and escalates overdue tickets. It is
// unique per interval, so several instances insert it once; EscalateOverdue acts once per
// breach besides.
type SLAArgs struct {
	Window string `json:"window"`
}

// Kind names the job for River.
func (SLAArgs) Kind() string { return "ticket_sla" }

// InsertOpts makes the job unique per window.
func (SLAArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// SLAWorker runs ScanBreaches and EscalateOverdue.
type SLAWorker struct {
	river.WorkerDefaults[SLAArgs]
	Svc *Service
}

// Work acts on the breaches found now.
func (w *SLAWorker) Work(ctx context.Context, _ *river.Job[SLAArgs]) error {
	_, err := w.Svc.EscalateOverdue(ctx, w.Svc.Now())
	return err
}

// SLAPeriodicJob schedules the SLA scan every SLAInterval, and once at start.
func SLAPeriodicJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(SLAInterval), func() (river.JobArgs, *river.InsertOpts) {
		return SLAArgs{Window: time.Now().UTC().Truncate(SLAInterval).Format(time.RFC3339)}, nil
	}, &river.PeriodicJobOpts{ID: "ticket_sla", RunOnStart: true})
}
