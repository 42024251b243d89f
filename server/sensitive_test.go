package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket/wsjson"
)

// aliased repeats field n times under aliases a0…a(n-1).
func aliased(n int, field string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	return b.String()
}

func TestThirtyAliasedLoginsAreRefusedBeforeAnyRuns(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		q := `mutation {` + aliased(30, `login(input: {employeeNo: "CS1001", password: "wrong-password"}) { accessToken }`) + ` }`
		r := s.post(q, nil)
		if r.Code() != "FIELD_REPEATED" || r.Errors[0].Extensions["field"] != "login" || r.Data != nil {
			t.Fatalf("30 logins in one request: %s", r.Raw)
		}
		if r.Statements != 0 {
			t.Errorf("the refused request ran %d statements: no login may run", r.Statements)
		}
		// Nothing counted against the account: the right password works at once.
		s.login("CS1001")

		// The same over a WebSocket, where a mutation is one "subscribe" message.
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := wsSubscribe(t, ctx, srv.URL, nil, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()
		var msg map[string]any
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			t.Fatal(err)
		}
		if !refusedOverWebSocket(msg, "FIELD_REPEATED") {
			t.Errorf("30 logins over a WebSocket: %v", msg)
		}
	})
}

func TestTenAliasedCustomerLookupsAreRefusedOverEveryTransport(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		field := fmt.Sprintf(`customerTracking(waybillNo: %q, phoneLast4: "%%04d") { status }`, wb)
		var b strings.Builder
		for i := range 10 {
			fmt.Fprintf(&b, " g%d: "+field, i, i)
		}
		q := `{` + b.String() + ` }`

		r := s.post(q, nil)
		if r.Code() != "FIELD_REPEATED" || r.Errors[0].Extensions["field"] != "customerTracking" || r.Statements != 0 {
			t.Fatalf("POST: %s (%d statements)", r.Raw, r.Statements)
		}

		srv := httptest.NewServer(s.h)
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/graphql?query=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		var got gqlResult
		_ = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if got.Code() != "FIELD_REPEATED" {
			t.Errorf("GET: %d %v", resp.StatusCode, got.Errors)
		}

		body, _ := json.Marshal(map[string]any{"query": q})
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var events strings.Builder
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			events.WriteString(sc.Text() + "\n")
		}
		resp.Body.Close()
		if !strings.Contains(events.String(), "FIELD_REPEATED") || strings.Contains(events.String(), `"status"`) {
			t.Errorf("SSE: %s", events.String())
		}

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := wsSubscribe(t, ctx, srv.URL, nil, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()
		var msg map[string]any
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			t.Fatal(err)
		}
		if !refusedOverWebSocket(msg, "FIELD_REPEATED") {
			t.Errorf("WebSocket: %v", msg)
		}

		// None of the refused guesses counted: five wrong ones are still allowed.
		for i := range 5 {
			if r := s.post(lookupQuery, map[string]any{"w": wb, "d": "0000"}); r.Code() != "NOT_FOUND" {
				t.Fatalf("wrong guess %d after the refused requests: %s", i+1, r.Raw)
			}
		}
	})
}

func TestSensitiveFieldsCountThroughFragmentsButNotMergedSelections(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		vars := map[string]any{"w": wb}
		refused := map[string]string{
			"two fragments": `query($w: String!) { ...A ...B }
				fragment A on Query { a: customerTracking(waybillNo: $w, phoneLast4: "0000") { status } }
				fragment B on Query { b: customerTracking(waybillNo: $w, phoneLast4: "0001") { status } }`,
			"an inline fragment and a field": `query($w: String!) { ... on Query { a: customerTracking(waybillNo: $w, phoneLast4: "0000") { status } }
				customerTracking(waybillNo: $w, phoneLast4: "0001") { status } }`,
			"a nested inline fragment": `query($w: String!) { ... { ... on Query { a: customerTracking(waybillNo: $w, phoneLast4: "0000") { status } } }
				b: customerTracking(waybillNo: $w, phoneLast4: "0001") { status } }`,
		}
		for name, q := range refused {
			if r := s.post(q, vars); r.Code() != "FIELD_REPEATED" || r.Statements != 0 {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}
		// One response name selected twice is one execution (GraphQL merges them): allowed.
		merged := `query($w: String!) { customerTracking(waybillNo: $w, phoneLast4: "4321") { status }
			... on Query { customerTracking(waybillNo: $w, phoneLast4: "4321") { waybillNo } } }`
		if r := s.post(merged, vars).must(t); r.path("customerTracking", "waybillNo") != wb {
			t.Errorf("merged selections: %s", r.Raw)
		}

		// Every reveal… field is covered too.
		st, _ := s.login("CS2001")
		me := s.post(`{ me { id } }`, nil, withToken(st)).must(t).path("me", "id")
		q := `mutation($id: ID!) {` + aliased(2, `revealStaffPhone(input: {staffId: $id, reason: "核对排班"}) { phone }`) + ` }`
		if r := s.post(q, map[string]any{"id": me}, withToken(st)); r.Code() != "FIELD_REPEATED" || r.Errors[0].Extensions["field"] != "revealStaffPhone" {
			t.Errorf("two reveals: %s", r.Raw)
		}
		// Ordinary fields repeat freely.
		if r := s.post(`{ a: me { id } b: me { name } }`, nil, withToken(st)); r.Code() != "" {
			t.Errorf("aliases of an ordinary field: %s", r.Raw)
		}
	})
}

// refusedOverWebSocket reports whether a graphql-transport-ws message refuses the operation
// with code and no data.
func refusedOverWebSocket(msg map[string]any, code string) bool {
	payload, _ := msg["payload"].(map[string]any)
	return (msg["type"] == "error" || (msg["type"] == "next" && payload["data"] == nil)) && strings.Contains(mustJSON(msg), code)
}
