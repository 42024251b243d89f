package tracking

import (
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/expresscs/cs/internal/order"
)

// A parcel read while an announcement about it arrived is not kept, whichever came
// first of the read and the announcement; an announcement removes what was kept; an
// emptying (a lost connection, '*') refuses every read begun before it. These are the
// rules that keep a raced read out of the cache (the cross-instance behaviour is tested
// against PostgreSQL in ./server, TestLookUpCache*).
func TestCacheKeepsOnlyReadsNoAnnouncementRaced(t *testing.T) {
	c := NewCache("", 2, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c.up = true
	a := &order.Order{ID: "order-a", WaybillNo: "SD000000001CN"}
	b := &order.Order{ID: "order-b", WaybillNo: "SD000000002CN"}
	// Slots are hashed with a seed of the process: b must share none with a or order-x.
	for i := 0; slot(b.ID) == slot(a.ID) || slot(b.ID) == slot("order-x"); i++ {
		b.ID = fmt.Sprintf("order-b%d", i)
	}
	kept := func(o *order.Order) bool {
		e, ok := c.entries.Peek(o.WaybillNo)
		return ok && e.order.ID == o.ID && c.ids[o.ID] == o.WaybillNo
	}

	since := c.seq
	c.forget("order-x," + a.ID) // announced while a was being read
	c.keep(since, a, nil)
	if kept(a) {
		t.Error("a read raced by an announcement about it was kept")
	}
	c.keep(since, b, nil)
	if !kept(b) {
		t.Error("a read no announcement about it raced was not kept")
	}
	since = c.seq
	c.keep(since, a, []*Event{{Note: "x"}})
	if !kept(a) {
		t.Fatal("a read after the announcement was not kept")
	}
	c.forget(a.ID)
	if kept(a) || c.ids[a.ID] != "" {
		t.Error("an announcement did not remove what was kept")
	}
	if !kept(b) {
		t.Error("an announcement about a removed another parcel")
	}

	since = c.seq
	c.forget("*")
	if kept(b) || len(c.ids) != 0 {
		t.Error("'*' left parcels")
	}
	c.keep(since, b, nil)
	if kept(b) {
		t.Error("a read begun before '*' was kept")
	}

	// Full: the oldest goes, with its id.
	since = c.seq
	third := &order.Order{ID: "order-c", WaybillNo: "SD000000003CN"}
	for _, o := range []*order.Order{a, b, third} {
		c.keep(since, o, nil)
	}
	if kept(a) || c.ids[a.ID] != "" || !kept(b) || !kept(third) {
		t.Errorf("eviction: ids %v", c.ids)
	}
	// A number taken again by another order: the old id no longer points at it.
	again := &order.Order{ID: "order-d", WaybillNo: b.WaybillNo}
	c.keep(since, again, nil)
	if c.ids[b.ID] != "" || !kept(again) {
		t.Errorf("a number taken again: ids %v", c.ids)
	}

	c.up = false
	since = c.seq
	c.keep(since, a, nil)
	if kept(a) {
		t.Error("kept while not listening")
	}
}

// On SQLite the writer reports a commit twice: at the commit, before readers see it
// (unsettled), and once it has returned (settled). A read begun between the two may
// have read the rows from before the commit: nothing is kept until the commit settles,
// whichever parcel it is; both reports remove what was kept.
func TestLocalCacheKeepsNothingWhileACommitIsUnsettled(t *testing.T) {
	c := NewLocalCache(nil, 4, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c.up = true
	a := &order.Order{ID: "order-a", WaybillNo: "SD000000001CN"}
	b := &order.Order{ID: "order-b", WaybillNo: "SD000000002CN"}
	kept := func(o *order.Order) bool { _, ok := c.entries.Peek(o.WaybillNo); return ok }

	c.keep(c.seq, a, nil)
	c.changed([]string{a.ID}, false, false) // a's commit, not yet visible
	if kept(a) {
		t.Error("the commit's report did not remove a")
	}
	since := c.seq // a read begun now may see a as it was before the commit
	c.keep(since, a, nil)
	c.keep(since, b, nil)
	if kept(a) || kept(b) {
		t.Error("a read begun before the commit settled was kept")
	}
	c.changed([]string{a.ID}, false, true)
	c.keep(since, a, nil)
	if kept(a) {
		t.Error("a read begun before the settled report about a was kept")
	}
	c.keep(since, b, nil)
	if !kept(b) {
		t.Error("after the commit settled, a read of another parcel was not kept")
	}
	since = c.seq
	c.keep(since, a, nil)
	if !kept(a) {
		t.Error("a read begun after the commit settled was not kept")
	}
	c.changed(nil, true, false) // everything
	if kept(a) || kept(b) {
		t.Error("a report of everything left parcels")
	}
}
