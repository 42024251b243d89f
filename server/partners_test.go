package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/expresscs/cs/internal/partner"
)

const issueToken = `mutation($id: String!, $secret: String!) { issuePartnerToken(input: {clientId: $id, clientSecret: $secret}) { accessToken } }`

const createClient = `mutation($in: CreatePartnerClientInput!) { createPartnerClient(input: $in) {
  clientSecret client { id clientId scopes active budgetPerMinute persistedOperationsOnly } } }`

// partnerToken exchanges credentials; it returns the result for refusals.
func (s *testServer) partnerToken(id, secret string) (string, *gqlResult) {
	r := s.post(issueToken, map[string]any{"id": id, "secret": secret})
	tok, _ := r.path("issuePartnerToken", "accessToken").(string)
	return tok, r
}

// newClient creates a partner client as the admin and returns its global id and secret.
func (s *testServer) newClient(admin string, in map[string]any) (string, string) {
	s.t.Helper()
	r := s.post(createClient, map[string]any{"in": with(in, key(), "idempotencyKey")}, withToken(admin)).must(s.t)
	return r.path("createPartnerClient", "client", "id").(string), r.path("createPartnerClient", "clientSecret").(string)
}

func TestPartnerClientAdministration(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		s.app.Partners.AdmissionTTL = time.Hour // revocation must not wait for the cache on this instance

		refusals := []struct {
			name string
			tok  string
			in   map[string]any
			code string
		}{
			{"an agent may not create clients", agent, map[string]any{"name": "x", "clientId": "x-1", "scopes": []string{"orders:read"}}, "FORBIDDEN"},
			{"an unknown scope is refused", admin, map[string]any{"name": "x", "clientId": "x-1", "scopes": []string{"orders:delete"}}, "PARTNER_SCOPE_UNKNOWN"},
			{"no scope is refused", admin, map[string]any{"name": "x", "clientId": "x-1", "scopes": []string{}}, "BAD_USER_INPUT"},
			{"a malformed client id is refused", admin, map[string]any{"name": "x", "clientId": "X Y", "scopes": []string{"orders:read"}}, "BAD_USER_INPUT"},
			{"a budget below 100 is refused", admin, map[string]any{"name": "x", "clientId": "x-1", "scopes": []string{"orders:read"}, "budgetPerMinute": 5}, "BAD_USER_INPUT"},
			{"a client id in use is a conflict", admin, map[string]any{"name": "x", "clientId": "demo-mall", "scopes": []string{"orders:read"}}, "CONFLICT"},
		}
		for _, c := range refusals {
			if r := s.post(createClient, map[string]any{"in": with(c.in, key(), "idempotencyKey")}, withToken(c.tok)); r.Code() != c.code {
				t.Errorf("%s: got %s: %s", c.name, r.Code(), r.Raw)
			}
		}

		id, secret := s.newClient(admin, map[string]any{"name": "顺路物流", "clientId": "carrier-9", "scopes": []string{"tracking:read", "orders:read", "orders:read"}})
		tok, r := s.partnerToken("carrier-9", secret)
		if tok == "" {
			t.Fatalf("the new secret works: %s", r.Raw)
		}
		if r := s.post(`{ partnerClients { clientId scopes active } }`, nil, withToken(admin)).must(t); !strings.Contains(r.Raw, `"clientId":"carrier-9","scopes":["orders:read","tracking:read"],"active":true`) {
			t.Errorf("list shows the client with its scopes once each: %s", r.Raw)
		}
		if r := s.post(`{ partnerClients { id } }`, nil, withToken(tok)); r.Code() != "FORBIDDEN" {
			t.Errorf("a partner may not list clients: %s", r.Raw)
		}

		// Rotation: the old secret stops working, the new one works.
		r = s.post(`mutation($id: ID!, $k: String!) { rotatePartnerClientSecret(input: {id: $id, idempotencyKey: $k}) { clientSecret client { secretRotatedAt } } }`, map[string]any{"id": id, "k": key()}, withToken(admin)).must(t)
		newSecret := r.path("rotatePartnerClientSecret", "clientSecret").(string)
		if _, r := s.partnerToken("carrier-9", secret); r.Code() != "INVALID_CREDENTIALS" {
			t.Errorf("the old secret after rotation: %s", r.Raw)
		}
		tok2, r := s.partnerToken("carrier-9", newSecret)
		if tok2 == "" {
			t.Fatalf("the rotated secret works: %s", r.Raw)
		}

		// Revocation: tokens already issued are refused, and no new token is issued.
		if r := s.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(tok2)); r.Status != http.StatusOK {
			t.Fatalf("before revocation: %s", r.Raw)
		}
		s.post(`mutation($id: ID!) { revokePartnerClient(input: {id: $id, idempotencyKey: "revoke-carrier-9"}) { client { active revokedAt } } }`, map[string]any{"id": id}, withToken(admin)).must(t)
		for _, tk := range []string{tok, tok2} {
			r := s.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(tk))
			if r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" || r.Errors[0].Extensions["reason"] != "CLIENT_REVOKED" {
				t.Errorf("a revoked client's token: %d %s", r.Status, r.Raw)
			}
		}
		if _, r := s.partnerToken("carrier-9", newSecret); r.Code() != "INVALID_CREDENTIALS" {
			t.Errorf("a revoked client gets no token: %s", r.Raw)
		}
	})
}

func TestPartnerBudgetsScopesAndFloods(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		now := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
		s.app.Partners.Now = func() time.Time { return now }
		s.newClient(admin, map[string]any{"name": "小站", "clientId": "station-7", "scopes": []string{"orders:read"}, "budgetPerMinute": 600})
		_, other := s.newClient(admin, map[string]any{"name": "别家", "clientId": "other-1", "scopes": []string{"orders:read", "tracking:read"}})
		_ = other
		tok, _ := s.partnerToken("station-7", mustSecret(t, s, admin, "station-7"))

		// Each request reports its cost and what is left of the budget.
		q := `{ orders(first: 100) { edges { node { waybillNo } } } }` // cost 1 + 100 × 2 + … ≈ 300
		r := s.post(q, nil, withToken(tok)).must(t)
		cost := r.Extensions["cost"].(map[string]any)
		requested, remaining := int(cost["requested"].(float64)), int(cost["remaining"].(float64))
		if cost["budgetPerMinute"].(float64) != 600 || remaining != 600-requested || requested < 100 {
			t.Fatalf("extensions.cost after one request: %v", cost)
		}
		// Spend the rest; the request that does not fit is refused before it runs.
		var refused *gqlResult
		for i := 0; i < 5 && refused == nil; i++ {
			if r := s.post(q, nil, withToken(tok)); r.Status == http.StatusTooManyRequests {
				refused = r
			}
		}
		if refused == nil || refused.Code() != "THROTTLED" || refused.Header.Get("Retry-After") == "" || refused.Data != nil {
			t.Fatalf("an exhausted budget is 429 THROTTLED with Retry-After and no data: %+v", refused)
		}
		wait := refused.Errors[0].Extensions["retryAfterSeconds"].(float64)
		if fmt.Sprint(wait) != refused.Header.Get("Retry-After") || wait < 1 || wait > 60 {
			t.Errorf("retryAfterSeconds %v vs Retry-After %q", wait, refused.Header.Get("Retry-After"))
		}
		// Waiting as told refills enough.
		now = now.Add(time.Duration(wait) * time.Second)
		if r := s.post(q, nil, withToken(tok)); r.Status != http.StatusOK || len(r.Errors) > 0 {
			t.Errorf("after Retry-After the request runs: %d %s", r.Status, r.Raw)
		}
		// Staff are not budgeted: the same query many times never throttles.
		for i := 0; i < 5; i++ {
			sr := s.post(q, nil, withToken(agent))
			if sr.Status != http.StatusOK {
				t.Fatalf("staff request %d: %d", i, sr.Status)
			}
			if _, ok := sr.Extensions["cost"].(map[string]any)["remaining"]; ok {
				t.Fatalf("staff see no budget: %v", r.Extensions)
			}
		}

		// A scope it lacks: FORBIDDEN with nothing leaked.
		if r := s.post(`mutation { createWebhookEndpoint(input: {idempotencyKey: "no-scope-hook-1", url: "https://example.com/h", events: [DELIVERED]}) { signingSecret } }`, nil, withToken(tok)); r.Code() != "FORBIDDEN" || r.path("createWebhookEndpoint") != nil {
			t.Errorf("no webhooks scope: %s", r.Raw)
		}

		// Another partner's order through node is null, like a missing one.
		own := s.intake(agent, with(orderInput(), "other-1", "partnerClientId"))
		otherTok, _ := s.partnerToken("other-1", other)
		if r := s.post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": own["id"]}, withToken(otherTok)).must(t); r.path("node") == nil {
			t.Fatalf("the owner sees its order through node: %s", r.Raw)
		}
		now = now.Add(time.Minute)
		if r := s.post(`query($id: ID!) { node(id: $id) { id ... on Order { waybillNo } } nodes(ids: [$id]) { id } }`, map[string]any{"id": own["id"]}, withToken(tok)); r.path("node") != nil ||
			r.path("nodes").([]any)[0] != nil || strings.Contains(r.Raw, own["waybillNo"].(string)) || len(r.Errors) != 2 || r.Code() != "NOT_FOUND" {
			t.Errorf("another partner's order through node/nodes is null with NOT_FOUND: %s", r.Raw)
		}

		// 200 aliases of a costly field are refused by the complexity limit before running.
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < 200; i++ {
			fmt.Fprintf(&b, " a%d: orders(first: 100) { totalCount }", i)
		}
		b.WriteString(" }")
		if r := s.post(b.String(), nil, withToken(otherTok)); r.Code() != "QUERY_TOO_COMPLEX" || r.Statements > 1 { // at most the client's admission look-up
			t.Errorf("alias flood: %s (%d statements)", r.Code(), r.Statements)
		}
	})
}

// mustSecret rotates a client's secret to learn it (tests create clients through the API).
func mustSecret(t testing.TB, s *testServer, admin, clientID string) string {
	t.Helper()
	r := s.post(`{ partnerClients { id clientId } }`, nil, withToken(admin)).must(t)
	for _, c := range r.path("partnerClients").([]any) {
		if m := c.(map[string]any); m["clientId"] == clientID {
			return s.post(`mutation($id: ID!, $k: String!) { rotatePartnerClientSecret(input: {id: $id, idempotencyKey: $k}) { clientSecret } }`, map[string]any{"id": m["id"], "k": key()}, withToken(admin)).
				must(t).path("rotatePartnerClientSecret", "clientSecret").(string)
		}
	}
	t.Fatalf("no client %s", clientID)
	return ""
}

func TestPersistedOperations(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		id, secret := s.newClient(admin, map[string]any{"name": "商城", "clientId": "shop-3", "scopes": []string{"orders:read"}})
		tok, _ := s.partnerToken("shop-3", secret)
		doc := `query Recent { orders(first: 5) { totalCount } }`
		reg := `mutation($name: String!, $doc: String!, $k: String!) { registerPersistedOperation(input: {idempotencyKey: $k, name: $name, document: $doc}) { operation { id sha256Hash name } } }`
		r := s.post(reg, map[string]any{"name": "recent", "doc": doc, "k": key()}, withToken(tok)).must(t)
		opID := r.path("registerPersistedOperation", "operation", "sha256Hash").(string)
		if opID != partner.OperationID(doc) {
			t.Fatalf("the id is the document's SHA-256: %s", opID)
		}
		if r := s.post(reg, map[string]any{"name": "bad", "doc": `{ noSuchField }`, "k": key()}, withToken(tok)); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("a document the schema refuses: %s", r.Raw)
		}
		byID := func(hash string) *gqlResult {
			body, _ := json.Marshal(map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}})
			return s.raw(body, withToken(tok))
		}
		if r := byID(opID).must(t); r.path("orders", "totalCount") == nil {
			t.Errorf("run by id: %s", r.Raw)
		}
		// Restricted to registered operations: ad-hoc documents are refused, ids still run.
		s.post(`mutation($id: ID!) { updatePartnerClient(input: {idempotencyKey: "restrict-shop-3", id: $id, name: "商城", scopes: ["orders:read"], persistedOperationsOnly: true}) { client { persistedOperationsOnly } } }`,
			map[string]any{"id": id}, withToken(admin)).must(t)
		s.app.Partners.AdmissionTTL = time.Nanosecond
		if r := s.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(tok)); r.Code() != "PERSISTED_OPERATION_REQUIRED" || r.Data != nil {
			t.Errorf("ad-hoc document from a restricted client: %s", r.Raw)
		}
		if r := byID(partner.OperationID("{ me { id } }")); r.Code() != "PERSISTED_QUERY_NOT_FOUND" {
			t.Errorf("an unregistered id: %s", r.Raw)
		}
		if r := byID(opID).must(t); r.path("orders", "totalCount") == nil {
			t.Errorf("a restricted client runs its registered operation: %s", r.Raw)
		}
		if r := s.post(doc, nil, withToken(tok)).must(t); r.path("orders") == nil {
			t.Errorf("sending the registered document itself is allowed: %s", r.Raw)
		}
	})
}

// receiver is a partner's webhook endpoint: it verifies every delivery with the official
// Standard Webhooks library (not our code), checks the deprecated X-CS-Signature too
// while it is still sent, refuses old timestamps and repeated event ids, and records
// what it accepted.
type receiver struct {
	secret   string
	mu       sync.Mutex
	accepted map[string]int
	requests []*http.Request
	bodies   [][]byte
	failNext int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests, rc.bodies = append(rc.requests, r.Clone(r.Context())), append(rc.bodies, body)
	if rc.failNext > 0 {
		rc.failNext--
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	wh, err := standardwebhooks.NewWebhook(rc.secret)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err := wh.Verify(body, r.Header); err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	legacy := hmac.New(sha256.New, []byte(rc.secret))
	legacy.Write([]byte(r.Header.Get("X-CS-Timestamp") + "."))
	legacy.Write(body)
	if r.Header.Get("X-CS-Signature") != "v1="+hex.EncodeToString(legacy.Sum(nil)) ||
		r.Header.Get("X-CS-Event-Id") != r.Header.Get("webhook-id") || r.Header.Get("X-CS-Timestamp") != r.Header.Get("webhook-timestamp") {
		http.Error(w, "the deprecated X-CS-* headers disagree", http.StatusUnauthorized)
		return
	}
	id := r.Header.Get("webhook-id")
	if rc.accepted[id] > 0 {
		http.Error(w, "event already processed", http.StatusConflict)
		return
	}
	rc.accepted[id]++
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.accepted)
}

func TestWebhooksSignedDurableRetriedReplayable(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		_, secret := s.newClient(admin, map[string]any{"name": "挂钩商城", "clientId": "hook-1",
			"scopes": []string{"orders:read", "tracking:read", "tracking:write", "webhooks"}})
		tok, _ := s.partnerToken("hook-1", secret)
		rc := &receiver{accepted: map[string]int{}}
		srv := httptest.NewServer(rc) // listens on 127.0.0.1
		defer srv.Close()

		createEP := `mutation($url: String!, $ev: [WebhookEvent!]!, $k: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: $url, events: $ev}) { signingSecret endpoint { id events } } }`
		if r := s.post(createEP, map[string]any{"url": "ftp://example.com/x", "ev": []string{"DELIVERED"}, "k": key()}, withToken(tok)); r.Code() != "WEBHOOK_URL_INVALID" {
			t.Errorf("a non-http URL: %s", r.Raw)
		}
		r := s.post(createEP, map[string]any{"url": srv.URL + "/hooks", "ev": []string{"TRACKING_UPDATED", "DELIVERED"}, "k": key()}, withToken(tok)).must(t)
		rc.secret = r.path("createWebhookEndpoint", "signingSecret").(string)
		epID := r.path("createWebhookEndpoint", "endpoint", "id").(string)

		o := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "hook-1", "partnerClientId")))
		wb := o["waybillNo"].(string)
		t0 := time.Now().Add(-time.Hour)

		// Enqueued in the event's transaction; the job client stops before it can send and a
		// new one (a restarted server) delivers it exactly once.
		ctx := t.Context()
		if err := s.app.Jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		s.post(recordEvents, map[string]any{"events": []any{ev("h-1", wb, "PICKED_UP", t0)}}, withToken(tok)).must(t)
		if err := s.app.Jobs.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.app.Jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.app.Jobs.Stop(ctx) }()
		waitFor(t, "first delivery", func() bool { return rc.count() == 1 })

		// A signed parcel is both a tracking update and a delivery; the first attempt of one
		// fails and River retries it with backoff, logging the attempt.
		rc.mu.Lock()
		rc.failNext = 1
		rc.mu.Unlock()
		s.post(recordEvents, map[string]any{"events": []any{ev("h-2", wb, "SIGNED", t0.Add(time.Minute), "signerName", "刘女士")}}, withToken(tok)).must(t)
		waitFor(t, "retried deliveries", func() bool { return rc.count() == 3 })

		deliveries := `query { webhookEndpoints { id recentDeliveries { id eventId event status attempts lastStatusCode nextRetryAt
  attemptLog { attempt statusCode error nextRetryAt } } } }`
		// The receiver counts a request before its answer reaches the worker, which then
		// records the outcome: wait for every delivery to be recorded as settled.
		waitFor(t, "deliveries recorded", func() bool {
			r = s.post(deliveries, nil, withToken(tok)).must(t)
			eps := r.path("webhookEndpoints").([]any)
			if len(eps) == 0 {
				return false
			}
			for _, x := range eps[0].(map[string]any)["recentDeliveries"].([]any) {
				if x.(map[string]any)["status"] == "PENDING" {
					return false
				}
			}
			return true
		})
		if r.Statements > 4 {
			t.Errorf("endpoints, deliveries and attempts took %d statements; want one per level", r.Statements)
		}
		list := r.path("webhookEndpoints").([]any)[0].(map[string]any)["recentDeliveries"].([]any)
		if len(list) != 3 {
			t.Fatalf("three deliveries: %s", r.Raw)
		}
		retried := 0
		for _, x := range list {
			d := x.(map[string]any)
			if d["status"] != "DELIVERED" {
				t.Errorf("every delivery ends delivered: %v", d)
			}
			if d["attempts"].(float64) == 2 {
				retried++
				first := d["attemptLog"].([]any)[0].(map[string]any)
				if first["statusCode"].(float64) != 503 || first["nextRetryAt"] == nil || first["error"] == nil {
					t.Errorf("the failed attempt is logged with its next retry: %v", first)
				}
			}
		}
		if retried != 1 {
			t.Errorf("one delivery needed a retry: %s", r.Raw)
		}

		// Receiver side: a captured request sent again is refused (repeated event id), and a
		// correctly signed request with a timestamp older than 5 minutes is refused.
		rc.mu.Lock()
		captured, body := rc.requests[0], rc.bodies[0]
		rc.mu.Unlock()
		resend := func(sig string, ts time.Time, body []byte) int {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/hooks", bytes.NewReader(body))
			req.Header = captured.Header.Clone()
			if sig != "" {
				req.Header.Set("webhook-signature", sig)
				req.Header.Set("webhook-timestamp", fmt.Sprint(ts.Unix()))
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if code := resend("", time.Time{}, body); code != http.StatusConflict {
			t.Errorf("a replayed request: %d", code)
		}
		id := captured.Header.Get("webhook-id")
		sign := func(secret string, ts time.Time, body []byte) string {
			wh, err := standardwebhooks.NewWebhook(secret)
			if err != nil {
				t.Fatal(err)
			}
			sig, err := wh.Sign(id, ts, body)
			if err != nil {
				t.Fatal(err)
			}
			return sig
		}
		old := time.Now().Add(-6 * time.Minute)
		if code := resend(sign(rc.secret, old, body), old, body); code != http.StatusUnauthorized {
			t.Errorf("an old timestamp: %d", code)
		}
		if code := resend(sign(partner.NewSigningSecret(), time.Now(), body), time.Now(), body); code != http.StatusUnauthorized {
			t.Errorf("a wrong signature: %d", code)
		}
		tampered := bytes.Replace(body, []byte(wb), []byte("SD000000000CN"), 1)
		sentAt, _ := strconv.ParseInt(captured.Header.Get("webhook-timestamp"), 10, 64)
		if code := resend(captured.Header.Get("webhook-signature"), time.Unix(sentAt, 0), tampered); code != http.StatusUnauthorized {
			t.Errorf("a tampered body with the original signature: %d", code)
		}

		// The partner replays a delivery its system lost: same event id, fresh signature.
		var firstID, firstEvent string
		for _, x := range list {
			d := x.(map[string]any)
			if d["event"] == "TRACKING_UPDATED" && d["attempts"].(float64) == 1 {
				firstID, firstEvent = d["id"].(string), d["eventId"].(string)
			}
		}
		rc.mu.Lock()
		delete(rc.accepted, firstEvent)
		rc.mu.Unlock()
		replay := `mutation($id: ID!, $k: String!) { replayWebhookDelivery(input: {idempotencyKey: $k, id: $id}) { delivery { status } } }`
		if r := s.post(replay, map[string]any{"id": firstID, "k": key()}, withToken(tok)).must(t); r.path("replayWebhookDelivery", "delivery", "status") != "PENDING" {
			t.Errorf("replay queues the delivery: %s", r.Raw)
		}
		waitFor(t, "replayed delivery", func() bool {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			return rc.accepted[firstEvent] == 1
		})

		// Another partner cannot replay or list it.
		_, s2 := s.newClient(admin, map[string]any{"name": "别家", "clientId": "hook-2", "scopes": []string{"webhooks"}})
		tok2, _ := s.partnerToken("hook-2", s2)
		if r := s.post(replay, map[string]any{"id": firstID, "k": key()}, withToken(tok2)); r.Code() != "NOT_FOUND" {
			t.Errorf("another partner's delivery: %s", r.Raw)
		}
		if r := s.post(`mutation($id: ID!) { disableWebhookEndpoint(input: {idempotencyKey: "disable-other-1", id: $id}) { endpoint { active } } }`, map[string]any{"id": epID}, withToken(tok2)); r.Code() != "NOT_FOUND" {
			t.Errorf("another partner's endpoint: %s", r.Raw)
		}
	})
}

// waitFor polls cond for up to 20 seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
