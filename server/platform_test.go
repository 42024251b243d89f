package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/expresscs/cs/internal/demo"
)

func TestNodeLookups(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS1001")
		me := s.post(`{ me { id depot { id name } superior { id } } }`, nil, withToken(access)).must(t)
		staffID := me.path("me", "id").(string)
		depotID := me.path("me", "depot", "id").(string)
		supID := me.path("me", "superior", "id").(string)

		r := s.post(`query($id: ID!) { node(id: $id) { id ... on Staff { name } } }`, map[string]any{"id": staffID}, withToken(access)).must(t)
		if r.path("node", "name") != "张伟" {
			t.Fatalf("node(Staff) = %s", r.Raw)
		}
		r = s.post(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on OrgUnit { name } ... on Staff { name } } }`,
			map[string]any{"ids": []string{depotID, supID, GlobalIDForTest("Staff", "01900000-0000-7000-8000-000000000000")}}, withToken(access)).must(t)
		nodes := r.Data["nodes"].([]any)
		if nodes[0].(map[string]any)["name"] != "上海浦东张江网点" || nodes[1].(map[string]any)["name"] != "王芳" || nodes[2] != nil {
			t.Fatalf("nodes = %s", r.Raw)
		}
		if r := s.post(`{ node(id: "not-an-id") { id } }`, nil, withToken(access)); r.Code() != "BAD_USER_INPUT" {
			t.Fatalf("bad id: %s", r.Raw)
		}
		if r := s.post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": staffID}); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous node: %s", r.Raw)
		}
		t.Run("a partner sees no staff or units through node", func(t *testing.T) {
			pr := s.post(`mutation($id: String!, $secret: String!) { issuePartnerToken(input: {clientId: $id, clientSecret: $secret}) { accessToken scopes } }`,
				map[string]any{"id": "demo-mall", "secret": s.secret}).must(t)
			ptok := pr.path("issuePartnerToken", "accessToken").(string)
			r := s.post(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{staffID, depotID}}, withToken(ptok))
			if r.Data["nodes"].([]any)[0] != nil || r.Data["nodes"].([]any)[1] != nil || len(r.Errors) != 2 || r.Code() != "NOT_FOUND" {
				t.Fatalf("partner saw staff, or no NOT_FOUND for each id: %s", r.Raw)
			}
			if r := s.post(`{ me { name } }`, nil, withToken(ptok)); r.Code() != "FORBIDDEN" {
				t.Fatalf("partner me: %s", r.Raw)
			}
			if r := s.post(`{ orgUnits { name } }`, nil, withToken(ptok)); r.Code() != "FORBIDDEN" {
				t.Fatalf("partner orgUnits: %s", r.Raw)
			}
		})
	})
}

func GlobalIDForTest(typ, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + key))
}

// The statement count of a list query must not grow with the list: every related row
// comes through a dataloader.
func TestNoNPlusOne(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS3000") // the regional manager reaches every depot's staff
		tok := withToken(access)
		tree := s.post(`{ orgUnits { id code kind parent { name } children { name } } }`, nil, tok).must(t)
		units := tree.Data["orgUnits"].([]any)
		if len(units) != 8 {
			t.Fatalf("want the 8 demo units, got %d", len(units))
		}
		// orgUnits, parents, children: three statements however many units there are (a
		// loader may split a level in two on a loaded machine; N+1 would cost 16 more).
		if tree.Statements > 5 {
			t.Errorf("orgUnits with parents and children ran %d statements, want at most 5", tree.Statements)
		}
		const list = `query($id: ID!) { node(id: $id) { ... on OrgUnit { staff(first: 100) { totalCount
			edges { node { name phoneMasked depot { name parent { name } } superior { name depot { name } } } } } } } }`
		counts := map[string]int64{}
		sizes := map[string]int{}
		for _, u := range units {
			unit := u.(map[string]any)
			if unit["kind"] != "DEPOT" {
				continue
			}
			r := s.post(list, map[string]any{"id": unit["id"]}, tok).must(t)
			counts[unit["code"].(string)] = r.Statements
			sizes[unit["code"].(string)] = int(r.path("node", "staff", "totalCount").(float64))
		}
		if sizes["SH-PD-01"] == sizes["HZ-XH-01"] {
			t.Fatalf("depots of different sizes needed: %v", sizes)
		}
		for code, n := range counts {
			// One statement per level, never per row: node, page, count, depots, their
			// parents, superiors, superiors' depots (cached when they are the same). With
			// N+1 the 9-person depot alone would run more than 20.
			if n > 7 {
				t.Errorf("depot %s (%d staff) ran %d statements, want at most 7; all: %v", code, sizes[code], n, counts)
			}
		}
	})
}

func TestAttendanceIsIdempotent(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS1001")
		tok := withToken(access)
		const punch = `mutation($in: RecordAttendanceInput!) { recordAttendance(input: $in) { replayed punch { id kind occurredAt workDay } } }`
		at := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Second).Format(time.RFC3339)
		in := map[string]any{"idempotencyKey": "7f1c2d8e-0000-4000-8000-000000000001", "kind": "CLOCK_IN", "occurredAt": at}
		first := s.post(punch, map[string]any{"in": in}, tok).must(t)
		if first.path("recordAttendance", "replayed") != false {
			t.Fatal("first punch reported as a replay")
		}
		var wg sync.WaitGroup
		replays := make([]*gqlResult, 5)
		for i := range replays {
			wg.Add(1)
			go func(i int) { defer wg.Done(); replays[i] = s.post(punch, map[string]any{"in": in}, tok) }(i)
		}
		wg.Wait()
		for _, r := range replays {
			r.must(t)
			if r.path("recordAttendance", "replayed") != true || r.path("recordAttendance", "punch", "id") != first.path("recordAttendance", "punch", "id") {
				t.Fatalf("retry was not a replay of the first punch: %s", r.Raw)
			}
		}
		list := s.post(`{ myAttendance { id kind } }`, nil, tok).must(t)
		if n := len(list.Data["myAttendance"].([]any)); n != 1 {
			t.Fatalf("%d punches stored after 6 sends of one key, want 1", n)
		}
		cases := []struct{ name, key, kind, at, code string }{
			{"a key reused for a different punch is refused", "7f1c2d8e-0000-4000-8000-000000000001", "CLOCK_OUT", at, "IDEMPOTENCY_KEY_REUSED"},
			{"a punch in the future is refused", "7f1c2d8e-0000-4000-8000-000000000002", "CLOCK_OUT", time.Now().Add(time.Hour).UTC().Format(time.RFC3339), "ATTENDANCE_TIME_INVALID"},
			{"a punch older than 48 hours is refused", "7f1c2d8e-0000-4000-8000-000000000003", "CLOCK_OUT", time.Now().Add(-49 * time.Hour).UTC().Format(time.RFC3339), "ATTENDANCE_TIME_INVALID"},
			{"a short key is refused", "abc", "CLOCK_OUT", at, "BAD_USER_INPUT"},
			{"an unknown kind is refused", "7f1c2d8e-0000-4000-8000-000000000004", "CLOCK_SIDEWAYS", at, "GRAPHQL_VALIDATION_FAILED"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := s.post(punch, map[string]any{"in": map[string]any{"idempotencyKey": c.key, "kind": c.kind, "occurredAt": c.at}}, tok)
				if r.Code() != c.code {
					t.Fatalf("want %s: %s", c.code, r.Raw)
				}
			})
		}
		list = s.post(`{ myAttendance { id } }`, nil, tok).must(t)
		if n := len(list.Data["myAttendance"].([]any)); n != 1 {
			t.Fatalf("refused punches changed something: %d punches", n)
		}
		// Another person's key space is their own.
		other, _ := s.login("CS1002")
		s.post(punch, map[string]any{"in": in}, withToken(other)).must(t)
		if r := s.post(`{ myAttendance { id } }`, nil, tok).must(t); len(r.Data["myAttendance"].([]any)) != 1 {
			t.Fatal("another person's punch showed up in mine")
		}
	})
}

func TestRevealPhoneOverGraphQL(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		me := s.post(`{ me { id } }`, nil, withToken(agent)).must(t)
		const reveal = `mutation($id: ID!) { revealStaffPhone(input: {staffId: $id, reason: "排班联系"}) { phone staff { phoneMasked } } }`
		r := s.post(reveal, map[string]any{"id": me.path("me", "id")}, withToken(sup)).must(t)
		if r.path("revealStaffPhone", "phone") != "13812341001" || r.path("revealStaffPhone", "staff", "phoneMasked") != "138****1001" {
			t.Fatalf("reveal: %s", r.Raw)
		}
		other, _ := s.login("CS1002")
		if r := s.post(reveal, map[string]any{"id": me.path("me", "id")}, withToken(other)); r.Code() != "FORBIDDEN" {
			t.Fatalf("colleague reveal: %s", r.Raw)
		}
	})
}

func TestOperationsEndpoints(t *testing.T) {
	s := newTestServer(t, sqliteForTest(t))
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	if rec := get("/healthz"); rec.Code != 200 {
		t.Errorf("healthz %d", rec.Code)
	}
	if rec := get("/readyz"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "ready") {
		t.Errorf("readyz %d %s", rec.Code, rec.Body.String())
	}
	if rec := get("/healthz"); rec.Header().Get("X-Request-Id") == "" {
		t.Error("no request id")
	}

	t.Run("tokens verify against the published JWKS", func(t *testing.T) {
		access, _ := s.login("CS1001")
		var set struct {
			Keys []struct{ Kid, X, Alg, Kty, Crv string }
		}
		if err := json.Unmarshal(get("/.well-known/jwks.json").Body.Bytes(), &set); err != nil || len(set.Keys) == 0 {
			t.Fatalf("jwks: %v", err)
		}
		_, err := jwt.Parse(access, func(tok *jwt.Token) (any, error) {
			for _, k := range set.Keys {
				if k.Kid == tok.Header["kid"] && k.Alg == "EdDSA" && k.Crv == "Ed25519" {
					x, err := base64.RawURLEncoding.DecodeString(k.X)
					return ed25519.PublicKey(x), err
				}
			}
			return nil, jwt.ErrTokenUnverifiable
		}, jwt.WithValidMethods([]string{"EdDSA"}))
		if err != nil {
			t.Fatalf("token does not verify with the JWKS: %v", err)
		}
	})

	t.Run("metrics count operations, errors by code and statements", func(t *testing.T) {
		access, _ := s.login("CS1001")
		body := `{"query":"query Me { me { name } }"}`
		s.raw([]byte(body), withToken(access)).must(t)
		s.post(`{ me { name } }`, nil) // UNAUTHENTICATED
		text := get("/metrics").Body.String()
		for _, want := range []string{
			`cs_graphql_operation_duration_seconds_count{operation="Me"} 1`,
			`cs_graphql_errors_total{code="UNAUTHENTICATED"} 1`,
			`cs_sql_statements_per_request_count`,
			`go_sql_open_connections{db_name="writer"}`,
			`cs_http_requests_total{route="graphql",status="200"}`,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})

	t.Run("a request id sent by the client is kept", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		req.Header.Set("X-Request-Id", "phone-abc-12345")
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Header().Get("X-Request-Id") != "phone-abc-12345" {
			t.Errorf("request id = %q", rec.Header().Get("X-Request-Id"))
		}
	})
}

func TestPanicOutsideGraphQLIsAnInternalErrorAndTheServerLives(t *testing.T) {
	d := sqliteForTest(t)
	var logs strings.Builder
	log := slogTo(&logs)
	h := requestContext(log, newMetrics(d), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/boom" {
			panic("boom")
		}
		w.WriteHeader(204)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "INTERNAL") || strings.Contains(rec.Body.String(), "boom") {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
	id := rec.Header().Get("X-Request-Id")
	if id == "" || !strings.Contains(rec.Body.String(), id) || !strings.Contains(logs.String(), id) {
		t.Errorf("request id %q missing from body or log", id)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/fine", nil))
	if rec.Code != 204 {
		t.Errorf("after a panic: %d", rec.Code)
	}
}

func TestDemoDataGivesAWorkingDay(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		var out strings.Builder
		if err := s.app.seedDemo(t.Context(), func(f string, a ...any) { fmt.Fprintf(&out, f, a...) }); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "nothing loaded") {
			t.Fatalf("the harness already loaded the organisation; seedDemo must not load twice: %s", out.String())
		}
		if err := demo.LoadWorkday(t.Context(), demo.Workday{Identity: s.app.Identity, Roster: s.app.Roster, Orders: s.app.Orders,
			Tracking: s.app.Tracking, Tariffs: s.app.Tariffs, Reconcile: s.app.Reconcile, Zone: s.app.Cfg.zone, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		agent, _ := s.login("CS1001")
		tf := s.post(`{ tariffInEffect { name terms { zones { origin { city } } services { service } } } }`, nil, withToken(agent)).must(t)
		if n := len(tf.path("tariffInEffect", "terms", "services").([]any)); n != 3 || !strings.Contains(tf.Raw, "杭州市") {
			t.Fatalf("the demo tariff: %s", tf.Raw)
		}
		supervisor, _ := s.login("CS2001")
		stations := s.post(`{ consignmentStations { id name } }`, nil, withToken(supervisor)).must(t).path("consignmentStations").([]any)
		if len(stations) != 1 {
			t.Fatalf("demo stations: %v", stations)
		}
		sm := s.post(`query($s: ID!, $m: String!) { stationMonth(stationId: $s, month: $m) { undecided lines { status } } }`,
			map[string]any{"s": stations[0].(map[string]any)["id"], "m": time.Now().In(s.app.Cfg.zone).Format("2006-01")}, withToken(supervisor)).must(t)
		if sm.path("stationMonth", "undecided") != float64(3) {
			t.Fatalf("the demo station's month: %s", sm.Raw)
		}
		month := time.Now().In(s.app.Cfg.zone).Format("2006-01")
		r := s.post(`query($m: String!) { myShifts(month: $m) { day } }`, map[string]any{"m": month}, withToken(agent)).must(t)
		if n := len(r.Data["myShifts"].([]any)); n < 18 {
			t.Errorf("the demo agent has %d shifts this month", n)
		}
		orders := s.post(`{ orders(first: 20) { totalCount edges { node { state trackingStatus } } } }`, nil, withToken(agent)).must(t)
		if orders.path("orders", "totalCount") != 11.0 { // six walk-in customers' and five of the demo partner's
			t.Fatalf("demo orders: %s", orders.Raw)
		}
		statuses := map[any]bool{}
		for _, e := range orders.path("orders", "edges").([]any) {
			statuses[e.(map[string]any)["node"].(map[string]any)["trackingStatus"]] = true
		}
		if !statuses["SIGNED"] || !statuses["IN_TRANSIT"] {
			t.Errorf("demo orders should span the journey: %v", statuses)
		}
	})
}
