package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/identity"
)

// sseOpen starts a subscription over server-sent events and returns the HTTP status and
// a channel of decoded messages (the refusal of a subscription is its first message).
func sseOpen(t *testing.T, ctx context.Context, url, token, query string, vars map[string]any) (int, <-chan map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	msgs := make(chan map[string]any, 16)
	go func() {
		defer close(msgs)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := sc.Text()
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok && resp.StatusCode != http.StatusOK && strings.HasPrefix(line, "{") {
				data, ok = line, true // a refusal before the stream began is a plain JSON body
			}
			if !ok {
				continue
			}
			var m map[string]any
			if json.Unmarshal([]byte(data), &m) == nil {
				msgs <- m
			}
		}
	}()
	return resp.StatusCode, msgs
}

// wsOpen speaks graphql-transport-ws: it returns the connection once acknowledged and
// subscribed, or the close error when connection_init is refused.
func wsOpen(t *testing.T, ctx context.Context, url, token, query string, vars map[string]any) (*websocket.Conn, error) {
	t.Helper()
	conn, err := dialSocket(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}}); err != nil {
		return nil, err
	}
	var ack map[string]any
	if err := wsjson.Read(ctx, conn, &ack); err != nil {
		return nil, err
	}
	if ack["type"] != "connection_ack" {
		t.Fatalf("connection_init answered %v", ack)
	}
	return conn, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
}

func nextMessage(t *testing.T, msgs <-chan map[string]any) map[string]any {
	t.Helper()
	select {
	case m, ok := <-msgs:
		if !ok {
			t.Fatal("the stream ended")
		}
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no message within 5 s")
	}
	return nil
}

// firstCode returns the code of the first error in a GraphQL response or error payload.
func firstCode(v any) string {
	var errs []any
	switch x := v.(type) {
	case map[string]any:
		errs, _ = x["errors"].([]any)
	case []any:
		errs = x
	}
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

func TestPartnerSubscriptionsAreScopedToTheirOwnWaybills(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		scoped := []string{"orders:read", "tracking:read"}
		ownerID, ownerSecret := s.newClient(admin, map[string]any{"name": "订阅商户", "clientId": "sub-owner", "scopes": scoped})
		_, otherSecret := s.newClient(admin, map[string]any{"name": "别家商户", "clientId": "sub-other", "scopes": scoped})
		_, blindSecret := s.newClient(admin, map[string]any{"name": "无轨迹权限", "clientId": "sub-blind", "scopes": []string{"orders:read"}})
		owner, _ := s.partnerToken("sub-owner", ownerSecret)
		blind, _ := s.partnerToken("sub-blind", blindSecret)
		own := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "sub-owner", "partnerClientId")))["waybillNo"].(string)
		theirs := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "sub-other", "partnerClientId")))["waybillNo"].(string)
		_ = otherSecret

		// Its own waybill, over both transports at once: each event reaches both.
		m := s.bus.mark()
		status, sse := sseOpen(t, ctx, srv.URL, owner, trackingSubscription, map[string]any{"w": own})
		if status != http.StatusOK {
			t.Fatalf("SSE subscription: %d", status)
		}
		ws, err := wsOpen(t, ctx, srv.URL, owner, trackingSubscription, map[string]any{"w": own})
		if err != nil {
			t.Fatal(err)
		}
		s.bus.await(t, m, 2)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), own, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent)).must(t)
		got := nextMessage(t, sse)["data"].(map[string]any)["trackingUpdated"].(map[string]any)
		if got["waybillNo"] != own || got["milestone"] != "PICKED_UP" || len(got["trackingEvents"].([]any)) != 1 {
			t.Fatalf("SSE message: %v", got)
		}
		var msg map[string]any
		if err := wsjson.Read(ctx, ws, &msg); err != nil {
			t.Fatal(err)
		}
		if msg["type"] != "next" || !strings.Contains(mustJSON(msg), `"milestone":"PICKED_UP"`) || !strings.Contains(mustJSON(msg), own) {
			t.Fatalf("graphql-transport-ws message: %v", msg)
		}
		// Another partner's waybill raises nothing on this stream: the next message after
		// it is the partner's own next event (a stream delivers in order).
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), theirs, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent)).must(t)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), own, "IN_TRANSIT", time.Now().Add(-30*time.Second))}}, withToken(agent)).must(t)
		if got := nextMessage(t, sse)["data"].(map[string]any)["trackingUpdated"].(map[string]any); got["waybillNo"] != own || len(got["trackingEvents"].([]any)) != 2 {
			t.Fatalf("after another partner's event the stream carried %v", got)
		}
		if err := wsjson.Read(ctx, ws, &msg); err != nil {
			t.Fatal(err)
		}
		if j := mustJSON(msg); !strings.Contains(j, `"milestone":"IN_TRANSIT"`) || !strings.Contains(j, own) {
			t.Fatalf("after another partner's event the WebSocket carried %v", msg)
		}

		// Refusals, over SSE and graphql-transport-ws alike.
		refusals := []struct {
			name, token, waybill, code string
		}{
			{"another partner's waybill", owner, theirs, "NOT_FOUND"},
			{"no tracking:read scope", blind, own, "FORBIDDEN"},
		}
		for _, c := range refusals {
			status, msgs := sseOpen(t, ctx, srv.URL, c.token, trackingSubscription, map[string]any{"w": c.waybill})
			m := nextMessage(t, msgs)
			if status != http.StatusOK || firstCode(m) != c.code || m["data"] != nil || strings.Contains(mustJSON(m), "trackingEvents") {
				t.Errorf("%s over SSE: %d %v", c.name, status, m)
			}
			conn, err := wsOpen(t, ctx, srv.URL, c.token, trackingSubscription, map[string]any{"w": c.waybill})
			if err != nil {
				t.Fatal(err)
			}
			// gqlgen answers a resolver's refusal with one "next" carrying only errors,
			// then "complete"; the protocol's "error" carries the errors as its payload.
			var wm, end map[string]any
			if err := wsjson.Read(ctx, conn, &wm); err != nil {
				t.Fatal(err)
			}
			payload, _ := wm["payload"].(map[string]any)
			switch {
			case wm["type"] == "error" && firstCode(wm["payload"]) == c.code:
			case wm["type"] == "next" && firstCode(payload) == c.code && payload["data"] == nil:
				if err := wsjson.Read(ctx, conn, &end); err != nil || end["type"] != "complete" {
					t.Errorf("%s over graphql-transport-ws: the refusal ends the operation: %v %v", c.name, end, err)
				}
			default:
				t.Errorf("%s over graphql-transport-ws: %v", c.name, wm)
			}
		}

		// A client held to registered operations may not subscribe ad hoc either.
		_, strictSecret := s.newClient(admin, map[string]any{"name": "只许登记操作", "clientId": "sub-strict", "scopes": scoped, "persistedOperationsOnly": true})
		strict, _ := s.partnerToken("sub-strict", strictSecret)
		if conn, err := wsOpen(t, ctx, srv.URL, strict, trackingSubscription, map[string]any{"w": own}); err != nil {
			t.Fatal(err)
		} else {
			var wm map[string]any
			err := wsjson.Read(ctx, conn, &wm)
			payload, _ := wm["payload"].(map[string]any)
			if err != nil || wm["type"] != "next" || payload["data"] != nil || firstCode(payload) != "PERSISTED_OPERATION_REQUIRED" {
				t.Errorf("an ad-hoc subscription from a restricted client over graphql-transport-ws: %v %v", wm, err)
			}
		}

		// Partners do not hear about tickets.
		status, msgs := sseOpen(t, ctx, srv.URL, owner, `subscription { ticketUpdated { id } }`, nil)
		if m := nextMessage(t, msgs); status != http.StatusOK || firstCode(m) != "FORBIDDEN" {
			t.Errorf("ticketUpdated for a partner: %d %v", status, m)
		}

		// An expired partner token: 401 before any stream over SSE, connection refused
		// over graphql-transport-ws.
		_, rowID, err := graph.ParseGlobalID(ownerID, "PartnerClient")
		if err != nil {
			t.Fatal(err)
		}
		expired, _, err := (&identity.Tokens{Keys: s.app.Keys, Cfg: identity.DefaultTokenConfig,
			Now: func() time.Time { return time.Now().Add(-2 * time.Hour) }}).Sign(&identity.Principal{Kind: identity.KindPartner, ID: rowID,
			Roles: []identity.Role{identity.RolePartner}, Scopes: scoped}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		status, msgs = sseOpen(t, ctx, srv.URL, expired, trackingSubscription, map[string]any{"w": own})
		if m := nextMessage(t, msgs); status != http.StatusUnauthorized || firstCode(m) != "UNAUTHENTICATED" || m["errors"].([]any)[0].(map[string]any)["extensions"].(map[string]any)["reason"] != "TOKEN_EXPIRED" {
			t.Errorf("an expired token over SSE: %d %v", status, m)
		}
		if _, err := wsOpen(t, ctx, srv.URL, expired, trackingSubscription, map[string]any{"w": own}); err == nil {
			t.Error("an expired token in connection_init was accepted")
		}

		// A WebSocket subscription is charged against the client's budget like a request.
		now := time.Now()
		s.app.Partners.Now = func() time.Time { return now } // no refill while we compare
		spent := s.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(owner)).must(t).Extensions["cost"].(map[string]any)
		m = s.bus.mark()
		if _, err := wsOpen(t, ctx, srv.URL, owner, trackingSubscription, map[string]any{"w": own}); err != nil {
			t.Fatal(err)
		}
		s.bus.await(t, m, 1) // charged before it subscribes
		after := s.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(owner)).must(t).Extensions["cost"].(map[string]any)
		if sub := spent["remaining"].(float64) - after["remaining"].(float64) - after["requested"].(float64); sub < 1 {
			t.Errorf("the subscription cost nothing: before %v, after %v", spent, after)
		}

		// A revoked client's unexpired token: refused on both transports.
		s.app.Partners.AdmissionTTL = time.Nanosecond
		s.post(`mutation($id: ID!) { revokePartnerClient(input: {idempotencyKey: "revoke-sub-owner", id: $id}) { client { active } } }`, map[string]any{"id": ownerID}, withToken(admin)).must(t)
		status, msgs = sseOpen(t, ctx, srv.URL, owner, trackingSubscription, map[string]any{"w": own})
		if m := nextMessage(t, msgs); status != http.StatusUnauthorized || m["errors"].([]any)[0].(map[string]any)["extensions"].(map[string]any)["reason"] != "CLIENT_REVOKED" {
			t.Errorf("a revoked client over SSE: %d %v", status, m)
		}
		if _, err := wsOpen(t, ctx, srv.URL, owner, trackingSubscription, map[string]any{"w": own}); err == nil {
			t.Error("a revoked client's connection_init was accepted")
		}
		// Streams opened before the revocation end at the next event, telling nothing.
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), own, "IN_TRANSIT", time.Now().Add(-time.Second))}}, withToken(agent)).must(t)
		select {
		case m, open := <-sse:
			if open {
				t.Errorf("a revoked client's SSE stream got: %v", m)
			}
		case <-time.After(5 * time.Second):
			t.Error("a revoked client's SSE stream stayed open")
		}
		var last map[string]any
		if err := wsjson.Read(ctx, ws, &last); err != nil || last["type"] != "complete" {
			t.Errorf("a revoked client's WebSocket subscription: %v %v", last, err)
		}
	})
}
