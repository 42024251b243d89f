package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/event"
)

// Behind PgBouncer in transaction mode a server connection serves a transaction, then
// another client: nothing may rely on session state. The migrations (a session advisory
// lock) and LISTEN go over --database-direct-url; everything else goes through the pooler,
// with the simple protocol db.Open chooses (pgx's prepared statements would not survive:
// with default_query_exec_mode=cache_statement the first intake already fails here). PgBouncer here has 3 server connections for the app's 20, so
// requests at once share them.
func TestServesThroughPgBouncerInTransactionMode(t *testing.T) {
	direct, pooled := dbtest.PgBouncer(t)
	ctx := t.Context()
	cfg, err := configFrom(t, "--database-url", pooled, "--database-direct-url", direct)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, Pooled: cfg.pooled()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := migrateAll(ctx, cfg, d, quietLog); err != nil {
		t.Fatalf("migrate over the direct connection: %v", err)
	}
	bus := event.NewPostgres(direct, quietLog)
	go func() { _ = bus.Run(ctx) }()
	<-bus.Ready()
	s := newTestServerWithBus(t, d, bus, t.TempDir())

	// Writes and reads at once from several phones, each a transaction of many statements.
	agent, _ := s.login("CS1001")
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := s.releaseOrder(agent, s.intake(agent, orderInput()))
			wb := o["waybillNo"].(string)
			r := s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent))
			if len(r.Errors) > 0 {
				errs <- "record: " + r.Errors[0].Message
				return
			}
			// With its timeline: the order and its events in one statement, here with bun
			// writing the arguments into the text (no prepared statements behind the pooler).
			got := s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo stage trackingEvents { status } } }`, map[string]any{"w": wb}, withToken(agent))
			if len(got.Errors) > 0 || got.path("orderByWaybill", "waybillNo") != wb || !strings.Contains(got.Raw, `"trackingEvents":[{"status":"PICKED_UP"}]`) {
				errs <- "look-up: " + got.Raw
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}

	// A live update crosses LISTEN on the direct connection.
	srv := httptest.NewServer(s.h)
	defer srv.Close()
	subCtx, hangUp := context.WithCancel(ctx)
	defer hangUp()
	wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
	m := s.bus.mark()
	next := sseSubscribe(t, subCtx, srv.URL, agent, trackingSubscription, map[string]any{"w": wb})
	s.bus.await(t, m, 1)
	s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent)).must(t)
	data := next()["data"].(map[string]any)["trackingUpdated"].(map[string]any)
	if data["waybillNo"] != wb || data["milestone"] != "PICKED_UP" {
		t.Fatalf("live update through LISTEN: %v", data)
	}
}
