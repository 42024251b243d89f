package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/ticket"
)

// A client id no client can have (a NUL in it, longer than any) is refused as an unknown
// one is, INVALID_CREDENTIALS in the caller's language and no token, on both databases;
// the NUL used to reach the query, which the database refused, and the caller was told
// INTERNAL. The refusal speaks of a client ID and secret, not of the employee number and
// password the code's own message names, and a wrong secret reads the same. The demo
// client's own credentials still work afterwards.
func TestAClientIDNoClientCanHaveIsInvalidCredentialsNotInternal(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		for _, id := range []string{demo.PartnerClientID + "\x00", "\x00", strings.Repeat("a", 65), strings.Repeat("a", 100000)} {
			for _, lang := range []struct{ accept, message string }{
				{"", "客户端编号或密钥错误"},
				{"en", "Wrong client ID or secret"},
			} {
				r := s.post(issueToken, map[string]any{"id": id, "secret": s.secret}, withHeader("Accept-Language", lang.accept))
				if r.Status != http.StatusOK || r.Code() != "INVALID_CREDENTIALS" || r.Errors[0].Message != lang.message {
					t.Errorf("client id of %d bytes (%q): %d %s", len(id), lang.accept, r.Status, r.Raw)
				}
				if tok := r.path("issuePartnerToken"); tok != nil {
					t.Errorf("client id of %d bytes: a token was issued: %s", len(id), r.Raw)
				}
			}
		}
		// A wrong secret for a real client reads the same as an unknown client.
		for _, lang := range []struct{ accept, message string }{{"", "客户端编号或密钥错误"}, {"en", "Wrong client ID or secret"}} {
			r := s.post(issueToken, map[string]any{"id": demo.PartnerClientID, "secret": s.secret + "x"}, withHeader("Accept-Language", lang.accept))
			if r.Code() != "INVALID_CREDENTIALS" || r.Errors[0].Message != lang.message || r.path("issuePartnerToken") != nil {
				t.Errorf("a wrong secret (%q): %s", lang.accept, r.Raw)
			}
		}
		if tok, r := s.partnerToken(demo.PartnerClientID, s.secret); tok == "" {
			t.Fatalf("the demo client's credentials no longer work: %s", r.Raw)
		}
	})
}

// A request whose operationName names none of the document's operations, or that names
// none when the document has several, or whose document has only fragments, is
// GRAPHQL_VALIDATION_FAILED saying which, in the caller's language, over POST, GET and
// server-sent events, and runs nothing. The refusal never quotes operationName: the
// engine's "operation X not found" sent back whatever the client put there (a
// right-to-left override, control characters, 100,000 characters), in English only.
func TestAnOperationNameThatNamesNothingIsRefusedWithoutBeingQuoted(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		const create = `mutation Create($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id } } }`
		vars := map[string]any{"in": map[string]any{"idempotencyKey": key(), "kind": "ENQUIRY", "summary": "询问时效", "customerName": "陈先生", "customerPhone": "13812345678"}}
		notNamed := struct{ zh, en string }{"查询不符合接口定义: 文档中没有 operationName 所指名称的操作", "The query does not match the schema: The document has no operation of the name given in operationName"}
		cases := []struct {
			name, query, operationName, field string
			zh, en                            string
		}{
			{"a right-to-left override", create, "\u202eetaerC", "operationName", notNamed.zh, notNamed.en},
			{"control characters", create, "Create\x01\x1b[2J", "operationName", notNamed.zh, notNamed.en},
			{"100,000 characters", create, strings.Repeat("C", 100_000), "operationName", notNamed.zh, notNamed.en},
			{"another operation's name", create + " query Other { __typename }", "Nope", "operationName", notNamed.zh, notNamed.en},
			{"several operations and no name", create + " query Other { __typename }", "", "operationName",
				"查询不符合接口定义: 文档有多个操作,请用 operationName 指明执行哪一个", "The query does not match the schema: The document has several operations; name the one to run in operationName"},
			{"only fragments", `fragment F on Query { __typename }`, "", "query",
				"查询不符合接口定义: 文档中没有可执行的操作(只有片段)", "The query does not match the schema: The document has no operation to run (only fragments)"},
		}
		for _, c := range cases {
			body, _ := json.Marshal(map[string]any{"query": c.query, "operationName": c.operationName, "variables": vars})
			for _, lang := range []struct{ accept, message string }{{"", c.zh}, {"en", c.en}} {
				for _, tr := range []struct {
					name   string
					opts   []reqOpt
					status int
				}{
					{"POST", nil, http.StatusOK},
					{"POST accepting graphql-response+json", []reqOpt{withHeader("Accept", "application/graphql-response+json")}, http.StatusBadRequest},
				} {
					opts := append([]reqOpt{withToken(agent), withHeader("Accept-Language", lang.accept)}, tr.opts...)
					r := s.raw(body, opts...)
					if r.Status != tr.status || r.Code() != "GRAPHQL_VALIDATION_FAILED" || r.Errors[0].Message != lang.message || r.Errors[0].Extensions["field"] != c.field {
						t.Errorf("%s, %s (%q): %d %.300s", c.name, tr.name, lang.accept, r.Status, r.Raw)
					}
					if c.operationName != "" && strings.Contains(r.Raw, strings.Trim(strconvQuote(c.operationName), `"`)) {
						t.Errorf("%s, %s: the refusal quotes operationName", c.name, tr.name)
					}
				}
			}
		}
		// GET and server-sent events say the same.
		get := s.send(http.MethodGet, "/graphql?query="+url.QueryEscape("query A { __typename }")+"&operationName="+url.QueryEscape("\u202eB"), "", nil, withHeader("Accept-Language", "en"))
		if code, msg, _ := refusalOf(t, get); code != "GRAPHQL_VALIDATION_FAILED" || msg != notNamed.en {
			t.Errorf("GET: %d %s", get.Code, get.Body.String())
		}
		sseBody, _ := json.Marshal(map[string]any{"query": create, "operationName": "\u202eB", "variables": vars})
		sse := s.send(http.MethodPost, "/graphql", "application/json", sseBody, withToken(agent), withHeader("Accept", "text/event-stream"))
		if b := sse.Body.String(); !strings.Contains(b, notNamed.zh) || strings.ContainsRune(b, '\u202e') || strings.Contains(b, `\u202e`) {
			t.Errorf("server-sent events: %d %s", sse.Code, b)
		}
		if n := dbtest.Count(t, s.app.DB, (*ticket.Ticket)(nil)); n != 0 {
			t.Fatalf("%d tickets created by refused requests", n)
		}
		// Naming the operation runs it.
		body, _ := json.Marshal(map[string]any{"query": create + " query Other { __typename }", "operationName": "Create", "variables": vars})
		s.raw(body, withToken(agent)).must(t)
	})
}

// strconvQuote is s as encoding/json writes it inside a string (without the quotes'
// being stripped), so a test can look for it in a raw JSON answer.
func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// A WebSocket message that graphql-transport-ws does not define closes the socket with
// 4400 and reason BAD_REQUEST, as the protocol asks, and nothing in it runs: a
// connection_init whose payload is not an object (the socket used to stay open and
// unanswered, past the init timeout, after the server had stopped reading it), a
// subscribe whose id is missing, empty or not a string (one without an id ran, answering
// with no id; one with id 1 was closed as a normal closure, 1000, on which clients
// reconnect at once), a subscribe whose payload is not a GraphQL request (answered
// "invalid json" or "no operation provided" in English, with no code), a complete without
// an id, and a message of a type a client may not send or that is not one JSON object.
// A well-formed connection still works; on it a mutation runs as before.
func TestWebSocketMessagesTheProtocolDoesNotDefineCloseWith4400(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		agent, _ := s.login("CS1001")
		q, _ := json.Marshal(`mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id } } }`)
		subscribeTicket := func(id string) string {
			in, _ := json.Marshal(map[string]any{"in": map[string]any{"idempotencyKey": key(), "kind": "ENQUIRY", "summary": "询问时效", "customerName": "陈先生", "customerPhone": "13812345678"}})
			return `{"type":"subscribe",` + id + `"payload":{"query":` + string(q) + `,"variables":` + string(in) + `}}`
		}
		initWith := func(payload string) string { return `{"type":"connection_init","payload":` + payload + `}` }
		auth := initWith(`{"Authorization":"Bearer ` + agent + `"}`)
		cases := []struct {
			name string
			msgs []string
		}{
			{"a connection_init payload that is a string", []string{initWith(`"Bearer ` + agent + `"`)}},
			{"a connection_init payload that is an array", []string{initWith(`[1]`)}},
			{"a subscribe without an id", []string{auth, subscribeTicket(``)}},
			{"a subscribe with an empty id", []string{auth, subscribeTicket(`"id":"",`)}},
			{"a subscribe with a number for an id", []string{auth, subscribeTicket(`"id":1,`)}},
			{"a subscribe with an object for an id", []string{auth, subscribeTicket(`"id":{},`)}},
			{"a subscribe whose payload is a string", []string{auth, `{"type":"subscribe","id":"1","payload":"x"}`}},
			{"a subscribe whose payload is null", []string{auth, `{"type":"subscribe","id":"1","payload":null}`}},
			{"a subscribe without a query", []string{auth, `{"type":"subscribe","id":"1","payload":{"variables":{}}}`}},
			{"a subscribe whose query is a number", []string{auth, `{"type":"subscribe","id":"1","payload":{"query":5}}`}},
			{"a subscribe whose variables are a string", []string{auth, `{"type":"subscribe","id":"1","payload":{"query":` + string(q) + `,"variables":"x"}}`}},
			{"a complete without an id", []string{auth, `{"type":"complete"}`}},
			{"an unknown type", []string{auth, `{"type":"\u202e"}`}},
			{"a type only the server sends", []string{auth, `{"type":"next","id":"1","payload":{}}`}},
			{"a number for a type", []string{auth, `{"type":5}`}},
			{"no type", []string{auth, `{}`}},
			{"not JSON", []string{auth, `hello`}},
			{"two objects", []string{auth, `{"type":"ping"}{"type":"ping"}`}},
			{"an array", []string{auth, `[` + subscribeTicket(`"id":"1",`) + `]`}},
		}
		for _, c := range cases {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			conn, err := dialSocket(ctx, srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range c.msgs {
				if err := conn.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
			}
			for {
				var m map[string]any
				err := wsjson.Read(ctx, conn, &m)
				if err == nil {
					if m["type"] == "connection_ack" {
						continue
					}
					t.Errorf("%s: answered %v", c.name, m)
					continue
				}
				var ce websocket.CloseError
				if !errors.As(err, &ce) || ce.Code != 4400 || ce.Reason != "BAD_REQUEST" {
					t.Errorf("%s: closed with %v, want 4400 BAD_REQUEST", c.name, err)
				}
				break
			}
			conn.CloseNow()
			cancel()
		}
		if n := dbtest.Count(t, s.app.DB, (*ticket.Ticket)(nil)); n != 0 {
			t.Fatalf("%d tickets created by refused messages", n)
		}

		// A well-formed connection: ping, complete for an id never used, and a mutation.
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		conn, err := dialSocket(ctx, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()
		for _, m := range []string{initWith(`null`), `{"type":"ping","payload":{"at":1}}`, `{"type":"complete","id":"never"}`, subscribeTicket(`"id":"1",`)} {
			if err := conn.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for len(got) < 4 {
			var m map[string]any
			if err := wsjson.Read(ctx, conn, &m); err != nil {
				t.Fatalf("after %v: %v", got, err)
			}
			got = append(got, m["type"].(string))
		}
		if strings.Join(got, " ") != "connection_ack pong next complete" {
			t.Fatalf("a well-formed connection answered %v", got)
		}
	})
}

// The engine's explanation of a document that does not validate quotes values from the
// document, and a GraphQL string may hold a right-to-left override or a zero-width
// character as it is. Those are written as escapes (\u202e), so the message reads on the
// caller's screen as the server wrote it; the rest of the message is unchanged, in the
// caller's language, and nothing runs.
func TestEngineMessagesShowInvisibleCharactersOfTheDocumentAsEscapes(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		cases := []struct{ name, query, zh, en string }{
			{"a right-to-left override where a Boolean belongs",
				`mutation { createTicket(input: {idempotencyKey: "k-0001-abcd", kind: ENQUIRY, summary: "询问时效", customerName: "陈先生", customerPhone: "13812345678"}) @skip(if: "` + "\u202e" + `eurt") { ticket { id } } }`,
				`查询不符合接口定义: Boolean 须为 true 或 false,实际为 "\u202eeurt"`, `The query does not match the schema: Boolean cannot represent a non boolean value: "\u202eeurt"`},
			{"isolates and a zero-width joiner where an Int belongs",
				`{ orders(first: "` + "\u2066\u200d\u2069" + `") { totalCount } }`,
				`查询不符合接口定义: Int 须为整数,实际为 "\u2066\u200d\u2069"`, `The query does not match the schema: Int cannot represent non-integer value: "\u2066\u200d\u2069"`},
		}
		for _, c := range cases {
			for _, lang := range []struct{ accept, message string }{{"", c.zh}, {"en", c.en}} {
				r := s.post(c.query, nil, withToken(agent), withHeader("Accept-Language", lang.accept))
				if r.Status != http.StatusOK || r.Code() != "GRAPHQL_VALIDATION_FAILED" || r.Errors[0].Message != lang.message || r.Data != nil {
					t.Errorf("%s (%q): %d %s", c.name, lang.accept, r.Status, r.Raw)
				}
				if strings.ContainsAny(r.Raw, "\u202e\u2066\u2069\u200d") {
					t.Errorf("%s: the answer holds the invisible characters themselves: %s", c.name, r.Raw)
				}
			}
		}
		if n := dbtest.Count(t, s.app.DB, (*ticket.Ticket)(nil)); n != 0 {
			t.Fatalf("%d tickets created by refused documents", n)
		}
	})
}

// A subscribe whose id is that of an operation still running closes the socket with
// 4409 and reason CONFLICT, as graphql-transport-ws asks: the second subscription used to
// replace the first in the server's table, so the first went on streaming and the
// client's complete could no longer stop it. An id is free again once its operation has
// ended, by the server's complete or the client's.
func TestASecondSubscribeWithARunningIDClosesWith4409(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		agent, _ := s.login("CS1001")
		const live = `subscription { rosterNotificationAdded { id } }`
		dial := func(ctx context.Context) *websocket.Conn {
			conn, err := dialSocket(ctx, srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + agent}}); err != nil {
				t.Fatal(err)
			}
			var ack map[string]any
			if err := wsjson.Read(ctx, conn, &ack); err != nil || ack["type"] != "connection_ack" {
				t.Fatalf("connection_init: %v %v", ack, err)
			}
			return conn
		}
		send := func(ctx context.Context, conn *websocket.Conn, m map[string]any) {
			t.Helper()
			if err := wsjson.Write(ctx, conn, m); err != nil {
				t.Fatal(err)
			}
		}
		subscribe := func(id, query string) map[string]any {
			return map[string]any{"type": "subscribe", "id": id, "payload": map[string]any{"query": query}}
		}

		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		conn := dial(ctx)
		send(ctx, conn, subscribe("1", live))
		send(ctx, conn, subscribe("1", live))
		for {
			var m map[string]any
			err := wsjson.Read(ctx, conn, &m)
			if err == nil {
				t.Errorf("answered %v", m)
				continue
			}
			var ce websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != 4409 || ce.Reason != "CONFLICT" {
				t.Fatalf("closed with %v, want 4409 CONFLICT", err)
			}
			break
		}
		conn.CloseNow()

		// Ids are free again once their operations have ended.
		conn = dial(ctx)
		defer conn.CloseNow()
		next := func(want string) map[string]any {
			t.Helper()
			var m map[string]any
			if err := wsjson.Read(ctx, conn, &m); err != nil || (want != "" && m["type"] != want) {
				t.Fatalf("got %v (%v), want %s", m, err, want)
			}
			return m
		}
		for range 2 {
			send(ctx, conn, subscribe("q", `{ me { id } }`))
			next("next")
			next("complete")
		}
		for range 2 {
			send(ctx, conn, subscribe("s", live))
			send(ctx, conn, map[string]any{"type": "complete", "id": "s"})
		}
		send(ctx, conn, map[string]any{"type": "ping"})
		for {
			// The server may also confirm the end of "s" with a complete of its own.
			if m := next(""); m["type"] == "pong" {
				break
			} else if m["type"] != "complete" || m["id"] != "s" {
				t.Fatalf("got %v, want pong", m)
			}
		}
	})
}

// A request with two Authorization headers is refused with 400 BAD_REQUEST in the
// caller's language, whichever comes first and whether or not they agree, and runs
// nothing: HTTP allows one, and the server used to read the first while a proxy in front
// may have checked the other. Over POST and for a WebSocket handshake alike.
func TestTwoAuthorizationHeadersAreABadRequest(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		body, _ := json.Marshal(map[string]any{"query": `mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id } } }`,
			"variables": map[string]any{"in": map[string]any{"idempotencyKey": key(), "kind": "ENQUIRY", "summary": "询问时效", "customerName": "陈先生", "customerPhone": "13812345678"}}})
		twice := func(first, second string) reqOpt {
			return func(r *http.Request) { r.Header.Add("Authorization", first); r.Header.Add("Authorization", second) }
		}
		for _, c := range []struct {
			name string
			opt  reqOpt
		}{
			{"a good token, then a bad one", twice("Bearer "+agent, "Bearer x")},
			{"a bad token, then a good one", twice("Bearer x", "Bearer "+agent)},
			{"the same token twice", twice("Bearer "+agent, "Bearer "+agent)},
		} {
			for _, lang := range []struct{ accept, message string }{{"", "请求只能带一个 Authorization 头"}, {"en", "A request may carry one Authorization header"}} {
				rec := s.send(http.MethodPost, "/graphql", "application/json", body, c.opt, withHeader("Accept-Language", lang.accept))
				if code, msg, _ := refusalOf(t, rec); rec.Code != http.StatusBadRequest || code != "BAD_REQUEST" || msg != lang.message {
					t.Errorf("%s (%q): %d %s", c.name, lang.accept, rec.Code, rec.Body.String())
				}
			}
		}
		ws := s.send(http.MethodGet, "/graphql/ws", "", nil, twice("Bearer "+agent, "Bearer x"), withHeader("Connection", "Upgrade"), withHeader("Upgrade", "websocket"),
			withHeader("Sec-WebSocket-Version", "13"), withHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), withHeader("Sec-WebSocket-Protocol", "graphql-transport-ws"))
		if code, _, _ := refusalOf(t, ws); ws.Code != http.StatusBadRequest || code != "BAD_REQUEST" {
			t.Errorf("a WebSocket handshake: %d %s", ws.Code, ws.Body.String())
		}
		if n := dbtest.Count(t, s.app.DB, (*ticket.Ticket)(nil)); n != 0 {
			t.Fatalf("%d tickets created by refused requests", n)
		}
		// One header still works.
		s.raw(body, withToken(agent)).must(t)
	})
}

// The server's own paths answer a client's mistake as /graphql does, in JSON with a code
// and a message in the caller's language: another method than GET or HEAD on the health,
// readiness, metrics and key-set endpoints is 405 METHOD_NOT_ALLOWED with Allow, and a
// path under /graphql/ that is not an endpoint (a trailing slash, a typo) is 404
// NOT_FOUND. The PWA handler answered both in plain English text ("method not allowed",
// "404 page not found"). GET still serves each endpoint.
func TestTheServersOwnPathsRefuseInJSON(t *testing.T) {
	s := newTestServer(t, dbtest.SQLite(t))
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/.well-known/jwks.json"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
			for _, lang := range []struct{ accept, message string }{{"", "不支持该请求方法"}, {"en", "This HTTP method is not allowed here"}} {
				rec := s.send(m, p, "application/json", []byte(`{}`), withHeader("Accept-Language", lang.accept))
				if code, msg, _ := refusalOf(t, rec); rec.Code != http.StatusMethodNotAllowed || code != "METHOD_NOT_ALLOWED" || msg != lang.message || rec.Header().Get("Allow") != "GET, HEAD" {
					t.Errorf("%s %s (%q): %d %v %s", m, p, lang.accept, rec.Code, rec.Header(), rec.Body.String())
				}
			}
		}
		if rec := s.send(http.MethodGet, p, "", nil); rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %s", p, rec.Code, rec.Body.String())
		}
	}
	for _, p := range []string{"/graphql/", "/graphql/x", "/graphql/ws/x"} {
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			for _, lang := range []struct{ accept, message string }{{"", "没有这个接口地址,GraphQL 请求请发往 /graphql"}, {"en", "No such endpoint; send GraphQL requests to /graphql"}} {
				rec := s.send(m, p, "application/json", []byte(`{"query":"{ __typename }"}`), withHeader("Accept-Language", lang.accept))
				if code, msg, _ := refusalOf(t, rec); rec.Code != http.StatusNotFound || code != "NOT_FOUND" || msg != lang.message {
					t.Errorf("%s %s (%q): %d %s", m, p, lang.accept, rec.Code, rec.Body.String())
				}
			}
		}
	}
}

// A subscription that selects more than one top-level field is GRAPHQL_VALIDATION_FAILED
// in the caller's language before anything is watched, counting fields as the GraphQL
// spec does: by the name each answers under, so one field under two aliases is two, also
// through fragments. The validator counted field names, so two aliases of
// trackingUpdated passed it and the engine refused them while running, with BAD_REQUEST
// and the English "must subscribe to exactly one stream".
func TestASubscriptionOfTwoTopLevelFieldsIsRefusedBeforeItRuns(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		zh := "查询不符合接口定义: 订阅只能选择一个顶层字段(别名不同也算不同字段)"
		en := "The query does not match the schema: A subscription selects exactly one top-level field (the same field under two aliases is two)"
		for _, q := range []string{
			`subscription { a: rosterNotificationAdded { id } b: rosterNotificationAdded { id } }`,
			`subscription { rosterNotificationAdded { id } ... on Subscription { again: rosterNotificationAdded { id } } }`,
			`subscription { ...F ...G } fragment F on Subscription { rosterNotificationAdded { id } } fragment G on Subscription { g: rosterNotificationAdded { id } }`,
		} {
			body, _ := json.Marshal(map[string]any{"query": q})
			for _, lang := range []struct{ accept, message string }{{"", zh}, {"en", en}} {
				rec := s.send(http.MethodPost, "/graphql", "application/json", body, withToken(agent), withHeader("Accept", "text/event-stream"), withHeader("Accept-Language", lang.accept))
				data, _ := json.Marshal(lang.message)
				if b := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(b, `"message":`+string(data)) || !strings.Contains(b, `"code":"GRAPHQL_VALIDATION_FAILED"`) || !strings.Contains(b, "event: complete") {
					t.Errorf("%s (%q): %d %s", q, lang.accept, rec.Code, b)
				}
				r := s.raw(body, withToken(agent), withHeader("Accept-Language", lang.accept))
				if r.Code() != "GRAPHQL_VALIDATION_FAILED" || r.Errors[0].Message != lang.message || r.Errors[0].Extensions["field"] != "query" || r.Data != nil {
					t.Errorf("%s over POST (%q): %s", q, lang.accept, r.Raw)
				}
			}
		}
	})
}
