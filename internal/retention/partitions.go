package retention

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// Monthly partitions of the tracking history (issue 21 item 2, PostgreSQL only; SQLite
// keeps one table). tracking_events is range-partitioned by month (UTC) on occurred_at,
// each month a partition named tracking_events_pYYYYMM, with a default partition for an
// event in a month that has none (a late scan of a month long past). A daily job creates
// the current month's partition and the next AheadMonths' ahead; retention detaches and
// drops a month whose every event is past its organisation's cutoff (see dropTracking).

// AheadMonths is how many months after the current one always have a partition.
const AheadMonths = 3

const (
	partitionPrefix  = "tracking_events_p"
	defaultPartition = "tracking_events_default"
)

// Partition is one month of the tracking history: the events From ≤ occurred_at < To.
type Partition struct {
	Name     string
	From, To time.Time
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func partitionOf(month time.Time) Partition {
	return Partition{Name: partitionPrefix + month.Format("200601"), From: month, To: month.AddDate(0, 1, 0)}
}

// TrackingPartitions lists the monthly partitions of tracking_events, oldest first (none
// on SQLite); the default partition is not among them.
func TrackingPartitions(ctx context.Context, idb bun.IDB) ([]Partition, error) {
	var names []string
	err := idb.NewRaw(`SELECT c.relname FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'tracking_events'::regclass ORDER BY c.relname`).Scan(ctx, &names)
	if err != nil {
		return nil, err
	}
	var out []Partition
	for _, n := range names {
		m, err := time.Parse("200601", strings.TrimPrefix(n, partitionPrefix))
		if !strings.HasPrefix(n, partitionPrefix) || err != nil {
			continue
		}
		out = append(out, partitionOf(m))
	}
	return out, nil
}

// EnsurePartitions creates the partitions of the current month and the AheadMonths after
// it that do not exist yet and returns them; rows the default partition holds for such a
// month move into it. Running it again creates nothing. Nothing to do on SQLite.
func (s *Service) EnsurePartitions(ctx context.Context) ([]Partition, error) {
	if s.DB.Dialect != db.Postgres {
		return nil, nil
	}
	first := monthOf(s.Now())
	var made []Partition
	for k := 0; k <= AheadMonths; k++ {
		p := partitionOf(first.AddDate(0, k, 0))
		moved, created, err := s.createPartition(ctx, p)
		if err != nil {
			return made, fmt.Errorf("partition %s: %w", p.Name, err)
		}
		if created {
			made = append(made, p)
			if s.Log != nil {
				s.Log.Info("tracking partition created", "partition", p.Name, "moved_rows", moved)
			}
		}
	}
	return made, nil
}

// createPartition creates one month's partition unless it exists, in one transaction:
// a plain table, the default partition's rows of that month moved into it, then attached
// (a partition cannot be created while the default holds rows of its range). The lock on
// the default partition serialises creators and holds off inserts into it meanwhile.
func (s *Service) createPartition(ctx context.Context, p Partition) (int, bool, error) {
	moved, created := 0, false
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "LOCK TABLE "+defaultPartition+" IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		var exists bool
		if err := tx.NewRaw("SELECT to_regclass(?) IS NOT NULL", p.Name).Scan(ctx, &exists); err != nil || exists {
			return err
		}
		if _, err := tx.NewRaw("CREATE TABLE ? (LIKE tracking_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)", bun.Ident(p.Name)).Exec(ctx); err != nil {
			return err
		}
		res, err := tx.NewRaw(`WITH moved AS (DELETE FROM ? WHERE occurred_at >= ? AND occurred_at < ? RETURNING *)
			INSERT INTO ? SELECT * FROM moved`, bun.Ident(defaultPartition), p.From, p.To, bun.Ident(p.Name)).Exec(ctx)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		moved = int(n)
		if _, err := tx.NewRaw("ALTER TABLE tracking_events ATTACH PARTITION ? FOR VALUES FROM (?) TO (?)", bun.Ident(p.Name), p.From, p.To).Exec(ctx); err != nil {
			return err
		}
		created = true
		return nil
	})
	return moved, created, err
}

// dropTracking detaches and drops each month partition whose every event is past the
// cutoff of its own organisation (cutoffs, by organisation; one without a setting keeps
// everything), and returns, by organisation, the rows dropped and the partitions that held
// some of them.
//
// Several organisations share a partition, so a month is dropped only when no event in it
// belongs to an organisation whose cutoff is earlier than the month's end (a longer
// setting, or none: kept forever). Under a lock that holds off new rows of the month, its
// events are counted by depot (one pass over the partition, which also gives the counts
// logged and counted); if any depot's organisation still keeps them, the partition stays
// and the batched row deletes remove the other organisations' events from it. The keys
// of the dropped events go in the same transaction, so a key is never left without its
// event nor an event without its key. A partition whose lock is not granted within a
// second (a long reader or writer ahead of it) is left for the next run: while DETACH waits
// for its lock on tracking_events, reads and writes of tracking history queue behind it, so
// the wait is kept short.
func (s *Service) dropTracking(ctx context.Context, tree *identity.OrgTree, cutoffs map[string]time.Time) (map[string]int, map[string]int, error) {
	var latest time.Time
	for _, c := range cutoffs {
		if c.After(latest) {
			latest = c
		}
	}
	parts, err := TrackingPartitions(ctx, s.DB.W)
	if err != nil {
		return nil, nil, err
	}
	rows, dropped := map[string]int{}, map[string]int{}
	for _, p := range parts {
		if p.To.After(latest) {
			break
		}
		byOrg, ok, err := s.dropPartition(ctx, p, tree, cutoffs)
		if err != nil {
			return rows, dropped, fmt.Errorf("partition %s: %w", p.Name, err)
		}
		if !ok {
			continue
		}
		for org, n := range byOrg {
			rows[org] += n
			dropped[org]++
		}
		if s.Log != nil {
			s.Log.Info("tracking partition dropped", "partition", p.Name)
		}
	}
	return rows, dropped, nil
}

// dropPartition drops p when every event in it is past its organisation's cutoff (see
// dropTracking); false when it stays.
func (s *Service) dropPartition(ctx context.Context, p Partition, tree *identity.OrgTree, cutoffs map[string]time.Time) (map[string]int, bool, error) {
	byOrg := map[string]int{}
	dropped := false
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '1s'"); err != nil {
			return err
		}
		if _, err := tx.NewRaw("LOCK TABLE ? IN SHARE ROW EXCLUSIVE MODE", bun.Ident(p.Name)).Exec(ctx); err != nil {
			return err
		}
		var counts []struct {
			DepotID *string `bun:"depot_id"`
			N       int     `bun:"n"`
		}
		if err := tx.NewRaw(`SELECT o.depot_id, count(*) AS n FROM ? AS e LEFT JOIN orders AS o ON o.id = e.order_id
			GROUP BY o.depot_id`, bun.Ident(p.Name)).Scan(ctx, &counts); err != nil {
			return err
		}
		for _, c := range counts {
			org := ""
			if c.DepotID != nil {
				org = tree.OrgOf(*c.DepotID)
			}
			cut, ok := cutoffs[org]
			if !ok || cut.Before(p.To) {
				return nil // kept: this organisation keeps the month's events
			}
			byOrg[org] += c.N
		}
		if _, err := tx.NewRaw(`DELETE FROM tracking_event_keys AS k USING ? AS e
			WHERE k.event_key = e.event_key AND k.order_id = e.order_id AND k.occurred_at = e.occurred_at`, bun.Ident(p.Name)).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw("ALTER TABLE tracking_events DETACH PARTITION ?", bun.Ident(p.Name)).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw("DROP TABLE ?", bun.Ident(p.Name)).Exec(ctx); err != nil {
			return err
		}
		dropped = true
		return nil
	})
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "55P03" { // lock_not_available
		if s.Log != nil {
			s.Log.Warn("tracking partition busy, left for the next run", "partition", p.Name)
		}
		return nil, false, nil
	}
	if !dropped {
		return nil, false, err
	}
	return byOrg, true, err
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
