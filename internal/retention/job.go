package retention

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// The tables a run removes from, as logged and counted.
const (
	TableTracking = "tracking_events"
	TableAudit    = "audit_entries"
)

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
// is left. It checks no caller: the daily job runs it. Running it again removes nothing
// more until time moves on.
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
	// On PostgreSQL whole expired months go first (detach, drop); the row deletes then
	// remove the rest: the boundary month, the default partition, and months another
	// organisation still keeps.
	var droppedRows, droppedParts map[string]int
	if s.DB.Dialect == db.Postgres {
		if droppedRows, droppedParts, err = s.dropTracking(ctx, tree, cutoffs); err != nil {
			return nil, fmt.Errorf("tracking partitions: %w", err)
		}
	}
	var out []Removal
	for _, st := range all {
		cutoff := cutoffs[st.OrgID]
		depots := tree.DepotsUnder(st.OrgID)
		n, k, err := s.deleteTracking(ctx, depots, cutoff)
		if err != nil {
			return out, fmt.Errorf("tracking events of organisation %s: %w", st.OrgID, err)
		}
		out = append(out, s.removed(Removal{OrgID: st.OrgID, Table: TableTracking, Rows: n + droppedRows[st.OrgID],
			Statements: k, Partitions: droppedParts[st.OrgID]}))
		n, k, err = s.deleteAudit(ctx, depots, cutoff, alone && tree.Unit(st.OrgID) != nil)
		if err != nil {
			return out, fmt.Errorf("audit rows of organisation %s: %w", st.OrgID, err)
		}
		out = append(out, s.removed(Removal{OrgID: st.OrgID, Table: TableAudit, Rows: n, Statements: k}))
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
	if s.DB.Dialect == db.Postgres {
		// The key of each event goes with it (tracking_event_keys, see the migration
		// 20261209020000); the primary key of the partitioned table is (id, occurred_at).
		return s.loop(ctx, func() (int, error) {
			sub := s.DB.W.NewSelect().TableExpr("tracking_events AS e").Column("e.id", "e.occurred_at").
				Join("JOIN orders AS o ON o.id = e.order_id").
				Where("o.depot_id IN (?)", bun.List(depots)).Where("e.occurred_at < ?", cutoff).
				OrderExpr("e.occurred_at").Limit(int64(s.batch()))
			var n int
			err := s.DB.W.NewRaw(`WITH d AS (DELETE FROM tracking_events WHERE (id, occurred_at) IN (?)
					RETURNING event_key, order_id, occurred_at),
				k AS (DELETE FROM tracking_event_keys AS k USING d
					WHERE k.event_key = d.event_key AND k.order_id = d.order_id AND k.occurred_at = d.occurred_at)
				SELECT count(*) FROM d`, sub).Scan(ctx, &n)
			return n, err
		})
	}
	return s.loop(ctx, deleted(ctx, func() *bun.DeleteQuery {
		sub := s.DB.W.NewSelect().TableExpr("tracking_events AS e").Column("e.id").
			Join("JOIN orders AS o ON o.id = e.order_id").
			Where("o.depot_id IN (?)", bun.List(depots)).Where("e.occurred_at < ?", cutoff).
			OrderExpr("e.occurred_at").Limit(int64(s.batch()))
		return s.DB.W.NewDelete().TableExpr("tracking_events").Where("id IN (?)", sub)
	}))
}

// deleteAudit removes the audit rows before cutoff about the depots' records (their
// depot_id) or written by the depots' staff, or every audit row before cutoff when the
// organisation is the only one.
func (s *Service) deleteAudit(ctx context.Context, depots []string, cutoff time.Time, every bool) (int, int, error) {
	if !every && len(depots) == 0 {
		return 0, 0, nil
	}
	return s.loop(ctx, deleted(ctx, func() *bun.DeleteQuery {
		sub := s.DB.W.NewSelect().TableExpr("audit_entries AS a").Column("a.id").Where("a.created_at < ?", cutoff)
		if !every {
			staff := s.DB.W.NewSelect().TableExpr("staff").Column("id").Where("depot_id IN (?)", bun.List(depots))
			sub = sub.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.Where("a.depot_id IN (?)", bun.List(depots)).
					WhereOr("a.actor_kind = ? AND a.actor_id IN (?)", string(identity.KindStaff), staff)
			})
		}
		sub = sub.OrderExpr("a.created_at").Limit(int64(s.batch()))
		return s.DB.W.NewDelete().TableExpr("audit_entries").Where("id IN (?)", sub)
	}))
}

// deleted runs a DELETE and returns the rows it removed.
func deleted(ctx context.Context, stmt func() *bun.DeleteQuery) func() (int, error) {
	return func() (int, error) {
		res, err := stmt().Exec(ctx)
		if err != nil {
			return 0, err
		}
		n, err := res.RowsAffected()
		return int(n), err
	}
}

// loop runs the statement until it deletes fewer rows than a batch; it returns the rows
// deleted and the statements run. Each statement is its own transaction, so a long
// backlog never holds locks for long.
func (s *Service) loop(ctx context.Context, stmt func() (int, error)) (int, int, error) {
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
