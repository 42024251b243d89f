package retention

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/expresscs/cs/internal/identity"
)

// TrackingHistory is the tracking history as retention asks for it to be pruned, and
// its monthly partitions kept: *tracking.History, handed in by the server. Tracking asks
// this package for the cutoffs at ingest (CutoffsOfDepots), so this package cannot import
// tracking.
type TrackingHistory interface {
	// Table names the history in logs and metrics.
	Table() string
	// EnsurePartitions creates the monthly partitions from now's month on that are
	// missing and returns their names (none on SQLite).
	EnsurePartitions(ctx context.Context, now time.Time) ([]string, error)
	// DropExpiredMonths drops each whole month whose every event is past its
	// organisation's cutoff and returns, by organisation, the rows and the partitions
	// dropped (none on SQLite).
	DropExpiredMonths(ctx context.Context, tree *identity.OrgTree, cutoffs map[string]time.Time) (map[string]int, map[string]int, error)
	// DeleteEventsBefore deletes, in one statement, up to limit of the depots' events
	// older than cutoff, with their keys, and returns how many.
	DeleteEventsBefore(ctx context.Context, depots []string, cutoff time.Time, limit int) (int, error)
}

// Removal is what one run removed from one table for one organisation.
type Removal struct {
	OrgID string
	Table string
	Rows  int
	// Statements is how many DELETE statements it took (batches).
	Statements int
	// Partitions is how many whole monthly partitions were dropped (PostgreSQL, tracking
	// events; Rows includes their rows of this organisation).
	Partitions int
}

// Run deletes, for each organisation with a setting, the tracking events of its orders
// that occurred before its cutoff and its audit rows written before it (see the package
// comment for which audit rows are an organisation's), Batch rows per statement until none
// is left; the owners (tracking, identity) do the table work. It checks no caller: the
// daily job runs it. Running it again removes nothing more until time moves on.
func (s *Service) Run(ctx context.Context) ([]Removal, error) {
	var all []*Settings
	if err := s.DB.R.NewSelect().Model(&all).Where("history_days IS NOT NULL").OrderExpr("org_id").Scan(ctx); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, nil
	}
	tree, err := identity.LoadTree(ctx, s.DB.R)
	if err != nil {
		return nil, err
	}
	alone := len(tree.Orgs()) == 1
	now := s.Now().UTC()
	cutoffs := map[string]time.Time{}
	for _, st := range all {
		cutoffs[st.OrgID], _ = st.Cutoff(now)
	}
	// Whole expired months go first (PostgreSQL: detach, drop); the row deletes then
	// remove the rest: the boundary month, the default partition, and months another
	// organisation still keeps.
	droppedRows, droppedParts, err := s.Tracking.DropExpiredMonths(ctx, tree, cutoffs)
	if err != nil {
		return nil, fmt.Errorf("tracking partitions: %w", err)
	}
	var out []Removal
	for _, st := range all {
		cutoff := cutoffs[st.OrgID]
		depots := tree.DepotsUnder(st.OrgID)
		n, k, err := s.deleteTracking(ctx, depots, cutoff)
		if err != nil {
			return out, fmt.Errorf("tracking events of organisation %s: %w", st.OrgID, err)
		}
		out = append(out, s.removed(Removal{OrgID: st.OrgID, Table: s.Tracking.Table(), Rows: n + droppedRows[st.OrgID],
			Statements: k, Partitions: droppedParts[st.OrgID]}))
		n, k, err = s.deleteAudit(ctx, depots, cutoff, alone && tree.Unit(st.OrgID) != nil)
		if err != nil {
			return out, fmt.Errorf("audit rows of organisation %s: %w", st.OrgID, err)
		}
		out = append(out, s.removed(Removal{OrgID: st.OrgID, Table: identity.AuditTable, Rows: n, Statements: k}))
	}
	return out, nil
}

// removed logs and counts one table's removal (counts only, nothing personal).
func (s *Service) removed(r Removal) Removal {
	if s.Log != nil {
		s.Log.Info("retention removed rows", "org", r.OrgID, "table", r.Table, "rows", r.Rows, "batches", r.Statements, "partitions", r.Partitions)
	}
	if s.Removed != nil && r.Rows > 0 {
		s.Removed(r.OrgID, r.Table, r.Rows)
	}
	return r
}

func (s *Service) batch() int {
	if s.Batch > 0 {
		return s.Batch
	}
	return DefaultBatch
}

// deleteTracking removes the depots' orders' events before cutoff, a batch at a time.
func (s *Service) deleteTracking(ctx context.Context, depots []string, cutoff time.Time) (int, int, error) {
	if len(depots) == 0 {
		return 0, 0, nil
	}
	return s.loop(func() (int, error) { return s.Tracking.DeleteEventsBefore(ctx, depots, cutoff, s.batch()) })
}

// deleteAudit removes the audit rows before cutoff about the depots' records (their
// depot_id) or written by the depots' staff, or every audit row before cutoff when the
// organisation is the only one.
func (s *Service) deleteAudit(ctx context.Context, depots []string, cutoff time.Time, every bool) (int, int, error) {
	if !every && len(depots) == 0 {
		return 0, 0, nil
	}
	return s.loop(func() (int, error) {
		return identity.DeleteAuditBefore(ctx, s.DB.W, cutoff, depots, every, s.batch())
	})
}

// loop runs the statement until it deletes fewer rows than a batch; it returns the rows
// deleted and the statements run. Each statement is its own transaction, so a long
// backlog never holds locks for long.
func (s *Service) loop(stmt func() (int, error)) (int, int, error) {
	total, k := 0, 0
	for {
		n, err := stmt()
		if err != nil {
			return total, k, err
		}
		k++
		total += n
		if n < s.batch() {
			return total, k, nil
		}
	}
}

// Args is the daily River job. It is unique by its day, so however many instances
// schedule it, a day's job is inserted once; a second run removes nothing more besides.
type Args struct {
	Day string `json:"day"`
}

// Kind names the job for River.
func (Args) Kind() string { return "retention" }

// InsertOpts makes the job unique per day.
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Worker runs the deletion.
type Worker struct {
	river.WorkerDefaults[Args]
	Svc *Service
}

// Work removes what is past each organisation's retention.
func (w *Worker) Work(ctx context.Context, _ *river.Job[Args]) error {
	_, err := w.Svc.Run(ctx)
	return err
}

// Timeout lets a first run over a large backlog finish.
func (w *Worker) Timeout(*river.Job[Args]) time.Duration { return time.Hour }

// PeriodicJob schedules the deletion every day, and once at start.
func PeriodicJob() *river.PeriodicJob {
	return daily("retention", func(day string) river.JobArgs { return Args{Day: day} })
}

// daily schedules a job unique per UTC day (its args carry the day) every 24 hours, and
// once at start.
func daily(id string, args func(day string) river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
		return args(time.Now().UTC().Format("2006-01-02")), nil
	}, &river.PeriodicJobOpts{ID: id, RunOnStart: true})
}

// EnsurePartitions creates the tracking history's monthly partitions from the current
// month on that are missing and returns their names (none on SQLite). The daily job runs
// it.
func (s *Service) EnsurePartitions(ctx context.Context) ([]string, error) {
	return s.Tracking.EnsurePartitions(ctx, s.Now())
}

// PartitionsArgs is the daily River job that creates the tracking history's partitions
// ahead. It is unique by its day, so however many instances schedule it, a day's job is
// inserted once; running it again creates nothing besides.
type PartitionsArgs struct {
	Day string `json:"day"`
}

// Kind names the job for River.
func (PartitionsArgs) Kind() string { return "tracking_partitions" }

// InsertOpts makes the job unique per day.
func (PartitionsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// PartitionsWorker creates the partitions.
type PartitionsWorker struct {
	river.WorkerDefaults[PartitionsArgs]
	Svc *Service
}

// Work creates the months ahead that have no partition yet.
func (w *PartitionsWorker) Work(ctx context.Context, _ *river.Job[PartitionsArgs]) error {
	_, err := w.Svc.EnsurePartitions(ctx)
	return err
}

// PartitionsPeriodicJob schedules the creation every day, and once at start.
func PartitionsPeriodicJob() *river.PeriodicJob {
	return daily("tracking_partitions", func(day string) river.JobArgs { return PartitionsArgs{Day: day} })
}
