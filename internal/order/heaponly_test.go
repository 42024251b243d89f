package order_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// TestTrackingUpdatesAreHeapOnlyOnPostgres: a batch's tracking update that leaves the ETA
// where it was changes no indexed column, so PostgreSQL writes it heap-only (no entry in
// any of the table's nine indexes); one that moves the ETA is not (orders_open_idx is on
// (depot_id, eta)). An index naming a column every scan changes (tracking_status,
// version, updated_at, …) would make every batch's UPDATE two to three times slower
// (BENCHMARKS.md, "Ingest levers on PostgreSQL"). The table's fillfactor leaves the room
// on each page that heap-only updates need.
func TestTrackingUpdatesAreHeapOnlyOnPostgres(t *testing.T) {
	d := dbtest.Postgres(t)
	w := newWorld(t, d)
	o, err := w.take(intake())
	w.must(err)
	ctx := context.Background()

	var options string
	w.must(d.W.NewRaw("SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'orders'::regclass").Scan(ctx, &options))
	if !strings.Contains(options, "fillfactor=50") {
		t.Errorf("orders' storage options: %q, want fillfactor=50", options)
	}

	// apply writes one tracking update and returns how many rows it updated and how many
	// of them heap-only: the backend's counts before and after it, in one transaction (a
	// backend's pending counts may still hold earlier transactions'; they are reported
	// between transactions, never inside one).
	apply := func(eta time.Time) (updated, heapOnly int) {
		at := w.clock()
		const counts = "SELECT pg_stat_get_xact_tuples_updated('orders'::regclass), pg_stat_get_xact_tuples_hot_updated('orders'::regclass)"
		w.must(d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
			var updated0, heapOnly0 int
			if err := tx.NewRaw(counts).Scan(ctx, &updated0, &heapOnly0); err != nil {
				return err
			}
			if err := order.ApplyTracking(ctx, d, tx, []order.Tracking{{ID: o.ID, Status: "IN_TRANSIT", EventAt: &at, ETA: eta,
				BestStatus: "IN_TRANSIT", BestAt: &at, PickedUpAt: &at}}, at, order.Notify{}); err != nil {
				return err
			}
			if err := tx.NewRaw(counts).Scan(ctx, &updated, &heapOnly); err != nil {
				return err
			}
			updated, heapOnly = updated-updated0, heapOnly-heapOnly0
			return nil
		}))
		return updated, heapOnly
	}
	if updated, heapOnly := apply(o.ETA); updated != 1 || heapOnly != 1 {
		t.Errorf("a tracking update with the ETA unchanged: %d rows updated, %d heap-only; want 1 and 1", updated, heapOnly)
	}
	if updated, heapOnly := apply(o.ETA.Add(time.Hour)); updated != 1 || heapOnly != 0 {
		t.Errorf("a tracking update moving the ETA: %d rows updated, %d heap-only; want 1 and 0 (if 1: is the ETA still in an index?)", updated, heapOnly)
	}
}
