package tracking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

// History keeps the tracking history's tables: the monthly partitions (issue 21 item 2,
// PostgreSQL only; SQLite keeps one table) and the removal of expired events with their
// keys. Retention (internal/retention) decides what has expired, when it runs and in what
// batches; History does the table work it asks for.
//
// tracking_events is range-partitioned by month (UTC) on occurred_at, each month a
// partition named tracking_events_pYYYYMM, with a default partition for an event in a
// month that has none (a late scan of a month long past). A daily job creates the current
// month's partition and the next AheadMonths' ahead (EnsurePartitions); retention detaches
// and drops a month whose every event is past its organisation's cutoff
// (DropExpiredMonths) and deletes the rest row by row (DeleteEventsBefore).
type History struct {
	DB *db.DB
	// Log, when set, says which partitions were created, dropped or left busy (names only).
	Log *slog.Logger
}

// EventsTable names the tracking history in retention's logs and metrics.
const EventsTable = "tracking_events"

// Table names the history in retention's logs and metrics.
func (*History) Table() string { return EventsTable }

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

// Partitions lists the monthly partitions of tracking_events, oldest first (PostgreSQL);
// the default partition is not among them.
func Partitions(ctx context.Context, idb bun.IDB) ([]Partition, error) {
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

// EnsurePartitions creates the partitions of now's month and the AheadMonths after it
// that do not exist yet and returns their names; rows the default partition holds for
// such a month move into it. Running it again creates nothing. Nothing to do on SQLite.
func (h *History) EnsurePartitions(ctx context.Context, now time.Time) ([]string, error) {
	if h.DB.Dialect != db.Postgres {
		return nil, nil
	}
	first := monthOf(now)
	var made []string
	for k := 0; k <= AheadMonths; k++ {
		p := partitionOf(first.AddDate(0, k, 0))
		moved, created, err := h.createPartition(ctx, p)
		if err != nil {
			return made, fmt.Errorf("partition %s: %w", p.Name, err)
		}
		if created {
			made = append(made, p.Name)
			if h.Log != nil {
				h.Log.Info("tracking partition created", "partition", p.Name, "moved_rows", moved)
			}
		}
	}
	return made, nil
}

// createPartition creates one month's partition unless it exists, in one transaction:
// a plain table, the default partition's rows of that month moved into it, then attached
// (a partition cannot be created while the default holds rows of its range). The lock on
// the default partition serialises creators and holds off inserts into it meanwhile.
func (h *History) createPartition(ctx context.Context, p Partition) (int, bool, error) {
	moved, created := 0, false
	err := h.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
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

// DropExpiredMonths detaches and drops each month partition whose every event is past
// the cutoff of its own organisation (cutoffs, by organisation; one without a setting
// keeps everything), and returns, by organisation, the rows dropped and the partitions
// that held some of them. Nothing to do on SQLite.
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
func (h *History) DropExpiredMonths(ctx context.Context, tree *identity.OrgTree, cutoffs map[string]time.Time) (map[string]int, map[string]int, error) {
	if h.DB.Dialect != db.Postgres {
		return nil, nil, nil
	}
	var latest time.Time
	for _, c := range cutoffs {
		if c.After(latest) {
			latest = c
		}
	}
	parts, err := Partitions(ctx, h.DB.W)
	if err != nil {
		return nil, nil, err
	}
	rows, dropped := map[string]int{}, map[string]int{}
	for _, p := range parts {
		if p.To.After(latest) {
			break
		}
		byOrg, ok, err := h.dropPartition(ctx, p, tree, cutoffs)
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
		if h.Log != nil {
			h.Log.Info("tracking partition dropped", "partition", p.Name)
		}
	}
	return rows, dropped, nil
}

// dropPartition drops p when every event in it is past its organisation's cutoff (see
// DropExpiredMonths); false when it stays.
func (h *History) dropPartition(ctx context.Context, p Partition, tree *identity.OrgTree, cutoffs map[string]time.Time) (map[string]int, bool, error) {
	byOrg := map[string]int{}
	dropped := false
	err := h.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
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
		if err := tx.NewRaw(`SELECT o.depot_id, count(*) AS n FROM ? AS e LEFT JOIN (?) AS o ON o.id = e.order_id
			GROUP BY o.depot_id`, bun.Ident(p.Name), order.Depots(tx)).Scan(ctx, &counts); err != nil {
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
		// No trigger sees a dropped partition's events go: every look-up cache forgets
		// everything when this commits.
		if _, err := tx.ExecContext(ctx, ForgetAllParcels); err != nil {
			return err
		}
		dropped = true
		return nil
	})
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "55P03" { // lock_not_available
		if h.Log != nil {
			h.Log.Warn("tracking partition busy, left for the next run", "partition", p.Name)
		}
		return nil, false, nil
	}
	if !dropped {
		return nil, false, err
	}
	return byOrg, true, err
}

// DeleteEventsBefore deletes, in one statement, up to limit of the events of the depots'
// orders that occurred before cutoff, oldest first, and returns how many it deleted. On
// PostgreSQL the key of each event goes with it (tracking_event_keys, see the migration
// 20261209020000). Retention calls it batch after batch, each statement its own
// transaction, so a long backlog never holds locks for long.
func (h *History) DeleteEventsBefore(ctx context.Context, depots []string, cutoff time.Time, limit int) (int, error) {
	w := h.DB.W
	sub := w.NewSelect().TableExpr("tracking_events AS e").Column("e.id").
		Join("JOIN (?) AS o ON o.id = e.order_id", order.Depots(w)).
		Where("o.depot_id IN (?)", bun.List(depots)).Where("e.occurred_at < ?", cutoff).
		OrderExpr("e.occurred_at").Limit(int64(limit))
	if h.DB.Dialect == db.Postgres {
		// The primary key of the partitioned table is (id, occurred_at).
		var n int
		err := w.NewRaw(`WITH d AS (DELETE FROM tracking_events WHERE (id, occurred_at) IN (?)
				RETURNING event_key, order_id, occurred_at),
			k AS (DELETE FROM tracking_event_keys AS k USING d
				WHERE k.event_key = d.event_key AND k.order_id = d.order_id AND k.occurred_at = d.occurred_at)
			SELECT count(*) FROM d`, sub.Column("e.occurred_at")).Scan(ctx, &n)
		return n, err
	}
	res, err := w.NewDelete().TableExpr("tracking_events").Where("id IN (?)", sub).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
