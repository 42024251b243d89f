package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/order"
)

// The database is stopped for real (a private cluster of this test: the machine's shared
// one is not touched): every request answers UNAVAILABLE with 503 and Retry-After, in
// the caller's language (a signed photo link too), and the server recovers by itself
// when the database is back.
func TestDatabaseDownAnswersUnavailableAndRecovers(t *testing.T) {
	c := dbtest.PrivatePostgres(t)
	d, err := db.Open(context.Background(), db.Config{URL: c.URL()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, d)
	access, _ := s.login("CS1001")
	s.post(`{ me { name } }`, nil, withToken(access)).must(t)
	partner, r := s.partnerToken(demo.PartnerClientID, s.secret)
	r.must(t)

	c.Stop()
	requests := []struct {
		name  string
		query string
		vars  map[string]any
		opts  []reqOpt
	}{
		{"a staff query", `{ me { name } }`, nil, []reqOpt{withToken(access)}},
		{"a login", loginMutation, map[string]any{"no": "CS1002", "pw": demo.Password}, nil},
		{"a partner's query", `{ orders(first: 5) { totalCount } }`, nil, []reqOpt{withToken(partner)}},
		{"the public look-up", `query($w: String!) { customerTracking(waybillNo: $w, phoneLast4: "1234") { status } }`, map[string]any{"w": order.NewWaybillNo()}, nil},
	}
	for _, req := range requests {
		t.Run(req.name, func(t *testing.T) {
			for _, lang := range []string{"zh-CN", "en"} {
				r := s.post(req.query, req.vars, append(req.opts, withHeader("Accept-Language", lang))...)
				if r.Status != http.StatusServiceUnavailable || r.Code() != "UNAVAILABLE" {
					t.Fatalf("got %d %s", r.Status, r.Raw)
				}
				if r.Header.Get("Retry-After") == "" || r.Errors[0].Extensions["retryAfterSeconds"] == nil {
					t.Errorf("no Retry-After: %v %s", r.Header, r.Raw)
				}
				if lang == "en" && !strings.Contains(r.Errors[0].Message, "unavailable") || lang == "zh-CN" && !strings.Contains(r.Errors[0].Message, "暂时不可用") {
					t.Errorf("%s message: %q", lang, r.Errors[0].Message)
				}
				if strings.Contains(r.Raw, "INTERNAL") || strings.Contains(r.Raw, "127.0.0.1") {
					t.Errorf("the answer blames us or shows the database: %s", r.Raw)
				}
			}
		})
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down: %d", rec.Code)
	}
	// A signed photo link cannot be looked up: UNAVAILABLE, not "no such photo".
	link, _ := s.app.Media.URL(&media.Photo{ID: "0193a3f2-7c1e-7b1a-9f00-000000000001"})
	rec = httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link, nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"code":"UNAVAILABLE"`) || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), `"retryAfterSeconds":`) || strings.Contains(rec.Body.String(), "127.0.0.1") {
		t.Errorf("a photo link with the database down: %d %v %s", rec.Code, rec.Header(), rec.Body.String())
	}

	c.Start()
	waitFor(t, "the server to recover by itself", func() bool {
		r := s.post(`{ me { name } }`, nil, withToken(access))
		return r.Status == http.StatusOK && len(r.Errors) == 0
	})
}
