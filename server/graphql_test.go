package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

func TestLoginAndMe(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, refresh := s.login("CS1001")
		if refresh == "" {
			t.Fatal("BODY delivery must return the refresh token")
		}
		r := s.post(`{ me { employeeNo name roles phoneMasked depot { code name } superior { name phoneMasked } } }`, nil, withToken(access)).must(t)
		if r.path("me", "name") != "张伟" || r.path("me", "depot", "code") != "SH-PD-01" || r.path("me", "superior", "name") != "王芳" {
			t.Fatalf("me = %s", r.Raw)
		}
		if r.path("me", "phoneMasked") != "13812341001" {
			t.Errorf("a person sees their own number in full: %v", r.path("me", "phoneMasked"))
		}
		if r.path("me", "superior", "phoneMasked") != "138****2001" {
			t.Errorf("others' numbers are masked: %v", r.path("me", "superior", "phoneMasked"))
		}
	})
}

func TestRefusalsAreCodedAndLocalised(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		cases := []struct {
			name, lang, employee, password, code, message string
		}{
			{"wrong password in Chinese by default", "", "CS1001", "wrong", "INVALID_CREDENTIALS", "工号或密码错误"},
			{"wrong password in English on request", "en-US,en;q=0.9", "CS1001", "wrong", "INVALID_CREDENTIALS", "Wrong employee number or password"},
			{"unknown employee", "en", "ZZ9999", demo.Password, "INVALID_CREDENTIALS", "Wrong employee number or password"},
			{"empty employee number names the field", "zh-CN", "", "x", "BAD_USER_INPUT", "请输入工号"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := s.post(loginMutation, map[string]any{"no": c.employee, "pw": c.password}, withHeader("Accept-Language", c.lang))
				if r.Code() != c.code || r.Errors[0].Message != c.message {
					t.Fatalf("got %s", r.Raw)
				}
			})
		}
		r := s.post(`{ me { name } }`, nil)
		if r.Code() != "UNAUTHENTICATED" || r.Errors[0].Message != "请先登录" {
			t.Errorf("anonymous me: %s", r.Raw)
		}
	})
}

func TestBadTokensAreRefusedWith401(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS1001")
		st, err := s.app.Identity.Me(identity.WithPrincipal(t.Context(), mustVerify(t, s, access)))
		if err != nil {
			t.Fatal(err)
		}
		expired, _, _ := (&identity.Tokens{Keys: s.app.Keys, Cfg: identity.DefaultTokenConfig,
			Now: func() time.Time { return time.Now().Add(-2 * time.Hour) }}).Sign(&identity.Principal{Kind: identity.KindStaff, ID: st.ID}, time.Minute)
		otherAudience, _, _ := (&identity.Tokens{Keys: s.app.Keys, Cfg: identity.TokenConfig{Issuer: "expresscs", Audience: "someone-else"},
			Now: time.Now}).Sign(&identity.Principal{Kind: identity.KindStaff, ID: st.ID}, time.Minute)
		parts := strings.Split(access, ".")
		none := base64url(`{"alg":"none","typ":"JWT"}`) + "." + parts[1] + "."
		hs := base64url(`{"alg":"HS256","typ":"JWT"}`) + "." + parts[1] + "." + parts[2]
		for name, tok := range map[string]string{
			"expired": expired, "another audience": otherAudience, "alg none": none,
			"another algorithm": hs, "tampered payload": parts[0] + "." + base64url(`{"sub":"x"}`) + "." + parts[2],
		} {
			t.Run(name, func(t *testing.T) {
				r := s.post(`{ me { name } }`, nil, withToken(tok))
				if r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" || r.Data != nil {
					t.Fatalf("got %d %s", r.Status, r.Raw)
				}
				if r.Header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
			})
		}
		r := s.post(`{ me { name } }`, nil, withToken(expired), withHeader("Accept-Language", "en"))
		if r.Errors[0].Extensions["reason"] != "TOKEN_EXPIRED" || !strings.Contains(r.Errors[0].Message, "expired") {
			t.Errorf("expired token not explained: %s", r.Raw)
		}
	})
}

func mustVerify(t *testing.T, s *testServer, tok string) *identity.Principal {
	p, err := s.app.Identity.Tokens.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func base64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func urlQuery(q string) string { return url.QueryEscape(q) }

func sqliteForTest(t *testing.T) *db.DB { return dbtest.SQLite(t) }

func TestCookieSessionForThePWA(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		send := func(query string, cookie *http.Cookie) (*httptest.ResponseRecorder, map[string]any) {
			body, _ := json.Marshal(map[string]any{"query": query})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if cookie != nil {
				req.AddCookie(cookie)
			}
			rec := httptest.NewRecorder()
			s.h.ServeHTTP(rec, req)
			var out map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			return rec, out
		}
		cookieOf := func(rec *httptest.ResponseRecorder) *http.Cookie {
			for _, c := range rec.Result().Cookies() {
				if c.Name == "cs_refresh" {
					return c
				}
			}
			return nil
		}
		rec, out := send(fmt.Sprintf(`mutation { login(input: {employeeNo: "CS1001", password: %q, refreshTokenDelivery: COOKIE}) { accessToken refreshToken } }`, demo.Password), nil)
		c := cookieOf(rec)
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/graphql" {
			t.Fatalf("refresh cookie missing or weak: %+v", c)
		}
		if out["data"].(map[string]any)["login"].(map[string]any)["refreshToken"] != nil {
			t.Fatal("cookie delivery must not put the refresh token in the body")
		}
		rec, out = send(`mutation { refreshSession(input: {}) { accessToken refreshToken } }`, c)
		c2 := cookieOf(rec)
		if c2 == nil || c2.Value == c.Value || out["errors"] != nil {
			t.Fatalf("refresh via cookie did not rotate: %v", out)
		}
		// The new cookie is used, then the old one comes back (a stolen copy): the session
		// ends for everyone.
		rec, out = send(`mutation { refreshSession(input: {}) { accessToken } }`, c2)
		c3 := cookieOf(rec)
		if c3 == nil || out["errors"] != nil {
			t.Fatalf("second refresh: %v", out)
		}
		_, out = send(`mutation { refreshSession(input: {}) { accessToken } }`, c)
		if code := out["errors"].([]any)[0].(map[string]any)["extensions"].(map[string]any)["code"]; code != "REFRESH_TOKEN_REUSED" {
			t.Fatalf("reuse: %v", out)
		}
		_, out = send(`mutation { refreshSession(input: {}) { accessToken } }`, c3)
		if out["errors"] == nil {
			t.Fatal("the family survived reuse")
		}
		// Logout clears the cookie.
		rec, _ = send(fmt.Sprintf(`mutation { login(input: {employeeNo: "CS1002", password: %q, refreshTokenDelivery: COOKIE}) { accessToken } }`, demo.Password), nil)
		rec, out = send(`mutation { logout(input: {}) { revoked } }`, cookieOf(rec))
		if cl := cookieOf(rec); cl == nil || cl.MaxAge >= 0 || out["data"].(map[string]any)["logout"].(map[string]any)["revoked"] != true {
			t.Fatalf("logout: %v %+v", out, cl)
		}
	})
}

func TestRequestLimits(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS2001")
		tok := withToken(access)
		deep := "{ me { " + strings.Repeat("superior { ", 20) + "name" + strings.Repeat(" }", 20) + " } }"
		wide := "{ orgUnits { " + strings.Repeat("children { ", 3) + "staff(first: 100) { edges { node { depot { staff(first: 100) { totalCount } } } } }" + strings.Repeat(" }", 3) + " } }"
		many := "{ " + strings.Repeat("me { name } ", 3000) + "}"
		cycle := `query { me { ...A } } fragment A on Staff { superior { ...B } } fragment B on Staff { superior { ...A } }`
		cases := []struct{ name, query, code string }{
			{"too deep", deep, "QUERY_TOO_DEEP"},
			{"too costly", wide, "QUERY_TOO_COMPLEX"},
			{"too many tokens", many, "QUERY_TOO_LARGE"},
			{"recursive fragments", cycle, "GRAPHQL_VALIDATION_FAILED"},
			{"page larger than 100", `{ orgUnits { staff(first: 101) { totalCount } } }`, "PAGE_SIZE_EXCEEDED"},
			{"nodes larger than 100", `{ nodes(ids: [` + strings.Repeat(`"x",`, 101) + `]) { id } }`, "PAGE_SIZE_EXCEEDED"},
			{"unknown field", `{ me { salary } }`, "GRAPHQL_VALIDATION_FAILED"},
			{"not a query at all", `{ me { name `, "GRAPHQL_PARSE_FAILED"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := s.post(c.query, nil, tok)
				if r.Code() != c.code {
					t.Fatalf("want %s, got %d %.400s", c.code, r.Status, r.Raw)
				}
				if !strings.ContainsAny(r.Errors[0].Message, "查询每页") {
					t.Errorf("message not in Chinese: %q", r.Errors[0].Message)
				}
				// The server keeps serving others.
				s.post(`{ me { name } }`, nil, tok).must(t)
			})
		}
		t.Run("the cost of every request is reported", func(t *testing.T) {
			r := s.post(`{ me { name } }`, nil, tok).must(t)
			cost, _ := r.Extensions["cost"].(map[string]any)
			if cost["requested"].(float64) < 1 || cost["limit"].(float64) != 5000 {
				t.Fatalf("cost = %v", r.Extensions)
			}
		})
		t.Run("a body over the limit is 413", func(t *testing.T) {
			big := []byte(`{"query":"{ me { name } }","variables":{"pad":"` + strings.Repeat("x", 2<<20) + `"}}`)
			r := s.raw(big, tok)
			if r.Status != http.StatusRequestEntityTooLarge || r.Code() != "REQUEST_TOO_LARGE" {
				t.Fatalf("got %d %.200s", r.Status, r.Raw)
			}
			// Without Content-Length too (chunked).
			req := httptest.NewRequest(http.MethodPost, "/graphql", io.MultiReader(bytes.NewReader(big)))
			req.ContentLength = -1
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			s.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Fatalf("chunked: got %d", rec.Code)
			}
		})
	})
}

func TestGraphQLOverHTTPAndPersistedQueries(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS1001")
		r := s.post(`{ me { name } }`, nil, withToken(access), withHeader("Accept", "application/graphql-response+json"))
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/graphql-response+json") {
			t.Errorf("Content-Type = %q", ct)
		}
		query := `query Me { me { employeeNo } }`
		sum := sha256.Sum256([]byte(query))
		apq := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
		hashOnly, _ := json.Marshal(map[string]any{"extensions": apq})
		if r := s.raw(hashOnly, withToken(access)); r.Code() != "PERSISTED_QUERY_NOT_FOUND" || r.Errors[0].Message != "PersistedQueryNotFound" ||
			r.Errors[0].Extensions["localizedMessage"] != "未找到已存储的查询，请发送完整查询" {
			t.Fatalf("unknown hash (the protocol's literal message, the caller's language beside it): %s", r.Raw)
		}
		full, _ := json.Marshal(map[string]any{"query": query, "extensions": apq})
		s.raw(full, withToken(access)).must(t)
		if r := s.raw(hashOnly, withToken(access)).must(t); r.path("me", "employeeNo") != "CS1001" {
			t.Fatalf("by hash: %s", r.Raw)
		}
		// GET serves queries but never mutations.
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+urlQuery(`mutation { logout(input: {}) { revoked } }`), nil)
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK && !strings.Contains(rec.Body.String(), "errors") {
			t.Errorf("GET ran a mutation: %s", rec.Body.String())
		}
	})
}

func TestProductionHidesTheSchema(t *testing.T) {
	d := sqliteForTest(t)
	s := newTestServer(t, d)
	s.app.Cfg.Env, s.app.Cfg.Introspection = "production", false
	s.h = newRouter(s.app, newMetrics(d))
	access, _ := s.login("CS1001")
	r := s.post(`{ __schema { types { name } } }`, nil, withToken(access))
	if len(r.Errors) == 0 {
		t.Error("introspection answered in production")
	}
	r = s.post(`{ me { nam } }`, nil, withToken(access))
	if strings.Contains(r.Raw, "Did you mean") {
		t.Errorf("field suggestions leak the schema: %s", r.Raw)
	}
	req := httptest.NewRequest(http.MethodGet, "/graphiql", nil)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if strings.Contains(rec.Body.String(), "graphiql") {
		t.Error("GraphiQL served in production")
	}
}
