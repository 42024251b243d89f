package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// partnerRecords is one partner's client, endpoint, delivery and operation ids.
type partnerRecords struct {
	client, endpoint, delivery, operation string
	token                                 string
}

// seedPartnerRecords creates a client with the webhooks scope, registers an operation
// and an endpoint, and has an agent record an event on one of its orders, which writes a
// delivery (no job client runs, so it stays pending).
func seedPartnerRecords(t *testing.T, s *testServer, admin, agent, clientID, url string) partnerRecords {
	t.Helper()
	var p partnerRecords
	var secret string
	p.client, secret = s.newClient(admin, map[string]any{"name": "节点商户 " + clientID, "clientId": clientID,
		"scopes": []string{"orders:read", "tracking:read", "webhooks"}})
	p.token, _ = s.partnerToken(clientID, secret)
	r := s.post(`mutation($k: String!) { registerPersistedOperation(input: {idempotencyKey: $k, name: "count", document: "{ orders(first: 1) { totalCount } }"}) { operation { id } } }`,
		map[string]any{"k": key()}, withToken(p.token)).must(t)
	p.operation = r.path("registerPersistedOperation", "operation", "id").(string)
	r = s.post(`mutation($k: String!, $u: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: $u, events: [TRACKING_UPDATED]}) { endpoint { id } } }`,
		map[string]any{"k": key(), "u": url}, withToken(p.token)).must(t)
	p.endpoint = r.path("createWebhookEndpoint", "endpoint", "id").(string)
	o := s.releaseOrder(agent, s.intake(agent, with(orderInput(), clientID, "partnerClientId")))
	s.post(recordEvents, map[string]any{"events": []any{ev(key(), o["waybillNo"].(string), "PICKED_UP", time.Now().Add(-time.Hour))}}, withToken(agent)).must(t)
	r = s.post(`{ webhookEndpoints { recentDeliveries { id } } }`, nil, withToken(p.token)).must(t)
	p.delivery = r.path("webhookEndpoints").([]any)[0].(map[string]any)["recentDeliveries"].([]any)[0].(map[string]any)["id"].(string)
	return p
}

const partnerNodes = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
  ... on PartnerClient { clientId }
  ... on WebhookEndpoint { url recentDeliveries { id } }
  ... on WebhookDelivery { eventId payload attemptLog { attempt } }
  ... on PersistedOperation { sha256Hash document } } }`

// errorPaths returns each error's code and path, as "CODE nodes.2".
func errorPaths(t *testing.T, r *gqlResult) []string {
	t.Helper()
	var out struct {
		Errors []struct {
			Path       []any          `json:"path"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range out.Errors {
		var p []string
		for _, x := range e.Path {
			p = append(p, fmt.Sprint(x))
		}
		paths = append(paths, fmt.Sprint(e.Extensions["code"], " ", strings.Join(p, ".")))
	}
	return paths
}

func TestPartnerRecordsAreNodesForTheirOwnerAndAdministrators(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		a := seedPartnerRecords(t, s, admin, agent, "node-a", "https://hooks.node-a.example/in")
		b := seedPartnerRecords(t, s, admin, agent, "node-b", "https://hooks.node-b.example/in")
		ids := []string{a.client, a.endpoint, a.delivery, a.operation}

		// The owner resolves all four, in one statement per type at most.
		r := s.post(partnerNodes, map[string]any{"ids": ids}, withToken(a.token)).must(t)
		nodes := r.path("nodes").([]any)
		for i, want := range []string{"PartnerClient", "WebhookEndpoint", "WebhookDelivery", "PersistedOperation"} {
			n, _ := nodes[i].(map[string]any)
			if n == nil || n["__typename"] != want || n["id"] != ids[i] {
				t.Fatalf("the owner resolves its %s: %s", want, r.Raw)
			}
		}
		if nodes[1].(map[string]any)["recentDeliveries"].([]any)[0].(map[string]any)["id"] != a.delivery {
			t.Errorf("the endpoint lists its delivery: %s", r.Raw)
		}
		if r.Statements > 10 {
			t.Errorf("four node types with deliveries and attempts took %d statements", r.Statements)
		}

		// Another partner: every one is null with NOT_FOUND at its index, and nothing of
		// them shows.
		r = s.post(partnerNodes, map[string]any{"ids": ids}, withToken(b.token))
		for i, n := range r.path("nodes").([]any) {
			if n != nil {
				t.Errorf("another partner resolved id %d: %s", i, r.Raw)
			}
		}
		if got := strings.Join(errorPaths(t, r), ", "); got != "NOT_FOUND nodes.0, NOT_FOUND nodes.1, NOT_FOUND nodes.2, NOT_FOUND nodes.3" {
			t.Errorf("another partner's ids: %s", got)
		}
		for _, leak := range []string{"node-a", "hooks.node-a", "totalCount", "PICKED_UP"} {
			if strings.Contains(r.Raw, leak) {
				t.Errorf("another partner's answer mentions %q: %s", leak, r.Raw)
			}
		}
		r = s.post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": a.operation}, withToken(b.token))
		if r.path("node") != nil || strings.Join(errorPaths(t, r), ",") != "NOT_FOUND node" {
			t.Errorf("another partner's operation through node: %s", r.Raw)
		}

		// A partner without the webhooks scope sees its own client and operations but not
		// its endpoints or deliveries.
		_, secret := s.newClient(admin, map[string]any{"name": "无回调", "clientId": "node-c", "scopes": []string{"orders:read"}})
		ctok, _ := s.partnerToken("node-c", secret)
		r = s.post(partnerNodes, map[string]any{"ids": ids}, withToken(ctok))
		if len(errorPaths(t, r)) != 4 {
			t.Errorf("a third partner sees nothing of another's: %s", r.Raw)
		}

		// An administrator resolves any partner's records; other staff resolve none (null,
		// as for staff everywhere).
		r = s.post(partnerNodes, map[string]any{"ids": []string{a.client, b.endpoint, b.delivery, a.operation}}, withToken(admin)).must(t)
		for i, n := range r.path("nodes").([]any) {
			if n == nil {
				t.Errorf("the administrator resolves id %d: %s", i, r.Raw)
			}
		}
		if got := r.path("nodes").([]any)[1].(map[string]any)["recentDeliveries"].([]any); len(got) != 1 {
			t.Errorf("the administrator sees an endpoint's deliveries: %s", r.Raw)
		}
		r = s.post(partnerNodes, map[string]any{"ids": []string{a.operation, b.operation, a.client, b.client}}, withToken(admin)).must(t)
		if nodes := r.path("nodes").([]any); nodes[0] == nil || nodes[1] == nil || nodes[0].(map[string]any)["id"] != a.operation || nodes[1].(map[string]any)["id"] != b.operation || nodes[3] == nil {
			t.Errorf("the administrator resolves two clients' operations in one batch: %s", r.Raw)
		}
		r = s.post(partnerNodes, map[string]any{"ids": ids}, withToken(agent)).must(t)
		for i, n := range r.path("nodes").([]any) {
			if n != nil {
				t.Errorf("an agent resolved partner record %d: %s", i, r.Raw)
			}
		}
	})
}

func TestPartnerMutationsReplayTheirFirstAnswer(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		ctx := context.Background()

		// Create: the replay returns the same client and no secret; one client exists.
		in := map[string]any{"idempotencyKey": "create-replay-1", "name": "重试商户", "clientId": "retry-1", "scopes": []string{"orders:read", "webhooks"}}
		first := s.post(createClient, map[string]any{"in": in}, withToken(admin)).must(t)
		again := s.post(createClient, map[string]any{"in": in}, withToken(admin)).must(t)
		secret, _ := first.path("createPartnerClient", "clientSecret").(string)
		clientID := first.path("createPartnerClient", "client", "id")
		if secret == "" || again.path("createPartnerClient", "client", "id") != clientID || again.path("createPartnerClient", "clientSecret") != nil {
			t.Fatalf("a replayed create: first %s, again %s", first.Raw, again.Raw)
		}
		if !strings.Contains(again.Raw, `"client":{"id"`) {
			t.Fatalf("the replay carries the client: %s", again.Raw)
		}
		if r := s.post(`mutation($in: CreatePartnerClientInput!) { createPartnerClient(input: $in) { replayed } }`, map[string]any{"in": in}, withToken(admin)).must(t); r.path("createPartnerClient", "replayed") != true {
			t.Errorf("the replay says so: %s", r.Raw)
		}
		other := with(in, "retry-2", "clientId")
		other["idempotencyKey"] = in["idempotencyKey"] // with() gives a fresh key
		if r := s.post(createClient, map[string]any{"in": other}, withToken(admin)); r.Code() != "IDEMPOTENCY_KEY_REUSED" {
			t.Errorf("the key reused for another client: %s", r.Raw)
		}
		if r := s.post(`mutation { createPartnerClient(input: {name: "x", clientId: "no-key", scopes: ["orders:read"]}) { replayed } }`, nil, withToken(admin)); r.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("the key is required: %s", r.Raw)
		}

		// Rotate: a replay mints no second secret, so the first one keeps working.
		const rotate = `mutation($id: ID!, $k: String!) { rotatePartnerClientSecret(input: {id: $id, idempotencyKey: $k}) { clientSecret replayed client { secretRotatedAt } } }`
		r1 := s.post(rotate, map[string]any{"id": clientID, "k": "rotate-replay-1"}, withToken(admin)).must(t)
		r2 := s.post(rotate, map[string]any{"id": clientID, "k": "rotate-replay-1"}, withToken(admin)).must(t)
		rotated, _ := r1.path("rotatePartnerClientSecret", "clientSecret").(string)
		if rotated == "" || r1.path("rotatePartnerClientSecret", "replayed") != false ||
			r2.path("rotatePartnerClientSecret", "clientSecret") != nil || r2.path("rotatePartnerClientSecret", "replayed") != true ||
			r2.path("rotatePartnerClientSecret", "client", "secretRotatedAt") != r1.path("rotatePartnerClientSecret", "client", "secretRotatedAt") {
			t.Fatalf("a replayed rotation: %s then %s", r1.Raw, r2.Raw)
		}
		if r := s.post(rotate, map[string]any{"id": clientID, "k": "rotate-by-agent"}, withToken(agent)); r.Code() != "FORBIDDEN" {
			t.Errorf("an agent may not rotate a secret: %s", r.Raw)
		}
		if r := s.post(`mutation($id: ID!) { updatePartnerClient(input: {idempotencyKey: "update-by-agent", id: $id, name: "", scopes: []}) { replayed } }`, map[string]any{"id": clientID}, withToken(agent)); r.Code() != "FORBIDDEN" {
			t.Errorf("an agent's invalid update is refused for who they are first: %s", r.Raw)
		}
		tok, r := s.partnerToken("retry-1", rotated)
		if tok == "" {
			t.Fatalf("the first rotation's secret still works after its replay: %s", r.Raw)
		}

		// Update and revoke replay; the revoke replay still answers after revocation.
		const update = `mutation($id: ID!, $k: String!, $n: String!) { updatePartnerClient(input: {idempotencyKey: $k, id: $id, name: $n, scopes: ["orders:read", "webhooks"]}) { replayed client { name } } }`
		s.post(update, map[string]any{"id": clientID, "k": "update-replay-1", "n": "改名一"}, withToken(admin)).must(t)
		s.post(update, map[string]any{"id": clientID, "k": "update-replay-2", "n": "改名二"}, withToken(admin)).must(t)
		if r := s.post(update, map[string]any{"id": clientID, "k": "update-replay-1", "n": "改名一"}, withToken(admin)).must(t); r.path("updatePartnerClient", "replayed") != true || r.path("updatePartnerClient", "client", "name") != "改名二" {
			t.Errorf("a replayed update changes nothing back: %s", r.Raw)
		}

		// Partner mutations.
		const register = `mutation($k: String!) { registerPersistedOperation(input: {idempotencyKey: $k, name: "n", document: "{ orders(first: 2) { totalCount } }"}) { replayed operation { id } } }`
		o1 := s.post(register, map[string]any{"k": "register-replay-1"}, withToken(tok)).must(t)
		o2 := s.post(register, map[string]any{"k": "register-replay-1"}, withToken(tok)).must(t)
		if o2.path("registerPersistedOperation", "replayed") != true || o2.path("registerPersistedOperation", "operation", "id") != o1.path("registerPersistedOperation", "operation", "id") {
			t.Errorf("a replayed registration: %s", o2.Raw)
		}
		const create = `mutation($k: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: "https://hooks.retry.example/in", events: [DELIVERED]}) { replayed signingSecret endpoint { id } } }`
		e1 := s.post(create, map[string]any{"k": "endpoint-replay-1"}, withToken(tok)).must(t)
		e2 := s.post(create, map[string]any{"k": "endpoint-replay-1"}, withToken(tok)).must(t)
		if e2.path("createWebhookEndpoint", "replayed") != true || e1.path("createWebhookEndpoint", "replayed") != false ||
			e2.path("createWebhookEndpoint", "endpoint", "id") != e1.path("createWebhookEndpoint", "endpoint", "id") ||
			e2.path("createWebhookEndpoint", "signingSecret") != e1.path("createWebhookEndpoint", "signingSecret") {
			t.Errorf("a replayed endpoint registration: %s then %s", e1.Raw, e2.Raw)
		}
		if r := s.post(`{ webhookEndpoints { id } }`, nil, withToken(tok)).must(t); len(r.path("webhookEndpoints").([]any)) != 1 {
			t.Errorf("one endpoint registered: %s", r.Raw)
		}
		epID := e1.path("createWebhookEndpoint", "endpoint", "id")

		// Replaying a delivery twice with one key queues one job.
		o := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "retry-1", "partnerClientId")))
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), o["waybillNo"].(string), "SIGNED", time.Now().Add(-time.Hour), "signerName", "王先生")}}, withToken(agent)).must(t)
		d := s.post(`{ webhookEndpoints { recentDeliveries { id } } }`, nil, withToken(tok)).must(t)
		deliveryID := d.path("webhookEndpoints").([]any)[0].(map[string]any)["recentDeliveries"].([]any)[0].(map[string]any)["id"]
		jobs := func() int {
			n, err := s.app.DB.R.NewSelect().Table("river_job").Where("kind = ?", "webhook_delivery").Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		before := jobs()
		const replay = `mutation($id: ID!, $k: String!) { replayWebhookDelivery(input: {idempotencyKey: $k, id: $id}) { replayed delivery { id status } } }`
		s.post(replay, map[string]any{"id": deliveryID, "k": "delivery-replay-1"}, withToken(tok)).must(t)
		if r := s.post(replay, map[string]any{"id": deliveryID, "k": "delivery-replay-1"}, withToken(tok)).must(t); r.path("replayWebhookDelivery", "replayed") != true {
			t.Errorf("a replayed delivery replay: %s", r.Raw)
		}
		if n := jobs(); n != before+1 {
			t.Errorf("two requests with one key queued %d jobs, want 1", n-before)
		}

		const disable = `mutation($id: ID!) { disableWebhookEndpoint(input: {idempotencyKey: "disable-replay-1", id: $id}) { replayed endpoint { active } } }`
		s.post(disable, map[string]any{"id": epID}, withToken(tok)).must(t)
		if r := s.post(disable, map[string]any{"id": epID}, withToken(tok)).must(t); r.path("disableWebhookEndpoint", "replayed") != true || r.path("disableWebhookEndpoint", "endpoint", "active") != false {
			t.Errorf("a replayed disable: %s", r.Raw)
		}

		const revoke = `mutation($id: ID!) { revokePartnerClient(input: {idempotencyKey: "revoke-replay-1", id: $id}) { replayed client { active } } }`
		s.post(revoke, map[string]any{"id": clientID}, withToken(admin)).must(t)
		if r := s.post(revoke, map[string]any{"id": clientID}, withToken(admin)).must(t); r.path("revokePartnerClient", "replayed") != true || r.path("revokePartnerClient", "client", "active") != false {
			t.Errorf("a replayed revoke: %s", r.Raw)
		}
	})
}
