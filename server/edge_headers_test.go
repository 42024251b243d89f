package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/expresscs/cs/internal/order"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	d := sqliteForTest(t)
	s := newTestServer(t, d)
	paths := []struct{ method, path, policy string }{
		{http.MethodGet, "/", "script-src 'self' 'wasm-unsafe-eval'"},
		{http.MethodGet, "/today", "script-src 'self' 'wasm-unsafe-eval'"},
		{http.MethodGet, "/graphql?query=" + url.QueryEscape("{ __typename }"), "default-src 'none'"},
		{http.MethodPost, "/graphql", "default-src 'none'"},
		{http.MethodGet, "/healthz", "default-src 'none'"},
		{http.MethodGet, "/readyz", "default-src 'none'"},
		{http.MethodGet, "/metrics", "default-src 'none'"},
		{http.MethodGet, "/.well-known/jwks.json", "default-src 'none'"},
		{http.MethodGet, "/media/photos/nope", "default-src 'none'"},
		{http.MethodGet, "/graphiql", "https://cdn.jsdelivr.net"},
	}
	check := func(t *testing.T, production bool) {
		for _, p := range paths {
			rec := s.send(p.method, p.path, "application/json", []byte(`{"query":"{ __typename }"}`))
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, p.policy) || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s %s: Content-Security-Policy %q", p.method, p.path, csp)
			}
			if strings.Contains(csp, "script-src 'self' 'wasm") && strings.Contains(csp, "unsafe-inline") {
				t.Errorf("the app's policy allows inline script: %q", csp)
			}
			for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
				if h.Get(k) != want {
					t.Errorf("%s %s: %s = %q", p.method, p.path, k, h.Get(k))
				}
			}
			if pp := h.Get("Permissions-Policy"); !strings.Contains(pp, "camera=(self)") || !strings.Contains(pp, "geolocation=(self)") {
				t.Errorf("%s %s: Permissions-Policy %q", p.method, p.path, pp)
			}
			if hsts := h.Get("Strict-Transport-Security"); production != strings.Contains(hsts, "max-age=") {
				t.Errorf("%s %s: HSTS %q in production=%v", p.method, p.path, hsts, production)
			}
		}
	}
	t.Run("development", func(t *testing.T) { check(t, false) })
	t.Run("production", func(t *testing.T) {
		s.app.Cfg.Env = "production"
		s.h = newRouter(s.app, newMetrics(d))
		paths = paths[:len(paths)-1] // no GraphiQL in production
		check(t, true)
	})
}

func TestGraphQLAnswersSayWhatCachesMayKeep(t *testing.T) {
	s := newTestServer(t, sqliteForTest(t))
	access, _ := s.login("CS1001")
	get := func(q string, opts ...reqOpt) http.Header {
		return s.send(http.MethodGet, "/graphql?query="+url.QueryEscape(q), "", nil, opts...).Header()
	}
	authed := get(`{ me { name } }`, withToken(access))
	if authed.Get("Cache-Control") != "private, no-store" {
		t.Errorf("authenticated: Cache-Control %q", authed.Get("Cache-Control"))
	}
	public := get(`{ customerTracking(waybillNo: "` + order.NewWaybillNo() + `", phoneLast4: "1234") { status } }`)
	if public.Get("Cache-Control") != "no-store" {
		t.Errorf("public look-up: Cache-Control %q", public.Get("Cache-Control"))
	}
	vary := strings.Join(authed.Values("Vary"), ", ")
	for _, v := range []string{"Authorization", "Accept", "Accept-Language", "Accept-Encoding"} {
		if !strings.Contains(vary, v) {
			t.Errorf("Vary %q lacks %s", vary, v)
		}
	}
}

func TestLargeAnswersAreCompressedAndStreamsAreNot(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS2001")
		body, _ := json.Marshal(map[string]any{"query": `{ orgUnits { id name kind children { id name } } }`})
		plain := s.send(http.MethodPost, "/graphql", "application/json", body, withToken(access))
		if plain.Code != 200 || plain.Body.Len() < 1024 || plain.Header().Get("Content-Encoding") != "" {
			t.Fatalf("uncompressed: %d, %d bytes, %q", plain.Code, plain.Body.Len(), plain.Header().Get("Content-Encoding"))
		}
		for _, enc := range []string{"gzip", "br"} {
			rec := s.send(http.MethodPost, "/graphql", "application/json", body, withToken(access), withHeader("Accept-Encoding", enc))
			if rec.Header().Get("Content-Encoding") != enc {
				t.Fatalf("%s: Content-Encoding %q", enc, rec.Header().Get("Content-Encoding"))
			}
			var r io.Reader = rec.Body
			if enc == "gzip" {
				zr, err := gzip.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				r = zr
			} else {
				r = brotli.NewReader(rec.Body)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, plain.Body.Bytes()) {
				t.Fatalf("%s does not decode to the same JSON: %v", enc, err)
			}
			if rec.Body.Len() >= plain.Body.Len() {
				t.Errorf("%s: %d bytes from %d", enc, rec.Body.Len(), plain.Body.Len())
			}
		}
		small := s.send(http.MethodPost, "/graphql", "application/json", []byte(`{"query":"{ __typename }"}`), withHeader("Accept-Encoding", "gzip"))
		if small.Header().Get("Content-Encoding") != "" {
			t.Errorf("a small answer was compressed")
		}

		// A subscription over server-sent events still streams event by event to a client
		// that accepts gzip.
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		wb := o["waybillNo"].(string)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		sub, _ := json.Marshal(map[string]any{"query": trackingSubscription, "variables": map[string]any{"w": wb}})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", bytes.NewReader(sub))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Accept-Encoding", "gzip, br")
		req.Header.Set("Authorization", "Bearer "+agent)
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "" {
			t.Fatalf("the stream is compressed: %q", resp.Header.Get("Content-Encoding"))
		}
		events := make(chan string, 4)
		go func() {
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
					events <- data
				}
			}
		}()
		waitFor(t, "the subscription to start", func() bool {
			s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent)).must(t)
			select {
			case data := <-events:
				return strings.Contains(data, "PICKED_UP")
			case <-time.After(500 * time.Millisecond):
				return false
			}
		})
	})
}

func TestThePWAIsServedBrotliOrGzip(t *testing.T) {
	s := newTestServer(t, sqliteForTest(t))
	index := s.send(http.MethodGet, "/", "", nil)
	if index.Code == http.StatusServiceUnavailable {
		t.Skip("PWA not built")
	}
	for _, c := range []struct{ accept, want string }{{"gzip", "gzip"}, {"br", "br"}, {"gzip, deflate, br", "br"}, {"br;q=0, gzip", "gzip"}, {"", ""}} {
		rec := s.send(http.MethodGet, "/", "", nil, withHeader("Accept-Encoding", c.accept))
		if rec.Header().Get("Content-Encoding") != c.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, rec.Header().Get("Content-Encoding"), c.want)
		}
		var r io.Reader = rec.Body
		switch c.want {
		case "gzip":
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		case "br":
			r = brotli.NewReader(rec.Body)
		}
		if got, _ := io.ReadAll(r); !bytes.Equal(got, index.Body.Bytes()) {
			t.Errorf("%s does not decode to index.html", c.want)
		}
	}
}
