package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tracking"
)

// benchHTTP drives the real HTTP stack over loopback with parallel clients and reports
// requests/s and p50/p99 latency alongside ns/op.
func benchHTTP(b *testing.B, s *testServer, token string, body []byte) {
	srv := httptest.NewServer(s.h)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	b.SetParallelism(4) // 4 clients per core
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			var out struct{ Errors []any }
			_ = json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			local = append(local, time.Since(t0))
			if resp.StatusCode != 200 || len(out.Errors) > 0 {
				b.Errorf("status %d errors %v", resp.StatusCode, out.Errors)
				return
			}
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
		b.ReportMetric(float64(lat[len(lat)*50/100].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
	}
}

// benchDatabases prepares a test server on each database once (setup returns the
// measured loop), then runs the loop as a sub-benchmark, which Go may call several times
// with growing b.N. A database is prepared only when -bench selects it (make bench-side
// runs the PostgreSQL and SQLite ingest apart).
func benchDatabases(b *testing.B, setup func(b *testing.B, s *testServer) func(b *testing.B)) {
	for _, name := range []string{"sqlite", "postgres"} {
		var loop func(*testing.B)
		b.Run(name, func(sb *testing.B) {
			if loop == nil {
				var s *testServer
				if name == "sqlite" {
					s = sqliteLikeProduction(b)
				} else {
					s = postgresLikeProduction(b)
				}
				loop = setup(b, s)
			}
			loop(sb)
		})
	}
}

// postgresLikeProduction is a test server on PostgreSQL wired as `serve` wires it: live
// updates go out with pg_notify in the writing transaction and come back through a running
// listener, so their cost is in the figures.
func postgresLikeProduction(b *testing.B) *testServer {
	schema, base := dbtest.NewPostgresSchema(b)
	url := dbtest.WithSearchPath(base, schema)
	d, err := db.Open(context.Background(), db.Config{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	bus := event.NewPostgres(url, quietLog)
	go func() { _ = bus.Run(ctx) }()
	<-bus.Ready()
	s := newTestServerWithBus(b, d, bus, b.TempDir())
	followLookUps(b, s, tracking.NewCache(url, 4096, quietLog))
	return s
}

// sqliteLikeProduction is a test server on SQLite with the look-up cache following the
// writer, as `serve` runs by default: its pre-update hook's cost is in the ingest figures.
func sqliteLikeProduction(b *testing.B) *testServer {
	s := newTestServer(b, dbtest.SQLite(b))
	followLookUps(b, s, tracking.NewLocalCache(s.app.DB, 4096, quietLog))
	return s
}

func BenchmarkMe(b *testing.B) {
	benchDatabases(b, func(b *testing.B, s *testServer) func(*testing.B) {
		token, _ := s.login("CS1001")
		body, _ := json.Marshal(map[string]any{"query": `query Me { me { id employeeNo name roles phoneMasked depot { id name } superior { id name } } }`})
		return func(b *testing.B) { benchHTTP(b, s, token, body) }
	})
}

func BenchmarkNodeLookups(b *testing.B) {
	for _, lookup := range []string{"node", "nodes"} {
		b.Run(lookup, func(b *testing.B) {
			benchDatabases(b, func(b *testing.B, s *testServer) func(*testing.B) {
				token, _ := s.login("CS3001")
				units := s.post(`{ orgUnits { id } }`, nil, withToken(token)).must(b)
				var ids []string
				for _, u := range units.Data["orgUnits"].([]any) {
					ids = append(ids, u.(map[string]any)["id"].(string))
				}
				body, _ := json.Marshal(map[string]any{"query": `query($id: ID!) { node(id: $id) { id ... on OrgUnit { name code } } }`, "variables": map[string]any{"id": ids[len(ids)-1]}})
				if lookup == "nodes" { // all 8 units with their parents in one request
					body, _ = json.Marshal(map[string]any{"query": `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on OrgUnit { name code parent { name } } } }`, "variables": map[string]any{"ids": ids}})
				}
				return func(b *testing.B) { benchHTTP(b, s, token, body) }
			})
		})
	}
}

// benchOrders takes and releases n orders as the demo agent and returns their waybills.
func benchOrders(b *testing.B, s *testServer, token string, n int) []string {
	b.Helper()
	var waybills []string
	for i := 0; i < n; i++ {
		o := s.releaseOrder(token, s.intake(token, orderInput()))
		waybills = append(waybills, o["waybillNo"].(string))
	}
	return waybills
}

// BenchmarkTrackingIngest records batches of 1,000 tracking events (the most a scanner or
// partner may send at once), as hubs would: each batch scans 1,000 different parcels once,
// and each batch moves every parcel one step further, so parcels gather a life-like number
// of events. "writers-1" is one scanner sending batch after batch; "writers-4" is four
// hubs sending at once, each for its own parcels, as the national network does. Reports
// events per second through the service (each batch is one committed transaction).
func BenchmarkTrackingIngest(b *testing.B) {
	batches := 0 // event keys stay unique across the rounds Go runs
	for _, writers := range []int{1, 4} {
		b.Run(fmt.Sprintf("writers-%d", writers), func(b *testing.B) {
			benchDatabases(b, func(b *testing.B, s *testServer) func(*testing.B) {
				token, _ := s.login("CS1001")
				ctx := identity.WithPrincipal(context.Background(), mustVerifyB(b, s, token))
				parcels := make([][]string, writers)
				for w := range parcels {
					parcels[w] = benchParcels(b, s, ctx, 1000)
				}
				statuses := []tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub, tracking.InTransit}
				base := time.Now().Add(-24 * time.Hour)
				return func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						batches++
						var wg sync.WaitGroup
						for w, waybills := range parcels {
							batch := make([]tracking.EventInput, len(waybills))
							for j, wb := range waybills {
								batch[j] = tracking.EventInput{EventKey: fmt.Sprintf("bench-%d-%d-%d", batches, w, j), WaybillNo: wb,
									Status: statuses[batches%len(statuses)], OccurredAt: base.Add(time.Duration(batches) * time.Second),
									Place: "上海转运中心", ScannedBy: "PDA-BENCH"}
							}
							wg.Go(func() {
								if _, err := s.app.Tracking.RecordEvents(ctx, batch); err != nil {
									b.Error(err)
								}
							})
						}
						wg.Wait()
					}
					b.ReportMetric(float64(b.N*writers*1000)/b.Elapsed().Seconds(), "events/s")
				}
			})
		})
	}
}

// benchParcels takes, verifies and releases n orders and returns their waybill numbers,
// four at a time (PostgreSQL runs them side by side; SQLite queues them), so that
// preparing the ingest benchmark's thousands of parcels takes less of make bench-side.
func benchParcels(b *testing.B, s *testServer, ctx context.Context, n int) []string {
	waybills := make([]string, n)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += len(errs) {
				o, _, err := s.app.Orders.Intake(ctx, key(), benchIntake())
				if err != nil {
					errs[w] = err
					return
				}
				out, _, err := s.app.Orders.Verify(ctx, key(), o.ID, o.Version, order.Elements, "核实")
				if err != nil {
					errs[w] = err
					return
				}
				if _, _, err := s.app.Orders.Release(ctx, key(), o.ID, out.Order.Version); err != nil {
					errs[w] = err
					return
				}
				waybills[i] = o.WaybillNo
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	return waybills
}

// benchIntake is a valid order for benchmarks.
func benchIntake() order.IntakeInput {
	return order.IntakeInput{
		Consignor: order.Party{Name: "陈先生", Phone: "13812345678", Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号"},
		Consignee: order.Party{Name: "刘女士", Phone: "13912345678", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 200 号"},
		Goods:     order.GoodsInput{Name: "服装", Quantity: 1, WeightKg: 1, VolumeM3: 0.01},
		Service:   order.Standard,
	}
}

// benchTrackedOrder takes and releases an order with three tracking events and returns
// its waybill number.
func benchTrackedOrder(b *testing.B, s *testServer, token string) string {
	wb := benchOrders(b, s, token, 1)[0]
	events := []any{}
	for i, st := range []string{"PICKED_UP", "IN_TRANSIT", "ARRIVED_AT_HUB"} {
		events = append(events, ev(fmt.Sprintf("bench-wb-%d-%s", i, wb), wb, st, time.Now().Add(time.Duration(i-5)*time.Hour)))
	}
	s.post(recordEvents, map[string]any{"events": events}, withToken(token)).must(b)
	return wb
}

// BenchmarkOrderByWaybill looks an order up by waybill with its timeline over HTTP.
func BenchmarkOrderByWaybill(b *testing.B) {
	benchDatabases(b, func(b *testing.B, s *testServer) func(*testing.B) {
		token, _ := s.login("CS1001")
		wb := benchTrackedOrder(b, s, token)
		body, _ := json.Marshal(map[string]any{"query": `query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo milestone expectedArrival
			trackingEvents { status occurredAt place } consignee { city phoneMasked } } }`, "variables": map[string]any{"w": wb}})
		return func(b *testing.B) { benchHTTP(b, s, token, body) }
	})
}

func mustVerifyB(b *testing.B, s *testServer, tok string) *identity.Principal {
	p, err := s.app.Identity.Tokens.Verify(tok)
	if err != nil {
		b.Fatal(err)
	}
	return p
}
