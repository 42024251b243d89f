package tracking_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/tracking"
)

// The migration that partitions tracking_events by month (PostgreSQL; nothing on SQLite).
const partitionMigration = "20261209020000"

// partitionOf names the partition holding the event id ("" on SQLite).
func (r *retained) partitionOf(id string) string {
	r.t.Helper()
	if r.d.Dialect != db.Postgres {
		return ""
	}
	var name string
	r.must(r.d.R.NewRaw("SELECT tableoid::regclass::text FROM tracking_events WHERE id = ?", id).Scan(context.Background(), &name))
	return name
}

func (r *retained) partitionNames() []string {
	r.t.Helper()
	parts, err := tracking.Partitions(context.Background(), r.d.R)
	r.must(err)
	var out []string
	for _, p := range parts {
		out = append(out, p.Name)
	}
	return out
}

// timeline is an order's events as text, in the order EventsOf returns them.
func (r *retained) timeline(orderID string) string {
	r.t.Helper()
	evs, err := r.tracking.EventsOf(r.as("CS1001"), []string{orderID})
	r.must(err)
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "%s %s %s %s %s %s %s %s|", e.ID, e.EventKey, e.Status, e.OccurredAt.UTC().Format(time.RFC3339Nano),
			e.Place, e.ScannedBy, e.Note, e.SignerName)
	}
	return b.String()
}

// count is the number of rows of table.
func (r *retained) count(table string) int {
	r.t.Helper()
	n, err := r.d.R.NewSelect().TableExpr(table).Count(context.Background())
	r.must(err)
	return int(n)
}

// Events written in the old layout (one table) move to their months' partitions and every
// timeline reads back identical; their keys still make a replay a DUPLICATE, and a replay
// with another time a reused key, not a second event.
func TestPartitionMigrationMovesEventsAndTimelinesReadBack(t *testing.T) {
	dbtest.EachBefore(t, partitionMigration, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		ctx := context.Background()
		a, b := r.released(), r.released()
		now := r.clock().UTC().Truncate(time.Millisecond)
		var inputs []tracking.EventInput
		var ids []string
		for i, at := range []time.Time{now.AddDate(-1, -1, 0), now.AddDate(0, -2, 0), now.AddDate(0, 0, -1), now} {
			for _, o := range []struct{ id, waybill string }{{a.ID, a.WaybillNo}, {b.ID, b.WaybillNo}} {
				in := tracking.EventInput{EventKey: fmt.Sprintf("PDA-07-%06d-%s", i, o.waybill), WaybillNo: o.waybill,
					Status: tracking.InTransit, OccurredAt: at, Place: "上海转运中心", ScannedBy: "PDA-07", Note: "第" + fmt.Sprint(i) + "站"}
				id := uuid.Must(uuid.NewV7()).String()
				r.must(execInsert(ctx, d, &tracking.Event{ID: id, EventKey: in.EventKey, OrderID: o.id, Status: in.Status,
					OccurredAt: at, RecordedAt: now, Place: in.Place, ScannedBy: in.ScannedBy, Note: in.Note, SourceKind: "staff", SourceID: "x"}))
				inputs, ids = append(inputs, in), append(ids, id)
			}
		}
		before := r.timeline(a.ID) + r.timeline(b.ID)
		if _, err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if after := r.timeline(a.ID) + r.timeline(b.ID); after != before {
			t.Fatalf("timelines changed:\n%s\n%s", before, after)
		}
		if d.Dialect == db.Postgres {
			for i, id := range ids {
				want := "tracking_events_p" + inputs[i].OccurredAt.UTC().Format("200601")
				if got := r.partitionOf(id); got != want {
					t.Fatalf("event of %s is in %s, want %s", inputs[i].OccurredAt, got, want)
				}
			}
			if n := r.count("tracking_event_keys"); n != len(ids) {
				t.Fatalf("%d keys for %d events", n, len(ids))
			}
		}
		if res := r.scan(inputs[0]); res.Outcome != tracking.Duplicate || res.Event.ID != ids[0] {
			t.Fatalf("a replay of a migrated event: %+v", res)
		}
		moved := inputs[1]
		moved.OccurredAt = now.Add(-time.Hour)
		if res := r.scan(moved); res.Outcome != tracking.Rejected || !apperr.Is(res.Err, apperr.TrackingEventKeyReused) {
			t.Fatalf("a migrated key replayed at another time: %+v", res)
		}
		if n := r.count("tracking_events"); n != len(ids) {
			t.Fatalf("%d events after the replays, want %d", n, len(ids))
		}
	})
}

func execInsert(ctx context.Context, d *db.DB, e *tracking.Event) error {
	_, err := d.W.NewInsert().Model(e).Exec(ctx)
	return err
}

// A key is recorded once whatever time its replay carries, also when that time falls in
// another month's partition, in a later batch or in the same one.
func TestAReplayedKeyIsRecordedOnceWhateverItsTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		o := r.released()
		now := r.clock()
		in := tracking.EventInput{EventKey: "PDA-07-000042", WaybillNo: o.WaybillNo, Status: tracking.PickedUp, OccurredAt: now.Add(-time.Hour)}
		first := r.scan(in)
		if first.Outcome != tracking.Accepted {
			t.Fatalf("first: %+v", first)
		}
		if res := r.scan(in); res.Outcome != tracking.Duplicate || res.Event.ID != first.Event.ID {
			t.Fatalf("the same event again: %+v", res)
		}
		for _, at := range []time.Time{now.Add(-2 * time.Hour), now.AddDate(0, -3, 0), now.AddDate(-2, 0, 0)} {
			again := in
			again.OccurredAt = at
			if res := r.scan(again); res.Outcome != tracking.Rejected || !apperr.Is(res.Err, apperr.TrackingEventKeyReused) {
				t.Fatalf("the key at %s: %+v", at, res)
			}
		}
		other := in
		other.OccurredAt = now.AddDate(0, -5, 0)
		rs, err := r.tracking.RecordEvents(r.as("CS1001"), []tracking.EventInput{
			{EventKey: "PDA-07-000043", WaybillNo: o.WaybillNo, Status: tracking.InTransit, OccurredAt: now.AddDate(0, -4, 0), Place: "杭州", ScannedBy: "PDA-07"},
			{EventKey: "PDA-07-000043", WaybillNo: o.WaybillNo, Status: tracking.InTransit, OccurredAt: now.AddDate(0, -1, 0), Place: "杭州", ScannedBy: "PDA-07"},
			other,
		})
		r.must(err)
		if rs[0].Outcome != tracking.Accepted || rs[1].Outcome != tracking.Rejected || rs[2].Outcome != tracking.Rejected {
			t.Fatalf("one batch: %+v", rs)
		}
		if n := r.count("tracking_events"); n != 2 {
			t.Fatalf("%d events stored, want 2", n)
		}
		if d.Dialect == db.Postgres && r.count("tracking_event_keys") != 2 {
			t.Fatalf("%d keys stored, want 2", r.count("tracking_event_keys"))
		}
	})
}

// An event in a month without a partition (a late scan of a month long past) goes to the
// default partition and reads back; the job moves it into its month's partition when it
// creates that month, and a second run creates nothing. An event in the far future is
// refused (TRACKING_TIME_INVALID), so none is ever stored there.
func TestPartitionsAheadAndAnEventInAMonthWithoutOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		o := r.released()
		old := r.scan(tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.PickedUp,
			OccurredAt: time.Date(2001, 3, 5, 8, 0, 0, 0, time.UTC)})
		if old.Outcome != tracking.Accepted {
			t.Fatalf("an event of 2001: %+v", old)
		}
		future := r.scan(tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.InTransit,
			OccurredAt: r.clock().AddDate(5, 0, 0)})
		if future.Outcome != tracking.Rejected || !apperr.Is(future.Err, apperr.TrackingTimeInvalid) {
			t.Fatalf("an event five years ahead: %+v", future)
		}
		// Years after the migration ran: no partition covers this month yet.
		r.set(time.Date(2031, 5, 10, 9, 0, 0, 0, time.UTC))
		late := r.scan(tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.InTransit, OccurredAt: r.clock()})
		if late.Outcome != tracking.Accepted {
			t.Fatalf("an event of a month without a partition: %+v", late)
		}
		if d.Dialect == db.Postgres {
			if got := r.partitionOf(old.Event.ID) + " " + r.partitionOf(late.Event.ID); got != "tracking_events_default tracking_events_default" {
				t.Fatalf("partitions: %s", got)
			}
		}
		before := r.timeline(o.ID)
		made, err := r.ret.EnsurePartitions(context.Background())
		r.must(err)
		if d.Dialect != db.Postgres {
			if len(made) != 0 {
				t.Fatalf("partitions on SQLite: %+v", made)
			}
			return
		}
		names := made
		want := []string{"tracking_events_p203105", "tracking_events_p203106", "tracking_events_p203107", "tracking_events_p203108"}
		if !slices.Equal(names, want) {
			t.Fatalf("created %v, want %v", names, want)
		}
		if p := r.partitionOf(late.Event.ID); p != "tracking_events_p203105" {
			t.Fatalf("the month's event stayed in %s", p)
		}
		if p := r.partitionOf(old.Event.ID); p != "tracking_events_default" {
			t.Fatalf("the event of 2001 moved to %s", p)
		}
		if after := r.timeline(o.ID); after != before {
			t.Fatalf("the timeline changed:\n%s\n%s", before, after)
		}
		again, err := r.ret.EnsurePartitions(context.Background())
		r.must(err)
		if len(again) != 0 {
			t.Fatalf("a second run created %+v", again)
		}
		for _, n := range want {
			if !slices.Contains(r.partitionNames(), n) {
				t.Fatalf("%s missing from %v", n, r.partitionNames())
			}
		}
		// A new event of the new month goes to its partition, with the indexes of the
		// partitioned table.
		next := r.scan(tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.ArrivedAtHub, OccurredAt: r.clock()})
		if next.Outcome != tracking.Accepted || r.partitionOf(next.Event.ID) != "tracking_events_p203105" {
			t.Fatalf("next event: %+v in %s", next, r.partitionOf(next.Event.ID))
		}
		var indexes []string
		r.must(d.R.NewRaw("SELECT indexdef FROM pg_indexes WHERE tablename = 'tracking_events_p203105' ORDER BY indexname").Scan(context.Background(), &indexes))
		if len(indexes) != 3 || !strings.Contains(strings.Join(indexes, ";"), "(order_id)") {
			t.Fatalf("indexes of the created partition: %v", indexes)
		}
	})
}

// monthsAt creates the partitions the job creates when it runs at day.
func (r *retained) monthsAt(day time.Time) {
	r.t.Helper()
	r.set(day)
	_, err := r.ret.EnsurePartitions(context.Background())
	r.must(err)
}

// Retention drops a month whose every event is past its organisation's cutoff, deletes
// the boundary month's older rows and keeps its newer ones, keeps a month holding an event
// of an organisation that keeps longer (deleting only ours there), removes the dropped
// events' keys with them, and logs and counts what it removed.
func TestRetentionDropsWholeExpiredMonths(t *testing.T) {
	url := dbtest.MigratedPostgres(t)
	d, err := db.Open(context.Background(), db.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	r := newRetained(t, d)
	ctx := context.Background()
	// No trigger sees a dropped partition's events go: retention tells the look-up
	// caches to forget everything, in the dropping transaction.
	var payloads []string
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.OnNotification = func(_ *pgconn.PgConn, n *pgconn.Notification) { payloads = append(payloads, n.Payload) }
	listener, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(ctx)
	if _, err := listener.Exec(ctx, "LISTEN "+tracking.ParcelsChannel).ReadAll(); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	r.ret.Log = slog.New(slog.NewJSONHandler(&logged, nil))
	counted := map[string]int{}
	r.ret.Removed = func(org, table string, n int) { counted[org+"/"+table] += n }
	o := r.released()
	theirAdmin, _, theirOrder := r.otherOrg(o)
	r.monthsAt(time.Date(2030, 1, 15, 9, 0, 0, 0, time.UTC)) // 2030-01 … 2030-04
	r.monthsAt(time.Date(2030, 11, 5, 9, 0, 0, 0, time.UTC)) // 2030-11 … 2031-02
	r.monthsAt(time.Date(2031, 5, 10, 9, 0, 0, 0, time.UTC)) // 2031-05 … 2031-08
	scanAt := func(at time.Time) *tracking.Event {
		res := r.scan(tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.InTransit, OccurredAt: at})
		if res.Outcome != tracking.Accepted {
			t.Fatalf("scan at %s: %+v", at, res)
		}
		return res.Event
	}
	jan := []*tracking.Event{scanAt(time.Date(2030, 1, 3, 0, 0, 0, 0, time.UTC)), scanAt(time.Date(2030, 1, 20, 0, 0, 0, 0, time.UTC))}
	feb := scanAt(time.Date(2030, 2, 10, 0, 0, 0, 0, time.UTC))
	mar := scanAt(time.Date(2030, 3, 10, 0, 0, 0, 0, time.UTC))
	theirs := r.put(theirOrder, time.Date(2030, 3, 11, 0, 0, 0, 0, time.UTC))
	// now 2031-05-10 09:00: 180 days keep from 2030-11-11 09:00.
	boundaryOld := scanAt(time.Date(2030, 11, 2, 0, 0, 0, 0, time.UTC))
	boundaryNew := scanAt(time.Date(2030, 11, 20, 0, 0, 0, 0, time.UTC))
	r.keep(days(180))
	st, err := r.ret.Settings(r.as(theirAdmin))
	r.must(err)
	_, err = r.ret.UpdateSettings(r.as(theirAdmin), st.Version, days(1000)) // theirs: from 2028-08-13
	r.must(err)

	org, err := identity.OrgOf(ctx, d.R, o.DepotID)
	r.must(err)
	before := r.partitionNames()
	got := r.run()[org+"/tracking_events"]
	parts := r.partitionNames()
	dropped := 0
	for _, p := range before {
		if !slices.Contains(parts, p) {
			dropped++
		}
	}
	if _, err := listener.Exec(ctx, "").ReadAll(); err != nil { // delivers what committed before it
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(payloads, " "), "*"); n != dropped || n < 3 {
		t.Errorf("retention announced '*' %d times for %d dropped partitions: %q", n, dropped, payloads)
	}
	for _, gone := range []string{"tracking_events_p203001", "tracking_events_p203002", "tracking_events_p203004"} {
		if slices.Contains(parts, gone) {
			t.Fatalf("%s was not dropped: %v", gone, parts)
		}
	}
	for _, kept := range []string{"tracking_events_p203003", "tracking_events_p203011", "tracking_events_p203105"} {
		if !slices.Contains(parts, kept) {
			t.Fatalf("%s was dropped: %v", kept, parts)
		}
	}
	for _, id := range []string{jan[0].ID, jan[1].ID, feb.ID, mar.ID, boundaryOld.ID} {
		if r.exists("tracking_events", id) {
			t.Fatalf("an expired event of ours is still there: %s", id)
		}
	}
	if !r.exists("tracking_events", theirs) || !r.exists("tracking_events", boundaryNew.ID) {
		t.Fatal("their event (kept 1,000 days) or our event within 180 days was removed")
	}
	// Two months dropped (January's two events, February's one); March's and the boundary
	// month's old events deleted as rows.
	if got.Rows != 5 || got.Partitions != 2 {
		t.Fatalf("removal %+v, want 5 rows with 2 partitions", got)
	}
	if counted[org+"/tracking_events"] != 5 {
		t.Fatalf("counted %v", counted)
	}
	if !strings.Contains(logged.String(), `"table":"tracking_events","rows":5,`) || !strings.Contains(logged.String(), `"partitions":2`) ||
		strings.Contains(logged.String(), o.WaybillNo) {
		t.Fatalf("log: %s", logged.String())
	}
	var keys int
	r.must(d.R.NewRaw("SELECT count(*) FROM tracking_event_keys WHERE event_key IN (?)", bun.List([]string{jan[0].EventKey, jan[1].EventKey, feb.EventKey, mar.EventKey, boundaryOld.EventKey})).Scan(ctx, &keys))
	if keys != 0 {
		t.Fatalf("%d keys of removed events are left", keys)
	}
	if again := r.run()[org+"/tracking_events"]; again.Rows != 0 || again.Partitions != 0 {
		t.Fatalf("a second run removed more: %+v", again)
	}
}

// A look-up by order reads each partition through its order index; bounded in time, it
// reads only the partitions of that time (pruning).
func TestTimelineLookupUsesTheOrderIndexAndPrunesByTime(t *testing.T) {
	d := dbtest.Postgres(t)
	r := newRetained(t, d)
	ctx := context.Background()
	o := r.released()
	r.monthsAt(time.Date(2031, 1, 15, 9, 0, 0, 0, time.UTC))
	r.set(time.Date(2031, 4, 20, 9, 0, 0, 0, time.UTC))
	for m := 1; m <= 4; m++ {
		if res := r.scan(tracking.EventInput{EventKey: r.key(), WaybillNo: o.WaybillNo, Status: tracking.InTransit,
			OccurredAt: time.Date(2031, time.Month(m), 10, 0, 0, 0, 0, time.UTC)}); res.Outcome != tracking.Accepted {
			t.Fatalf("scan: %+v", res)
		}
	}
	explain := func(q string, args ...any) string {
		var lines []string
		r.must(d.R.NewRaw("EXPLAIN "+q, args...).Scan(ctx, &lines))
		return strings.Join(lines, "\n")
	}
	plan := explain("SELECT * FROM tracking_events WHERE order_id IN (?)", bun.List([]string{o.ID}))
	if strings.Contains(plan, "Seq Scan") || !strings.Contains(plan, "tracking_events_p203103_order_id_idx") {
		t.Fatalf("a look-up by order does not use the order index of each partition:\n%s", plan)
	}
	plan = explain("SELECT * FROM tracking_events WHERE order_id IN (?) AND occurred_at >= ? AND occurred_at < ?", bun.List([]string{o.ID}),
		time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 3, 20, 0, 0, 0, 0, time.UTC))
	if !strings.Contains(plan, "tracking_events_p203103") || strings.Contains(plan, "tracking_events_p203102") ||
		strings.Contains(plan, "tracking_events_p203104") || strings.Contains(plan, "tracking_events_default") {
		t.Fatalf("a look-up bounded in March reads other months:\n%s", plan)
	}
	t.Logf("bounded look-up plan:\n%s", plan)
}

// Two batches at once sending the same key for two parcels (different orders, so neither
// waits on the other's order lock) at times in different months: one is stored, the other
// waits on the key and is refused as a reused key, never a second event.
func TestTheSameKeyFromTwoBatchesAtOnceIsRecordedOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := newRetained(t, d)
		a, b := r.released(), r.released()
		now := r.clock()
		batches := [][]tracking.EventInput{
			{{EventKey: "PDA-09-000001", WaybillNo: a.WaybillNo, Status: tracking.PickedUp, OccurredAt: now.Add(-time.Hour), Place: "上海", ScannedBy: "PDA-09"}},
			{{EventKey: "PDA-09-000001", WaybillNo: b.WaybillNo, Status: tracking.PickedUp, OccurredAt: now.AddDate(0, -2, 0), Place: "上海", ScannedBy: "PDA-09"}},
		}
		results := make([][]tracking.EventResult, len(batches))
		errs := make([]error, len(batches))
		var wg sync.WaitGroup
		for i, batch := range batches {
			wg.Go(func() { results[i], errs[i] = r.tracking.RecordEvents(r.as("CS1001"), batch) })
		}
		wg.Wait()
		r.must(errors.Join(errs...))
		outcomes := []tracking.Outcome{results[0][0].Outcome, results[1][0].Outcome}
		slices.Sort(outcomes)
		if !slices.Equal(outcomes, []tracking.Outcome{tracking.Accepted, tracking.Rejected}) {
			t.Fatalf("outcomes %v", outcomes)
		}
		if n := r.count("tracking_events"); n != 1 {
			t.Fatalf("%d events stored for one key", n)
		}
	})
}
