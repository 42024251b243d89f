package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
)

// BenchmarkEdgeRefusedDocuments: what a refused document costs the server, through the
// whole handler (no database is touched before the refusal). 9,000 × __typename used to
// take seconds in validation; 4,900 unknown directives produced 9,799 errors.
func BenchmarkEdgeRefusedDocuments(b *testing.B) {
	s := newTestServer(b, dbtest.SQLite(b))
	s.app.Log = quietLog
	s.h = newRouter(s.app, newMetrics(s.app.DB))
	cases := []struct{ name, body string }{
		{"9000-typename", `{"query":"{ ` + strings.Repeat("__typename ", 9000) + `}"}`},
		{"4900-unknown-directives", `{"query":"{ __typename ` + strings.Repeat("@nope ", 4900) + `}"}`},
		{"100000-deep-variables", `{"query":"{ __typename }","variables":{"v":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}}`},
		{"10001-tokens", `{"query":"{ ` + strings.Repeat("a ", 10001) + `}"}`},
	}
	for _, c := range cases {
		body := []byte(c.body)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				s.h.ServeHTTP(rec, req)
				if rec.Code == http.StatusOK && !strings.Contains(rec.Body.String(), "QUERY_TOO") {
					b.Fatalf("not refused: %d %.200s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// BenchmarkEdgeMiddleware: what the edge adds to an ordinary request: request id and
// access log, security headers, the compressor's pass (a small answer is not
// compressed), the CSRF check and the caching headers, around a handler that writes a
// small JSON answer. Compare with "bare".
func BenchmarkEdgeMiddleware(b *testing.B) {
	d := dbtest.SQLite(b)
	m := newMetrics(d)
	log := quietLog
	answer := []byte(`{"data":{"me":{"name":"张伟"}}}`)
	inner := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
	})
	mux := http.NewServeMux()
	mux.Handle("/graphql", graphqlCaching(csrfGuard(inner)))
	before := http.NewServeMux()
	before.Handle("/graphql", inner)
	for _, c := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", inner},
		{"request-context-only", requestContext(log, m, before)},
		{"headers", securityHeaders(true, graphqlCaching(csrfGuard(inner)))},
		{"compression", compression(inner)},
		{"edge", requestContext(log, m, securityHeaders(true, compression(mux)))},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept-Encoding", "gzip, br")
			req.Header.Set("Authorization", "Bearer x")
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				c.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
