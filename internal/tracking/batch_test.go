package tracking_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tracking"
)

// One batch mixing every outcome answers each event as it should and stores exactly the
// new events, which read back field for field; on SQLite the times are stored as the same
// text bun writes (events are bound, not written into the statement, since the per-row
// insert), and each order touched goes up one version, the others none.
func TestAMixedBatchAnswersEachEventAndReadsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		a, b, other := w.released(), w.released(), w.released()
		at := time.Date(2026, 11, 10, 6, 30, 0, 0, shanghai)
		first := tracking.EventInput{EventKey: "mix-1", WaybillNo: a.WaybillNo, Status: tracking.PickedUp, OccurredAt: at,
			Place: "上海浦东张江网点", ScannedBy: "PDA-07", Note: "客户自送"}
		if r := w.scan(first); r.Outcome != tracking.Accepted {
			t.Fatalf("first: %s %v", r.Outcome, r.Err)
		}
		a, b, other = w.reload(a.ID), w.reload(b.ID), w.reload(other.ID)

		inTransit := tracking.EventInput{EventKey: "mix-2", WaybillNo: a.WaybillNo, Status: tracking.InTransit,
			OccurredAt: at.Add(90*time.Minute + 123*time.Millisecond), Place: "上海转运中心", ScannedBy: "PDA-08"}
		reused := first
		reused.Place = "上海浦东川沙网点"
		rescan := inTransit
		rescan.EventKey = "mix-3"
		exception := tracking.EventInput{EventKey: "mix-4", WaybillNo: b.WaybillNo, Status: tracking.Exception,
			ExceptionReason: tracking.ReasonDelay, OccurredAt: at.Add(time.Hour), Place: "上海转运中心", ScannedBy: "PDA-08",
			Note: "天气原因\n延误"}
		unknown := inTransit
		unknown.EventKey, unknown.WaybillNo = "mix-5", order.NewWaybillNo()
		batch := []tracking.EventInput{inTransit, first, reused, unknown, rescan, inTransit, exception}
		rs, err := w.tracking.RecordEvents(w.as("CS1001"), batch)
		w.must(err)

		want := []struct {
			outcome tracking.Outcome
			code    apperr.Code
			key     string // the stored event's key given back
		}{
			{tracking.Accepted, "", "mix-2"},
			{tracking.Duplicate, "", "mix-1"},
			{tracking.Rejected, apperr.TrackingEventKeyReused, ""},
			{tracking.Rejected, apperr.NotFound, ""},
			{tracking.Duplicate, "", "mix-2"},
			{tracking.Duplicate, "", "mix-2"},
			{tracking.Accepted, "", "mix-4"},
		}
		if len(rs) != len(want) {
			t.Fatalf("%d results for %d events", len(rs), len(want))
		}
		for i, r := range rs {
			wt := want[i]
			switch {
			case r.Index != i || r.EventKey != batch[i].EventKey || r.Outcome != wt.outcome:
				t.Errorf("event %d: %d %q %s %v, want %s", i, r.Index, r.EventKey, r.Outcome, r.Err, wt.outcome)
			case wt.code != "" && !apperr.Is(r.Err, wt.code):
				t.Errorf("event %d: %v, want %s", i, r.Err, wt.code)
			case wt.key != "" && (r.Event == nil || r.Event.EventKey != wt.key):
				t.Errorf("event %d: given back %+v, want the stored %s", i, r.Event, wt.key)
			}
		}

		var stored []*tracking.Event
		w.must(d.R.NewSelect().Model(&stored).Where("order_id IN (?, ?, ?)", a.ID, b.ID, other.ID).OrderExpr("event_key").Scan(context.Background()))
		sent := []tracking.EventInput{first, inTransit, exception}
		orders := []string{a.ID, a.ID, b.ID}
		if len(stored) != len(sent) {
			t.Fatalf("stored %d events, want %d: %+v", len(stored), len(sent), stored)
		}
		staff := w.staff["CS1001"].ID
		for i, e := range stored {
			in := sent[i]
			if e.EventKey != in.EventKey || e.OrderID != orders[i] || e.Status != in.Status || e.ExceptionReason != in.ExceptionReason ||
				e.SignerName != in.SignerName || !e.OccurredAt.Equal(in.OccurredAt) || e.Place != in.Place || e.ScannedBy != in.ScannedBy ||
				e.Note != in.Note || e.SourceKind != string(identity.KindStaff) || e.SourceID != staff || !e.RecordedAt.Equal(w.clock()) {
				t.Errorf("stored %+v, sent %+v", e, in)
			}
		}
		if rs[0].Event.ID != stored[1].ID || rs[1].Event.ID != stored[0].ID || rs[6].Event.ID != stored[2].ID {
			t.Errorf("results name other events than those stored")
		}

		if d.Dialect == db.SQLite {
			var texts []string
			w.must(d.R.NewRaw("SELECT occurred_at || ' ' || typeof(occurred_at) || ' ' || recorded_at FROM tracking_events WHERE event_key = 'mix-2'").Scan(context.Background(), &texts))
			if want := "2026-11-10 00:00:00.123+00:00 text 2026-11-10 01:00:00+00:00"; len(texts) != 1 || texts[0] != want {
				t.Errorf("stored times %q, want %q (as bun writes them)", texts, want)
			}
			w.must(d.R.NewRaw("SELECT coalesce(tracking_event_at, 'NULL') || ' ' || coalesce(tracking_best_at, 'NULL') || ' ' || coalesce(tracking_out_at, 'NULL') || ' ' || updated_at FROM orders WHERE id = ?", a.ID).Scan(context.Background(), &texts))
			if want := "2026-11-10 00:00:00.123+00:00 2026-11-10 00:00:00.123+00:00 NULL 2026-11-10 01:00:00+00:00"; len(texts) != 1 || texts[0] != want {
				t.Errorf("order's tracking times %q, want %q", texts, want)
			}
		}
		for _, c := range []struct {
			before *order.Order
			status tracking.Status
			bump   int
		}{{a, tracking.InTransit, 1}, {b, tracking.Exception, 1}, {other, "", 0}} {
			o := w.reload(c.before.ID)
			if o.Version != c.before.Version+c.bump || c.bump == 1 && (o.Stage != order.Shipped || o.TrackingStatus != string(c.status)) {
				t.Errorf("order %s: version %d → %d, stage %s, status %s; want +%d, %s", o.WaybillNo, c.before.Version, o.Version,
					o.Stage, o.TrackingStatus, c.bump, c.status)
			}
		}
	})
}

// A batch runs the same statements however many events it carries: BEGIN, the locking
// read of the orders, the retention cutoffs, the stored scans, the insert, the orders'
// update and COMMIT. On SQLite the insert and the update are each one prepared statement
// run per row (db.ExecEach), counted once.
func TestABatchRunsTheSameStatementsWhateverItsSize(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		var waybills []string
		for range 12 {
			waybills = append(waybills, w.released().WaybillNo)
		}
		at := time.Date(2026, 11, 10, 8, 30, 0, 0, shanghai)
		count := func(n int) int64 {
			batch := make([]tracking.EventInput, n)
			for i := range batch {
				batch[i] = tracking.EventInput{EventKey: fmt.Sprintf("size-%d-%d", n, i), WaybillNo: waybills[i], Status: tracking.PickedUp,
					OccurredAt: at.Add(time.Duration(n) * time.Minute), Place: "上海浦东张江网点", ScannedBy: "PDA-07"}
			}
			var c db.StatementCounter
			rs, err := w.tracking.RecordEvents(db.WithStatementCounter(w.as("CS1001"), &c), batch)
			w.must(err)
			for _, r := range rs {
				if r.Outcome != tracking.Accepted {
					t.Fatalf("%d events: %s %v", n, r.Outcome, r.Err)
				}
			}
			return c.Count()
		}
		one, many := count(1), count(12)
		if one != many {
			t.Errorf("1 event: %d statements, 12 events: %d", one, many)
		}
		if d.Dialect == db.SQLite && one != 7 {
			t.Errorf("%d statements a batch on SQLite, want 7", one)
		}
	})
}
