package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/ticket"
)

// A client id no client can have (a NUL in it, longer than any) is refused as an unknown
// one is, INVALID_CREDENTIALS in the caller's language and no token, on both databases;
// the NUL used to reach the query, which the database refused, and the caller was told
// INTERNAL. The demo client's own credentials still work afterwards.
func TestAClientIDNoClientCanHaveIsInvalidCredentialsNotInternal(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		for _, id := range []string{demo.PartnerClientID + "\x00", "\x00", strings.Repeat("a", 65), strings.Repeat("a", 100000)} {
			for _, lang := range []struct{ accept, message string }{
				{"", "工号或密码错误"},
				{"en", "Wrong employee number or password"},
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
