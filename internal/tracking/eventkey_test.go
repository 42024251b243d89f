package tracking_test

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/tracking"
)

// An event key names one event: the identical event sent again is a DUPLICATE; the same
// key with any different content (place, scanner and note too) is refused with
// TRACKING_EVENT_KEY_REUSED and the stored event is kept as it was.
func TestSameEventKeyWithAnyDifferentContentIsRefusedAsReused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		o := w.released()
		at := time.Date(2026, 11, 10, 8, 30, 0, 0, shanghai)
		first := tracking.EventInput{EventKey: "PDA-07-000123", WaybillNo: o.WaybillNo, Status: tracking.PickedUp, OccurredAt: at,
			Place: "上海浦东张江网点", ScannedBy: "PDA-07", Note: "客户自送"}
		if r := w.scan(first); r.Outcome != tracking.Accepted {
			t.Fatalf("first: %s %v", r.Outcome, r.Err)
		}
		if r := w.scan(first); r.Outcome != tracking.Duplicate {
			t.Fatalf("the identical event again: %s %v", r.Outcome, r.Err)
		}
		changes := map[string]func(e *tracking.EventInput){
			"another place":   func(e *tracking.EventInput) { e.Place = "上海浦东川沙网点" },
			"another scanner": func(e *tracking.EventInput) { e.ScannedBy = "PDA-09" },
			"another note":    func(e *tracking.EventInput) { e.Note = "上门揽收" },
			"another status":  func(e *tracking.EventInput) { e.Status = tracking.InTransit },
			"another time":    func(e *tracking.EventInput) { e.OccurredAt = at.Add(time.Minute) },
			"another reason": func(e *tracking.EventInput) {
				e.Status, e.ExceptionReason = tracking.Exception, tracking.ReasonDelay
			},
		}
		for name, change := range changes {
			e := first
			change(&e)
			r := w.scan(e)
			if r.Outcome != tracking.Rejected || !apperr.Is(r.Err, apperr.TrackingEventKeyReused) {
				t.Errorf("%s under the same key: %s %v, want REJECTED TRACKING_EVENT_KEY_REUSED", name, r.Outcome, r.Err)
			}
		}
		var stored []*tracking.Event
		w.must(d.R.NewSelect().Model(&stored).Where("order_id = ?", o.ID).Scan(context.Background()))
		if len(stored) != 1 || stored[0].Place != first.Place || stored[0].ScannedBy != first.ScannedBy || stored[0].Note != first.Note {
			t.Fatalf("stored events: %+v", stored)
		}
	})
}

// The same scan (waybill, status, time, place) sent again under a new key, as a second
// device syncing the same queue does, is a DUPLICATE of the stored one, also inside one
// batch; another place or time is another scan.
func TestSameScanUnderANewKeyIsADuplicate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		o := w.released()
		at := time.Date(2026, 11, 10, 8, 30, 0, 0, shanghai)
		scan := tracking.EventInput{EventKey: "dev-a-1", WaybillNo: o.WaybillNo, Status: tracking.PickedUp, OccurredAt: at,
			Place: "上海浦东张江网点", ScannedBy: "PDA-07"}
		first := w.scan(scan)
		if first.Outcome != tracking.Accepted {
			t.Fatalf("first: %s %v", first.Outcome, first.Err)
		}
		again := scan
		again.EventKey, again.ScannedBy = "dev-b-77", "PDA-08"
		r := w.scan(again)
		if r.Outcome != tracking.Duplicate || r.Event == nil || r.Event.EventKey != "dev-a-1" {
			t.Fatalf("the same scan under a new key: %s %v %+v", r.Outcome, r.Err, r.Event)
		}
		// In one batch: a new scan twice under two keys is stored once.
		in := tracking.EventInput{EventKey: "dev-a-2", WaybillNo: o.WaybillNo, Status: tracking.InTransit, OccurredAt: at.Add(time.Hour),
			Place: "上海转运中心", ScannedBy: "HUB-1"}
		twin := in
		twin.EventKey = "dev-b-78"
		elsewhere := in
		elsewhere.EventKey, elsewhere.Place = "dev-a-3", "嘉兴转运中心"
		w.set(at.Add(2 * time.Hour))
		rs, err := w.tracking.RecordEvents(w.as("CS1001"), []tracking.EventInput{in, twin, elsewhere})
		w.must(err)
		if rs[0].Outcome != tracking.Accepted || rs[1].Outcome != tracking.Duplicate || rs[2].Outcome != tracking.Accepted {
			t.Fatalf("batch: %s %s %s", rs[0].Outcome, rs[1].Outcome, rs[2].Outcome)
		}
		n, err := d.R.NewSelect().Model((*tracking.Event)(nil)).Where("order_id = ?", o.ID).Count(context.Background())
		w.must(err)
		if n != 3 {
			t.Fatalf("%d events stored, want 3", n)
		}
	})
}

// A stored scan sent again under a new key, twice in one batch (a phone retrying inside
// its own queue), answers DUPLICATE for both, naming the stored event; the same new key
// with other content is a reused key. Every event of a batch gets an answer.
func TestARescanRepeatedInOneBatchIsADuplicateEachTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		o := w.released()
		at := time.Date(2026, 11, 10, 8, 30, 0, 0, shanghai)
		scan := tracking.EventInput{EventKey: "dev-a-1", WaybillNo: o.WaybillNo, Status: tracking.PickedUp, OccurredAt: at,
			Place: "上海浦东张江网点", ScannedBy: "PDA-07"}
		if r := w.scan(scan); r.Outcome != tracking.Accepted {
			t.Fatalf("first: %s %v", r.Outcome, r.Err)
		}
		again := scan
		again.EventKey = "dev-b-9"
		changed := again
		changed.Note = "改了备注"
		w.set(at.Add(time.Hour))
		rs, err := w.tracking.RecordEvents(w.as("CS1001"), []tracking.EventInput{again, again, changed})
		w.must(err)
		for i, want := range []tracking.Outcome{tracking.Duplicate, tracking.Duplicate, tracking.Rejected} {
			if rs[i].Outcome != want {
				t.Errorf("event %d: %q %v, want %s", i, rs[i].Outcome, rs[i].Err, want)
			}
		}
		for i := range 2 {
			if rs[i].Event == nil || rs[i].Event.EventKey != "dev-a-1" {
				t.Errorf("event %d names %+v, want the stored dev-a-1", i, rs[i].Event)
			}
		}
		if !apperr.Is(rs[2].Err, apperr.TrackingEventKeyReused) {
			t.Errorf("other content under the same new key: %v", rs[2].Err)
		}
	})
}
