package main

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/tracking"
)

// On PostgreSQL with the PostgreSQL bus a batch queues its live updates in the statement
// that writes its orders' tracking: each touched order's subscribers get the same
// announcement as before ({"orderId": …} on order:<id>, once), the batch takes no more
// statements than with the in-process bus (which sends nothing to the database), and the
// orders' tracking reads back as the events make it, unset moments left NULL.
func TestTrackingBatchAnnouncesInItsUpdateOnPostgres(t *testing.T) {
	url := dbtest.MigratedPostgres(t)
	d, err := db.Open(context.Background(), db.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	bus := event.NewPostgres(url, quietLog)
	go func() { _ = bus.Run(ctx) }()
	<-bus.Ready()
	keys := t.TempDir()
	s := newTestServerWithBus(t, d, bus, keys)
	local := newTestServerWithBus(t, d, event.NewLocal(quietLog), keys)

	agent, _ := s.login("CS1001")
	pctx := identity.WithPrincipal(ctx, mustVerify(t, s, agent))
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	take := func() (id, waybill string) {
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		_, id, err := graph.ParseGlobalID(o["id"].(string), "Order")
		if err != nil {
			t.Fatal(err)
		}
		return id, o["waybillNo"].(string)
	}
	// record records a pick-up of one order and an exception of another through srv and
	// returns the statements it took.
	record := func(srv *testServer, picked, delayed string) int64 {
		t.Helper()
		var c db.StatementCounter
		res, err := srv.app.Tracking.RecordEvents(db.WithStatementCounter(pctx, &c), []tracking.EventInput{
			{EventKey: key(), WaybillNo: picked, Status: tracking.PickedUp, OccurredAt: at, Place: "杭州转运中心", ScannedBy: "PDA-0231"},
			{EventKey: key(), WaybillNo: delayed, Status: tracking.Exception, ExceptionReason: tracking.ReasonDelay,
				OccurredAt: at.Add(time.Minute), Place: "杭州转运中心", ScannedBy: "PDA-0231", Note: "天气原因"},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Outcome != tracking.Accepted {
				t.Fatalf("event %d: %s %v", r.Index, r.Outcome, r.Err)
			}
		}
		return c.Count()
	}

	_, wb1 := take()
	_, wb2 := take()
	withLocal := record(local, wb1, wb2)

	picked, wb1 := take()
	delayed, wb2 := take()
	subs := map[string]<-chan event.Event{}
	for _, id := range []string{picked, delayed} {
		subs[id] = s.app.Events.Subscribe(ctx, tracking.OrderTopic(id))
	}
	if n := record(s, wb1, wb2); n != withLocal {
		t.Errorf("%d statements with the PostgreSQL bus, %d with the in-process one", n, withLocal)
	}
	for id, ch := range subs {
		select {
		case e := <-ch:
			if e.Topic != tracking.OrderTopic(id) || string(e.Payload) != `{"orderId":"`+id+`"}` {
				t.Errorf("announced %s %s, want order:%s {\"orderId\":%q}", e.Topic, e.Payload, id, id)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no announcement for order %s within 5 s", id)
		}
		select {
		case e := <-ch:
			t.Errorf("a second announcement for order %s: %s", id, e.Payload)
		case <-time.After(200 * time.Millisecond):
		}
	}

	type tracked struct {
		ID              string     `bun:"id"`
		Stage           string     `bun:"stage"`
		Status          string     `bun:"tracking_status"`
		Reason          string     `bun:"tracking_exception_reason"`
		EventAt         *time.Time `bun:"tracking_event_at"`
		BestStatus      string     `bun:"tracking_best_status"`
		BestAt          *time.Time `bun:"tracking_best_at"`
		ExceptionReason string     `bun:"tracking_last_exception_reason"`
		ExceptionAt     *time.Time `bun:"tracking_last_exception_at"`
		PickedUpAt      *time.Time `bun:"tracking_picked_up_at"`
		OutAt           *time.Time `bun:"tracking_out_at"`
	}
	var rows []tracked
	if err := d.W.NewSelect().Table("orders").Column("id", "stage", "tracking_status", "tracking_exception_reason", "tracking_event_at",
		"tracking_best_status", "tracking_best_at", "tracking_last_exception_reason", "tracking_last_exception_at", "tracking_picked_up_at",
		"tracking_out_at").Where("id IN (?)", bun.List([]string{picked, delayed})).Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	same := func(got *time.Time, want time.Time) bool { return got != nil && got.Equal(want) }
	for _, r := range rows {
		switch r.ID {
		case picked:
			if r.Stage != "SHIPPED" || r.Status != "PICKED_UP" || r.Reason != "" || !same(r.EventAt, at) || r.BestStatus != "PICKED_UP" ||
				!same(r.BestAt, at) || r.ExceptionReason != "" || r.ExceptionAt != nil || !same(r.PickedUpAt, at) || r.OutAt != nil {
				t.Errorf("picked-up order reads back %+v", r)
			}
		case delayed:
			if r.Stage != "SHIPPED" || r.Status != "EXCEPTION" || r.Reason != "DELAY" || !same(r.EventAt, at.Add(time.Minute)) ||
				r.ExceptionReason != "DELAY" || !same(r.ExceptionAt, at.Add(time.Minute)) || r.PickedUpAt != nil || r.OutAt != nil {
				t.Errorf("delayed order reads back %+v", r)
			}
		}
	}
	if len(rows) != 2 {
		t.Errorf("%d orders read back, want 2", len(rows))
	}
}
