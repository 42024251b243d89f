package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/jobs"
	"github.com/expresscs/cs/internal/telemetry"
)

// cheapPasswords keeps argon2 fast in tests; production parameters are tested in
// the identity package.
var cheapPasswords = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

// quietLog discards what the code under test logs.
var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// testServer is the whole HTTP stack over a real, migrated, seeded database.
type testServer struct {
	t      testing.TB
	app    *App
	h      http.Handler
	hExact http.Handler // see exact
	secret string       // demo partner secret
	bus    *watchedBus  // counts the subscriptions clients open
}

func newTestServer(t testing.TB, d *db.DB) *testServer {
	t.Helper()
	return newTestServerWithBus(t, d, event.NewLocal(quietLog), t.TempDir())
}

// newTestServerWithBus builds the stack with a given event bus and key directory (several
// test servers on one PostgreSQL database and one key directory stand for several
// instances).
func newTestServerWithBus(t testing.TB, d *db.DB, bus event.Bus, keyDir string) *testServer {
	t.Helper()
	return newTestServerTraced(t, d, bus, keyDir, nil)
}

// newTestServerTraced builds the stack with tracing tr (nil: off, as by default).
func newTestServerTraced(t testing.TB, d *db.DB, bus event.Bus, keyDir string, tr *telemetry.Tracing) *testServer {
	t.Helper()
	cfg := &Config{Env: "development", Introspection: true, MaxBodyBytes: 1 << 20, MaxUploadBytes: 8 << 20, MaxPhotoBytes: 6 << 20, MaxPasswordChecks: identity.DefaultPasswordChecks,
		TimeZone: "Asia/Shanghai", KeyDir: keyDir, MediaDir: t.TempDir(),
		// Test receivers are httptest servers on 127.0.0.1; nothing else local is reachable.
		webhookAllow: "127.0.0.1/32"}
	if err := cfg.finish(); err != nil {
		t.Fatal(err)
	}
	cfg.Introspection = true
	keys, err := identity.OpenKeyring(cfg.KeyDir)
	if err != nil {
		t.Fatal(err)
	}
	log := quietLog
	watched := watchBus(bus)
	d.Trace(tr.Provider())
	app := &App{Cfg: cfg, Log: log, DB: d, Keys: keys, Events: watched, mediaSecret: []byte("test-secret-test-secret-test-sec"), Tracing: tr}
	app.wireServices()
	app.Identity.Password = cheapPasswords
	if _, err := jobs.Migrate(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if err := app.wireJobs(func() time.Time { return time.Now().UTC() }, true); err != nil {
		t.Fatal(err)
	}
	if err := app.Identity.FollowSessions(t.Context()); err != nil {
		t.Fatal(err)
	}
	res, err := demo.Load(context.Background(), app.Identity, cfg.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{t: t, app: app, h: newRouter(app, newMetrics(d)), secret: res.PartnerSecret, bus: watched}
}

// statementWait is the loaders' wait in tests that count statements: long enough that no
// loaded machine starts a sibling resolver after its level's batch has gone.
const statementWait = 250 * time.Millisecond

type exactKey struct{}

// exact sends one request through a handler whose loaders wait statementWait for keys,
// so its statement count does not depend on the machine's load. Each level of that
// query then takes that long; the requests around it (the writes that make more rows)
// keep the usual wait: with the long wait for every request, a test of 6 writes took
// seconds more.
func exact(r *http.Request) { *r = *r.WithContext(context.WithValue(r.Context(), exactKey{}, true)) }

// exactHandler is the handler exact requests go through, made at the first.
func (s *testServer) exactHandler() http.Handler {
	if s.hExact == nil {
		usual := s.app.loaderWait
		s.app.loaderWait = statementWait
		s.hExact = newRouter(s.app, newMetrics(s.app.DB))
		s.app.loaderWait = usual
	}
	return s.hExact
}

// eachServer runs fn against a test server on SQLite and on PostgreSQL.
func eachServer(t *testing.T, fn func(t *testing.T, s *testServer)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, newTestServer(t, d)) })
}

// gqlResult is a decoded GraphQL response plus what the HTTP layer said.
type gqlResult struct {
	Status     int
	Header     http.Header
	Data       map[string]any
	Errors     []gqlError
	Extensions map[string]any
	Statements int64
	Raw        string
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns the first error's code, or "".
func (r *gqlResult) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

type reqOpt func(*http.Request)

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }
func withToken(tok string) reqOpt   { return withHeader("Authorization", "Bearer "+tok) }

// post sends a GraphQL request and counts the SQL statements it ran.
func (s *testServer) post(query string, vars map[string]any, opts ...reqOpt) *gqlResult {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return s.raw(body, opts...)
}

func (s *testServer) raw(body []byte, opts ...reqOpt) *gqlResult {
	s.t.Helper()
	counter := &db.StatementCounter{}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req = req.WithContext(db.WithStatementCounter(req.Context(), counter))
	req.Header.Set("Content-Type", "application/json")
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	h := s.h
	if req.Context().Value(exactKey{}) != nil {
		h = s.exactHandler()
	}
	h.ServeHTTP(rec, req)
	out := &gqlResult{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.String(), Statements: counter.Count()}
	var decoded struct {
		Data       map[string]any `json:"data"`
		Errors     []gqlError     `json:"errors"`
		Extensions map[string]any `json:"extensions"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &decoded); err != nil {
		s.t.Fatalf("response is not JSON (%d): %s", rec.Code, rec.Body.String())
	}
	out.Data, out.Errors, out.Extensions = decoded.Data, decoded.Errors, decoded.Extensions
	return out
}

// must fails the test when the response has errors.
func (r *gqlResult) must(t testing.TB) *gqlResult {
	t.Helper()
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		t.Fatalf("unexpected errors (%d): %s", r.Status, r.Raw)
	}
	return r
}

// path digs into data: path("me", "depot", "name").
func (r *gqlResult) path(keys ...string) any {
	var cur any = r.Data
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

const loginMutation = `mutation($no: String!, $pw: String!, $d: RefreshTokenDelivery) {
  login(input: {employeeNo: $no, password: $pw, refreshTokenDelivery: $d}) {
    accessToken refreshToken accessTokenExpiresAt staff { id name }
  }
}`

// login returns an access token and refresh token for a demo account.
func (s *testServer) login(employeeNo string) (access, refresh string) {
	s.t.Helper()
	r := s.post(loginMutation, map[string]any{"no": employeeNo, "pw": demo.Password}).must(s.t)
	refresh, _ = r.path("login", "refreshToken").(string)
	return r.path("login", "accessToken").(string), refresh
}

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }
