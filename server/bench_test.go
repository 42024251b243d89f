package main

import (
	"bytes"
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

func benchDatabases(b *testing.B, fn func(b *testing.B, s *testServer)) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var d *db.DB
			if name == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			fn(b, newTestServer(b, d))
		})
	}
}

func BenchmarkMe(b *testing.B) {
	benchDatabases(b, func(b *testing.B, s *testServer) {
		token, _ := s.login("CS1001")
		body, _ := json.Marshal(map[string]any{"query": `query Me { me { id employeeNo name roles phoneMasked depot { id name } superior { id name } } }`})
		benchHTTP(b, s, token, body)
	})
}

func BenchmarkNodeLookups(b *testing.B) {
	benchDatabases(b, func(b *testing.B, s *testServer) {
		token, _ := s.login("CS3001")
		units := s.post(`{ orgUnits { id } }`, nil, withToken(token)).must(b)
		var ids []string
		for _, u := range units.Data["orgUnits"].([]any) {
			ids = append(ids, u.(map[string]any)["id"].(string))
		}
		b.Run("node", func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": `query($id: ID!) { node(id: $id) { id ... on OrgUnit { name code } } }`, "variables": map[string]any{"id": ids[len(ids)-1]}})
			benchHTTP(b, s, token, body)
		})
		b.Run(fmt.Sprintf("nodes-%d", len(ids)), func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on OrgUnit { name code parent { name } } } }`, "variables": map[string]any{"ids": ids}})
			benchHTTP(b, s, token, body)
		})
	})
}
