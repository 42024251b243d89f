package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/event"
)

// twoInstances starts two servers on one PostgreSQL database (one key directory, local
// event buses): two instances behind a load balancer.
func twoInstances(t *testing.T) (*testServer, *testServer) {
	t.Helper()
	url := dbtest.MigratedPostgres(t)
	open := func() *db.DB {
		d, err := db.Open(context.Background(), db.Config{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return d
	}
	keys := t.TempDir()
	a := newTestServerWithBus(t, open(), event.NewLocal(quietLog), keys)
	b := newTestServerWithBus(t, open(), event.NewLocal(quietLog), keys)
	return a, b
}

func TestPartnerBudgetIsSharedAcrossInstancesOnPostgres(t *testing.T) {
	a, b := twoInstances(t)
	now := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
	a.app.Partners.Now = func() time.Time { return now }
	b.app.Partners.Now = func() time.Time { return now }
	admin, _ := a.login("CS9001")
	a.newClient(admin, map[string]any{"name": "两地站", "clientId": "station-2x", "scopes": []string{"orders:read"}, "budgetPerMinute": 600})
	tok, _ := a.partnerToken("station-2x", mustSecret(t, a, admin, "station-2x"))

	const q = `{ orders(first: 100) { edges { node { waybillNo } } } }`
	// Spend the whole minute's budget on instance A.
	spent := 0
	for i := 0; i < 10; i++ {
		r := a.post(q, nil, withToken(tok))
		if r.Status == http.StatusTooManyRequests {
			break
		}
		r.must(t)
		if r.Statements > 1+1+3 { // the charge, the admission look-up (first time), the query
			t.Errorf("request %d ran %d statements", i, r.Statements)
		}
		spent++
	}
	if spent == 0 || spent >= 10 {
		t.Fatalf("instance A admitted %d requests of a 600-point budget", spent)
	}
	// Instance B shares the bucket: the very first request there is throttled.
	r := b.post(q, nil, withToken(tok))
	if r.Status != http.StatusTooManyRequests || r.Code() != "THROTTLED" || r.Data != nil {
		t.Fatalf("instance B after A spent the budget: %d %s", r.Status, r.Raw)
	}
	wait, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || wait < 1 || wait > 60 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	// Waiting as told refills the shared bucket: B runs one, and then A (whose clock has
	// not moved) finds it spent again rather than refilled twice.
	now = now.Add(time.Duration(wait) * time.Second)
	if r := b.post(q, nil, withToken(tok)); r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("instance B after Retry-After: %d %s", r.Status, r.Raw)
	}
	if r := a.post(q, nil, withToken(tok)); r.Status != http.StatusTooManyRequests {
		t.Fatalf("instance A after B spent the refill: %d %s", r.Status, r.Raw)
	}
	// The remaining points reported on either instance are the shared bucket's.
	now = now.Add(time.Minute)
	ra := a.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(tok)).must(t)
	rb := b.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(tok)).must(t)
	left := func(r *gqlResult) float64 { return r.Extensions["cost"].(map[string]any)["remaining"].(float64) }
	costOf := func(r *gqlResult) float64 { return r.Extensions["cost"].(map[string]any)["requested"].(float64) }
	if left(ra) != 600-costOf(ra) || left(rb) != left(ra)-costOf(rb) {
		t.Errorf("remaining after a full refill: A %v, then B %v", ra.Extensions["cost"], rb.Extensions["cost"])
	}
}

// BenchmarkPartnerOrders is a partner's order list over HTTP: admission, the shared
// budget's charge and the query (compare with the charge alone in
// internal/ratelimit BenchmarkTake).
func BenchmarkPartnerOrders(b *testing.B) {
	benchDatabases(b, func(b *testing.B, s *testServer) func(*testing.B) {
		admin, _ := s.login("CS9001")
		s.newClient(admin, map[string]any{"name": "压测商户", "clientId": "bench-partner", "scopes": []string{"orders:read"}, "budgetPerMinute": 1_000_000})
		tok, _ := s.partnerToken("bench-partner", mustSecret(b, s, admin, "bench-partner"))
		body, _ := json.Marshal(map[string]any{"query": `{ orders(first: 5) { totalCount edges { node { waybillNo } } } }`})
		return func(b *testing.B) { benchHTTP(b, s, tok, body) }
	})
}

// BenchmarkPartnerOrdersWithStatus is the partner look-up of the side-by-side harness
// (internal/bench/side): the demo partner's orders(first: 10) with tracking status and
// expected arrival, over the demo's working day, budget raised as the harness raises it.
func BenchmarkPartnerOrdersWithStatus(b *testing.B) {
	benchDatabases(b, func(b *testing.B, s *testServer) func(*testing.B) {
		tok := workdayPartner(b, s)
		body, _ := json.Marshal(map[string]any{"query": partnerStatusPage})
		return func(b *testing.B) { benchHTTP(b, s, tok, body) }
	})
}

// partnerStatusPage is the side-by-side harness's partner look-up.
const partnerStatusPage = `{ orders(first: 10) { edges { node { id waybillNo trackingStatus expectedArrival } } } }`

// BenchmarkPartnerStatusPageColumns is the same page one request at a time, in process
// (no loopback, no client in the figures), for its allocations: "list-columns" as the
// harness asks it (a narrow page since issue #16), "every-column" with the one field
// more (version) that makes it read every column of orders, as every page did before.
func BenchmarkPartnerStatusPageColumns(b *testing.B) {
	for _, c := range []struct{ name, query string }{
		{"list-columns", partnerStatusPage},
		{"every-column", strings.Replace(partnerStatusPage, "expectedArrival", "expectedArrival version", 1)},
	} {
		b.Run(c.name, func(b *testing.B) {
			benchDatabases(b, func(b *testing.B, s *testServer) func(*testing.B) {
				tok := workdayPartner(b, s)
				body, _ := json.Marshal(map[string]any{"query": c.query})
				return func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						s.raw(body, withToken(tok)).must(b)
					}
				}
			})
		})
	}
}

// workdayPartner loads the demo's working day into s and returns the demo partner's
// token, its budget raised as the side-by-side harness raises it.
func workdayPartner(b *testing.B, s *testServer) string {
	b.Helper()
	if err := demo.LoadWorkday(b.Context(), demo.Workday{Identity: s.app.Identity, Roster: s.app.Roster, Orders: s.app.Orders,
		Tracking: s.app.Tracking, Tariffs: s.app.Tariffs, Reconcile: s.app.Reconcile, Zone: s.app.Cfg.zone, Now: time.Now()}); err != nil {
		b.Fatal(err)
	}
	admin, _ := s.login("CS9001")
	for _, c := range s.post(`{ partnerClients { id name clientId scopes orgUnit { id } } }`, nil, withToken(admin)).must(b).path("partnerClients").([]any) {
		m := c.(map[string]any)
		if m["clientId"] != demo.PartnerClientID {
			continue
		}
		in := map[string]any{"idempotencyKey": "bench-budget", "id": m["id"], "name": m["name"], "scopes": m["scopes"], "budgetPerMinute": 1_000_000}
		if u, ok := m["orgUnit"].(map[string]any); ok {
			in["orgUnitId"] = u["id"]
		}
		s.post(`mutation($in: UpdatePartnerClientInput!) { updatePartnerClient(input: $in) { client { id } } }`, map[string]any{"in": in}, withToken(admin)).must(b)
	}
	tok, _ := s.partnerToken(demo.PartnerClientID, s.secret)
	if n := len(s.post(partnerStatusPage, nil, withToken(tok)).must(b).path("orders", "edges").([]any)); n == 0 {
		b.Fatal("the demo partner has no orders")
	}
	return tok
}
