package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

// send runs one raw HTTP request through the whole stack.
func (s *testServer) send(method, target, contentType string, body []byte, opts ...reqOpt) *httptest.ResponseRecorder {
	s.t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec
}

// refusal decodes a response expected to be a GraphQL error answer.
func refusalOf(t *testing.T, rec *httptest.ResponseRecorder) (code, message string, ext map[string]any) {
	t.Helper()
	var out struct {
		Errors []gqlError `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Errors) == 0 {
		t.Fatalf("not a JSON error answer (%d, %s): %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/graphql-response+json") {
		t.Errorf("Content-Type %q", ct)
	}
	code, _ = out.Errors[0].Extensions["code"].(string)
	return code, out.Errors[0].Message, out.Errors[0].Extensions
}

func TestMalformedBodiesAreBadRequestsInBothLanguages(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		deep := `{"query":"query($v: String) { __typename }","variables":{"v":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}}`
		cases := []struct{ name, body, field string }{
			{"not JSON", `{"query": "{ me { name } }"`, ""},
			{"query is a number", `{"query": 0}`, "query"},
			{"a batch (JSON array)", `[{"query": "{ me { name } }"}]`, ""},
			{"100,000-deep variables", deep, ""},
			{"a login with a trailing comma", `{"query": "mutation { login(input: {employeeNo: \"CS1001\", password: \"Secret-Pa55!\"}) { accessToken } }",}`, ""},
			{"variables are a string", `{"query": "{ me { name } }", "variables": "{}"}`, "variables"},
			{"operationName is an object", `{"query": "{ me { name } }", "operationName": {}}`, "operationName"},
			{"extensions are an array", `{"query": "{ me { name } }", "extensions": []}`, "extensions"},
			{"two objects", `{"query": "{ me { name } }"} {"query": "{ me { name } }"}`, ""},
			{"empty body", ``, ""},
			{"a string", `"{ me { name } }"`, ""},
			{"NUL bytes", "{\"query\": \"{ me\x00 }\"}", ""},
			{"no query (a typo)", `{"qeury": "{ __typename }"}`, "query"},
			{"an empty object", `{}`, "query"},
			{"an empty query", `{"query": ""}`, "query"},
			{"no query, only variables", `{"variables": {"a": 1}, "operationName": "Me"}`, "query"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, lang := range []string{"", "en"} {
					rec := s.send(http.MethodPost, "/graphql", "application/json", []byte(c.body), withHeader("Accept-Language", lang))
					if rec.Code != http.StatusBadRequest {
						t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
					}
					code, msg, ext := refusalOf(t, rec)
					if code != "BAD_REQUEST" {
						t.Fatalf("code %s: %s", code, rec.Body.String())
					}
					if c.field != "" && ext["field"] != c.field {
						t.Errorf("field = %v, want %s", ext["field"], c.field)
					}
					if lang == "en" && !strings.ContainsAny(msg, "abcdefghijklmnopqrstuvwxyz") || lang == "" && !strings.ContainsAny(msg, "请求体参数") {
						t.Errorf("message %q is not in the caller's language (%q)", msg, lang)
					}
					for _, leak := range []string{"goroutine", "panic", "Secret-Pa55", "CS1001", "\x00"} {
						if strings.Contains(rec.Body.String(), leak) {
							t.Errorf("the answer shows %q: %s", leak, rec.Body.String())
						}
					}
				}
			})
		}
		t.Run("a GET without a query", func(t *testing.T) {
			for _, target := range []string{"/graphql", "/graphql?qeury=" + url.QueryEscape(`{ __typename }`), "/graphql?query="} {
				rec := s.send(http.MethodGet, target, "", nil)
				if code, _, ext := refusalOf(t, rec); rec.Code != 400 || code != "BAD_REQUEST" || ext["field"] != "query" {
					t.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
				}
			}
		})
		t.Run("a GET with variables that are not JSON", func(t *testing.T) {
			rec := s.send(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ __typename }`)+"&variables=%7Bnope", "", nil)
			if code, _, ext := refusalOf(t, rec); rec.Code != 400 || code != "BAD_REQUEST" || ext["field"] != "variables" {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
		})
		// The server keeps serving.
		access, _ := s.login("CS1001")
		s.post(`{ me { name } }`, nil, withToken(access)).must(t)
	})
}

func TestTransportRefusalsAreJSONWithCodes(t *testing.T) {
	s := newTestServer(t, sqliteForTest(t))
	cases := []struct {
		name, method, target, contentType, body string
		status                                  int
		code, allow                             string
	}{
		{"a mutation over GET", http.MethodGet, "/graphql?query=" + url.QueryEscape(`mutation { logout(input: {}) { revoked } }`), "", "", 405, "METHOD_NOT_ALLOWED", "POST"},
		{"a text/plain POST", http.MethodPost, "/graphql", "text/plain", `{"query":"{ __typename }"}`, 415, "UNSUPPORTED_MEDIA_TYPE", ""},
		{"a urlencoded POST", http.MethodPost, "/graphql", "application/x-www-form-urlencoded", `query=%7B__typename%7D`, 415, "UNSUPPORTED_MEDIA_TYPE", ""},
		{"a POST without a media type", http.MethodPost, "/graphql", "", `{"query":"{ __typename }"}`, 415, "UNSUPPORTED_MEDIA_TYPE", ""},
		{"a PUT", http.MethodPut, "/graphql", "application/json", `{"query":"{ __typename }"}`, 405, "METHOD_NOT_ALLOWED", "GET, POST, OPTIONS"},
		{"a DELETE", http.MethodDelete, "/graphql", "", "", 405, "METHOD_NOT_ALLOWED", "GET, POST, OPTIONS"},
		{"a multipart form that is not a GraphQL request", http.MethodPost, "/graphql", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"nope\"\r\n\r\n1\r\n--x--\r\n", 400, "BAD_REQUEST", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			access, _ := s.login("CS1001")
			rec := s.send(c.method, c.target, c.contentType, []byte(c.body), withToken(access), withHeader("Accept-Language", "en"))
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body.String())
			}
			if code, msg, _ := refusalOf(t, rec); code != c.code || msg == "" {
				t.Fatalf("code %s %q", code, msg)
			}
			if c.allow != "" && rec.Header().Get("Allow") != c.allow {
				t.Errorf("Allow = %q, want %q", rec.Header().Get("Allow"), c.allow)
			}
		})
	}
	t.Run("HEAD is 405 with Allow", func(t *testing.T) {
		rec := s.send(http.MethodHead, "/graphql", "", nil)
		if rec.Code != 405 || rec.Header().Get("Allow") == "" {
			t.Fatalf("%d %v", rec.Code, rec.Header())
		}
	})
}

// The MUST items of the GraphQL-over-HTTP audit (graphql-http) that this server can be
// asked about, so a change at the edge cannot quietly break one.
func TestGraphQLOverHTTPMusts(t *testing.T) {
	s := newTestServer(t, sqliteForTest(t))
	const gqlResp = "application/graphql-response+json"
	post := func(body, accept string) *httptest.ResponseRecorder {
		return s.send(http.MethodPost, "/graphql", "application/json", []byte(body), withHeader("Accept", accept))
	}
	ok := func(t *testing.T, rec *httptest.ResponseRecorder, wantType string) {
		t.Helper()
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), wantType) {
			t.Fatalf("%d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out["data"] == nil {
			t.Fatalf("no data: %s", rec.Body.String())
		}
	}
	for _, accept := range []string{"application/json", gqlResp} {
		t.Run("accepting "+accept, func(t *testing.T) {
			ok(t, post(`{"query":"{ __typename }"}`, accept), accept)
			ok(t, post(`{"query":"query Q { __typename }","operationName":"Q"}`, accept), accept)
			ok(t, post(`{"query":"{ __typename }","variables":null,"operationName":null,"extensions":null}`, accept), accept)
			ok(t, post(`{"query":"query($w: Boolean!) { __typename @include(if: $w) }","variables":{"w":true}}`, accept), accept)
			ok(t, post(`{"query":"{ __typename }","extensions":{"some":"thing"}}`, accept), accept)
			ok(t, s.send(http.MethodPost, "/graphql", "application/json; charset=utf-8", []byte(`{"query":"{ __typename }"}`), withHeader("Accept", accept)), accept)
			get := "/graphql?query=" + url.QueryEscape(`query($w: Boolean!) { __typename @include(if: $w) }`) + "&variables=" + url.QueryEscape(`{"w":true}`)
			ok(t, s.send(http.MethodGet, get, "", nil, withHeader("Accept", accept)), accept)
		})
	}
	t.Run("a JSON parsing failure is 4xx with graphql-response+json", func(t *testing.T) {
		if rec := post(`{"query":`, gqlResp); rec.Code < 400 || rec.Code > 499 {
			t.Fatalf("%d", rec.Code)
		}
	})
	t.Run("invalid parameters are 4xx with graphql-response+json", func(t *testing.T) {
		if rec := post(`{"query":{}}`, gqlResp); rec.Code < 400 || rec.Code > 499 {
			t.Fatalf("%d", rec.Code)
		}
	})
	t.Run("a document that does not parse is 400 with graphql-response+json and has no data", func(t *testing.T) {
		rec := post(`{"query":"{"}`, gqlResp)
		if rec.Code != 400 || strings.Contains(rec.Body.String(), `"data"`) {
			t.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("a POST needs a body", func(t *testing.T) {
		if rec := post(``, gqlResp); rec.Code < 400 || rec.Code > 499 {
			t.Fatalf("%d", rec.Code)
		}
	})
	t.Run("the answer is UTF-8", func(t *testing.T) {
		rec := post(`{"query":"{ __typename }"}`, "application/json")
		if strings.Contains(strings.ToLower(rec.Header().Get("Content-Type")), "charset") && !strings.Contains(strings.ToLower(rec.Header().Get("Content-Type")), "utf-8") {
			t.Fatal(rec.Header().Get("Content-Type"))
		}
	})
}

func TestClientMistakesHaveTheirOwnCodesAndAreNotOurErrors(t *testing.T) {
	d := sqliteForTest(t)
	s := newTestServer(t, d)
	var logs syncBuffer
	s.app.Log = slogTo(&logs)
	s.app.Cfg.Env, s.app.Cfg.Introspection = "production", false
	s.h = newRouter(s.app, newMetrics(d))
	access, _ := s.login("CS1001")
	query := `query Me { me { employeeNo } }`
	apq := func(version any, hash string) []byte {
		b, _ := json.Marshal(map[string]any{"query": query, "extensions": map[string]any{"persistedQuery": map[string]any{"version": version, "sha256Hash": hash}}})
		return b
	}
	cases := []struct {
		name string
		body []byte
		code string
	}{
		{"an APQ hash that is not the query's", apq(1, strings.Repeat("ab", 32)), "PERSISTED_QUERY_HASH_MISMATCH"},
		{"an APQ version other than 1", apq(2, strings.Repeat("ab", 32)), "PERSISTED_QUERY_VERSION_UNSUPPORTED"},
		{"an APQ extension without a hash", []byte(`{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1}}}`), "BAD_REQUEST"},
		{"introspection while it is off", []byte(`{"query":"{ __schema { types { name } } }"}`), "INTROSPECTION_DISABLED"},
		{"introspection of a type through a fragment", []byte(`{"query":"{ ...F } fragment F on Query { __type(name: \"Staff\") { name } }"}`), "INTROSPECTION_DISABLED"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.raw(c.body, withToken(access), withHeader("Accept-Language", "en"))
			if r.Code() != c.code || r.Errors[0].Message == "" {
				t.Fatalf("got %s", r.Raw)
			}
		})
	}
	if r := s.post(`{ __typename }`, nil); len(r.Errors) > 0 {
		t.Errorf("__typename is not introspection: %s", r.Raw)
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("a client's mistake was logged as an error: %s", logs.String())
	}
}

func TestNoSuggestionsInProduction(t *testing.T) {
	d := sqliteForTest(t)
	s := newTestServer(t, d)
	s.app.Cfg.Env, s.app.Cfg.Introspection = "production", false
	s.h = newRouter(s.app, newMetrics(d))
	access, _ := s.login("CS1001")
	for name, q := range map[string]string{
		"a mistyped field":              `{ me { nam } }`,
		"a mistyped argument":           `{ orders(frist: 5) { totalCount } }`,
		"a mistyped enum value":         `{ orders(state: VERIFIE) { totalCount } }`,
		"a mistyped type":               `query($s: OrderStat) { orders(state: $s) { totalCount } }`,
		"an object without a selection": `{ me }`,
		"a mistyped input field":        `mutation { login(input: {employeNo: "x", password: "y"}) { accessToken } }`,
	} {
		t.Run(name, func(t *testing.T) {
			r := s.post(q, nil, withToken(access), withHeader("Accept-Language", "en"))
			if len(r.Errors) == 0 || strings.Contains(r.Raw, "Did you mean") {
				t.Fatalf("got %s", r.Raw)
			}
		})
	}
	t.Run("registering a persisted operation", func(t *testing.T) {
		admin, _ := s.login("CS9001")
		_, secret := s.newClient(admin, map[string]any{"name": "商城", "clientId": "mall-suggest", "scopes": []any{"orders:read"}})
		tok, r := s.partnerToken("mall-suggest", secret)
		r.must(t)
		for _, doc := range []string{`query Recent { orders(frist: 5) { totalCount } }`, `query Recent { orders { totlCount } }`} {
			r = s.post(`mutation($k: String!, $d: String!) { registerPersistedOperation(input: {idempotencyKey: $k, name: "recent", document: $d}) { operation { id } } }`,
				map[string]any{"k": key(), "d": doc}, withToken(tok), withHeader("Accept-Language", "en"))
			if r.Code() != "BAD_USER_INPUT" || strings.Contains(r.Raw, "Did you mean") {
				t.Fatalf("got %s", r.Raw)
			}
		}
	})
}

func TestRefusedDocumentsCostLittleAndSayLittle(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		t.Run("9,000 __typename are refused before validation", func(t *testing.T) {
			q := "{ " + strings.Repeat("__typename ", 9000) + "}"
			if len(q) < 27000 {
				t.Fatalf("document of %d bytes", len(q))
			}
			r := s.post(q, nil)
			if r.Code() != "QUERY_TOO_COMPLEX" || r.Errors[0].Extensions["limit"] != "sameNameFields" || len(r.Errors) != 1 {
				t.Fatalf("%.300s", r.Raw)
			}
		})
		t.Run("4,900 unknown directives are one error, not 9,799", func(t *testing.T) {
			r := s.post("{ __typename "+strings.Repeat("@nope ", 4900)+"}", nil)
			if r.Code() != "QUERY_TOO_COMPLEX" || r.Errors[0].Extensions["limit"] != "directives" || len(r.Errors) != 1 {
				t.Fatalf("%d errors: %.300s", len(r.Errors), r.Raw)
			}
		})
		t.Run("too many aliases", func(t *testing.T) {
			var b strings.Builder
			b.WriteString("{ ")
			for i := range 150 {
				fmt.Fprintf(&b, "a%d: __typename ", i)
			}
			b.WriteString("}")
			if r := s.post(b.String(), nil); r.Code() != "QUERY_TOO_COMPLEX" || r.Errors[0].Extensions["limit"] != "aliases" {
				t.Fatalf("%.300s", r.Raw)
			}
		})
		t.Run("fragments spread into each other cannot multiply the work", func(t *testing.T) {
			var b strings.Builder
			b.WriteString("{ ...F0 }\n")
			for i := range 20 {
				fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
			}
			b.WriteString("fragment F20 on Query { __typename }\n")
			if r := s.post(b.String(), nil); r.Code() != "QUERY_TOO_COMPLEX" {
				t.Fatalf("%.300s", r.Raw)
			}
		})
		t.Run("a long error list is capped with one more saying how many were left out", func(t *testing.T) {
			var b strings.Builder
			b.WriteString("{ ")
			for i := range 300 {
				fmt.Fprintf(&b, "unknown%d ", i)
			}
			b.WriteString("}")
			r := s.post(b.String(), nil, withHeader("Accept-Language", "en"))
			if len(r.Errors) != 51 || r.Code() != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("%d errors: %.300s", len(r.Errors), r.Raw)
			}
			last := r.Errors[50]
			if last.Extensions["omittedErrors"] != float64(250) || last.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(last.Message, "250") {
				t.Errorf("last error: %+v", last)
			}
		})
		t.Run("the standard introspection query and a full page of orders still pass", func(t *testing.T) {
			access, _ := s.login("CS2001")
			s.post(introspectionQuery, nil, withToken(access)).must(t)
			s.post(`{ orders(first: 100) { totalCount edges { cursor node { id waybillNo state consignor { name phoneMasked } consignee { name phoneMasked addressMasked } } } pageInfo { hasNextPage endCursor } } }`, nil, withToken(access)).must(t)
		})
	})
}

// introspectionQuery is graphql-js's getIntrospectionQuery(), which GraphiQL and codegen send.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

func TestCSRFNeedsAHeaderFormsCannotSend(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		login := func() *http.Cookie {
			body, _ := json.Marshal(map[string]any{"query": fmt.Sprintf(`mutation { login(input: {employeeNo: "CS1001", password: %q, refreshTokenDelivery: COOKIE}) { accessToken } }`, demo.Password)})
			rec := s.send(http.MethodPost, "/graphql", "application/json", body)
			for _, c := range rec.Result().Cookies() {
				if c.Name == "cs_refresh" {
					return c
				}
			}
			t.Fatalf("no refresh cookie: %s", rec.Body.String())
			return nil
		}
		multipartRefresh := func() ([]byte, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("operations", `{"query":"mutation { refreshSession(input: {}) { accessToken } }","variables":{}}`)
			_ = mw.WriteField("map", `{}`)
			_ = mw.Close()
			return buf.Bytes(), mw.FormDataContentType()
		}
		withCookie := func(c *http.Cookie) reqOpt { return func(r *http.Request) { r.AddCookie(c) } }

		c := login()
		body, ct := multipartRefresh()
		rec := s.send(http.MethodPost, "/graphql", ct, body, withCookie(c))
		if code, _, _ := refusalOf(t, rec); rec.Code != http.StatusForbidden || code != "CSRF_HEADER_REQUIRED" {
			t.Fatalf("a form's multipart POST with only the cookie: %d %s", rec.Code, rec.Body.String())
		}
		for _, form := range []struct{ ct, body string }{
			{"text/plain", `{"query":"mutation { refreshSession(input: {}) { accessToken } }"}`},
			{"application/x-www-form-urlencoded", `query=mutation%20%7B%20refreshSession(input%3A%20%7B%7D)%20%7B%20accessToken%20%7D%20%7D`},
		} {
			rec := s.send(http.MethodPost, "/graphql", form.ct, []byte(form.body), withCookie(c))
			if code, _, _ := refusalOf(t, rec); rec.Code != http.StatusForbidden || code != "CSRF_HEADER_REQUIRED" {
				t.Fatalf("%s with only the cookie: %d %s", form.ct, rec.Code, rec.Body.String())
			}
		}
		// The refused requests changed nothing: the cookie still refreshes, with the header.
		for _, header := range []string{"X-CSRF", "Apollo-Require-Preflight"} {
			rec = s.send(http.MethodPost, "/graphql", ct, body, withCookie(c), withHeader(header, "1"))
			var out struct {
				Data struct {
					RefreshSession struct{ AccessToken string } `json:"refreshSession"`
				} `json:"data"`
				Errors []gqlError `json:"errors"`
			}
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			if rec.Code != 200 || out.Data.RefreshSession.AccessToken == "" {
				t.Fatalf("with %s: %d %s", header, rec.Code, rec.Body.String())
			}
			for _, nc := range rec.Result().Cookies() {
				if nc.Name == "cs_refresh" {
					c = nc
				}
			}
		}
		// A partner's (or script's) multipart request with a bearer token and no cookie is
		// not concerned.
		access, _ := s.login("CS1002")
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("operations", `{"query":"{ me { name } }","variables":{}}`)
		_ = mw.WriteField("map", `{}`)
		_ = mw.Close()
		rec = s.send(http.MethodPost, "/graphql", mw.FormDataContentType(), buf.Bytes(), withToken(access))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "李娜") {
			t.Fatalf("bearer multipart: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// syncBuffer is a log sink that several goroutines may write at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var _ io.Writer = (*syncBuffer)(nil)

func TestRefusedSocketsAreClosedWith4401SoClientsStopReconnecting(t *testing.T) {
	s := newTestServer(t, sqliteForTest(t))
	srv := httptest.NewServer(s.h)
	defer srv.Close()
	access, _ := s.login("CS1001")
	st, err := s.app.Identity.Me(identity.WithPrincipal(t.Context(), mustVerify(t, s, access)))
	if err != nil {
		t.Fatal(err)
	}
	expired, _, _ := (&identity.Tokens{Keys: s.app.Keys, Cfg: identity.DefaultTokenConfig,
		Now: func() time.Time { return time.Now().Add(-2 * time.Hour) }}).Sign(&identity.Principal{Kind: identity.KindStaff, ID: st.ID}, time.Minute)
	for name, auth := range map[string]string{
		"a bad token":         "Bearer not-a-token",
		"an expired token":    "Bearer " + expired,
		"not a bearer token":  "Basic dXNlcjpwYXNz",
		"a token for another": "Bearer " + strings.Replace(access, ".", ".x", 1),
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			conn, err := dialSocket(ctx, srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": auth}}); err != nil {
				t.Fatal(err)
			}
			for {
				var msg map[string]any
				err := wsjson.Read(ctx, conn, &msg)
				if err == nil {
					if msg["type"] == "connection_ack" {
						t.Fatal("the connection was accepted")
					}
					continue
				}
				if got := websocket.CloseStatus(err); got != 4401 {
					t.Fatalf("closed with %d (%v), want 4401", got, err)
				}
				return
			}
		})
	}
	// A good token still connects.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	conn, err := wsSubscribe(t, ctx, srv.URL, map[string]any{"Authorization": "Bearer " + access}, `subscription { rosterNotificationAdded { id } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

func TestRefusedWebSocketHandshakesAreCodedJSON(t *testing.T) {
	s := newTestServer(t, sqliteForTest(t))
	upgrade := func(extra map[string]string) *httptest.ResponseRecorder {
		h := map[string]string{"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
			"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "graphql-transport-ws"}
		for k, v := range extra {
			if v == "" {
				delete(h, k)
			} else {
				h[k] = v
			}
		}
		var opts []reqOpt
		for k, v := range h {
			opts = append(opts, withHeader(k, v))
		}
		return s.send(http.MethodGet, "/graphql/ws", "", nil, opts...)
	}
	rec := upgrade(map[string]string{"Origin": "https://evil.example"})
	if code, _, _ := refusalOf(t, rec); rec.Code != http.StatusForbidden || code != "FORBIDDEN" {
		t.Errorf("another origin: %d %s", rec.Code, rec.Body.String())
	}
	rec = upgrade(map[string]string{"Sec-WebSocket-Key": ""})
	if code, _, _ := refusalOf(t, rec); rec.Code != http.StatusBadRequest || code != "BAD_REQUEST" {
		t.Errorf("a malformed handshake: %d %s", rec.Code, rec.Body.String())
	}
}
