package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	stdlog "log"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket/wsjson"

	"github.com/expresscs/cs/internal/order"
)

// Known secrets are planted in every kind of failing request; no log line, at any level,
// from our logger, the standard library's logger (gqlgen writes to it) or the HTTP
// server's, may carry one.
func TestNoSecretReachesALogOnAnyRefusalPath(t *testing.T) {
	const (
		password = "Pa55-Secret!xyz"
		phone    = "13812345678"
		address  = "秘密路 88 号 7 楼"
		bearer   = "sekret-bearer-token-1234567890"
	)
	d := sqliteForTest(t)
	s := newTestServer(t, d)
	var logs syncBuffer
	s.app.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	stdOut, stdFlags := stdlog.Writer(), stdlog.Flags()
	stdlog.SetOutput(&logs)
	t.Cleanup(func() { stdlog.SetOutput(stdOut); stdlog.SetFlags(stdFlags) })
	s.h = newRouter(s.app, newMetrics(d))
	srv := httptest.NewUnstartedServer(s.h)
	srv.Config.ErrorLog = stdlog.New(&logs, "http: ", 0)
	srv.Start()
	defer srv.Close()

	access, _ := s.login("CS1001")
	secrets := []string{password, phone, address, bearer, access, access[strings.LastIndex(access, ".")+1:]}
	admin, _ := s.login("CS9001")
	_, partnerSecret := s.newClient(admin, map[string]any{"name": "小店", "clientId": "tiny-shop", "scopes": []any{"orders:read"}, "budgetPerMinute": 100})
	partner, r := s.partnerToken("tiny-shop", partnerSecret)
	r.must(t)
	secrets = append(secrets, partnerSecret, partner)

	in := orderInput()
	in["consignor"].(map[string]any)["phone"] = phone
	in["consignor"].(map[string]any)["detail"] = address
	secretVars := map[string]any{"in": in, "pw": password, "phone": phone, "address": address}
	body := func(query string, vars map[string]any) []byte {
		b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		return b
	}
	type request struct {
		name        string
		method      string
		path        string
		contentType string
		body        []byte
		header      map[string]string
	}
	jsonPost := func(name string, b []byte, header map[string]string) request {
		return request{name: name, method: http.MethodPost, path: "/graphql", contentType: "application/json", body: b, header: header}
	}
	auth := map[string]string{"Authorization": "Bearer " + access}
	deep := "{ me { " + strings.Repeat("superior { ", 20) + "name" + strings.Repeat(" }", 20) + " } }"
	var multipartBody bytes.Buffer
	mw := multipart.NewWriter(&multipartBody)
	_ = mw.WriteField("operations", `{"query":"mutation { login(input: {employeeNo: \"CS1001\", password: \"`+password+`\"}) { accessToken } }", "variables": {"phone": "`+phone+`"`)
	_ = mw.Close()

	requests := []request{
		jsonPost("malformed JSON (a login with a trailing comma)", []byte(`{"query":"mutation { login(input: {employeeNo: \"CS1001\", password: \"`+password+`\"}) { accessToken } }","variables":{"phone":"`+phone+`","address":"`+address+`"},}`), nil),
		jsonPost("a batch", []byte(`[{"query":"{ me { name } }","variables":{"pw":"`+password+`","phone":"`+phone+`"}}]`), nil),
		jsonPost("deep variables", []byte(`{"query":"{ me { name } }","variables":{"pw":"`+password+`","x":`+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}}`), nil),
		jsonPost("a validation error", body(`query($in: IntakeOrderInput!, $pw: String, $phone: String, $address: String) { intakeOrder(input: $in) { nope } }`, secretVars), auth),
		jsonPost("a variable of the wrong type", body(`query($n: Int) { __typename }`, map[string]any{"n": phone + password}), auth),
		jsonPost("a literal in a document that does not parse", body(`{ orders(search: "`+phone+` `+address+`") { `, nil), auth),
		jsonPost("a refused login", body(`mutation($pw: String!) { login(input: {employeeNo: "CS1001", password: $pw}) { accessToken } }`, map[string]any{"pw": password}), nil),
		jsonPost("an unknown employee's login", body(`mutation($pw: String!) { login(input: {employeeNo: "`+phone+`", password: $pw}) { accessToken } }`, map[string]any{"pw": password}), nil),
		jsonPost("a bad bearer token", body(`{ me { name } }`, nil), map[string]string{"Authorization": "Bearer " + bearer}),
		jsonPost("too deep", body(deep, secretVars), auth),
		jsonPost("too many tokens", body("{ "+strings.Repeat(`orders(search: "`+phone+`") { totalCount } `, 2000)+"}", nil), auth),
		jsonPost("too complex", body(`query($phone: String) { a: orders(first: 100, search: $phone) { edges { node { id } } } b: orders(first: 100, search: $phone) { edges { node { consignor { name } consignee { name } goods { name } } } } }`, map[string]any{"phone": phone}), auth),
		jsonPost("a resolver error with secret input", body(intakeMutation, map[string]any{"in": map[string]any{"idempotencyKey": "not-a-uuid", "consignor": in["consignor"]}}), auth),
		jsonPost("an APQ hash mismatch", []byte(`{"query":"{ orders(search: \"`+phone+`\") { totalCount } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"`+strings.Repeat("0", 64)+`"}}}`), auth),
		{name: "a body over the limit", method: http.MethodPost, path: "/graphql", contentType: "application/json",
			body: []byte(`{"query":"{ me { name } }","variables":{"pw":"` + password + `","pad":"` + strings.Repeat(phone, 200000) + `"}}`), header: auth},
		{name: "a text/plain POST", method: http.MethodPost, path: "/graphql", contentType: "text/plain", body: body(`mutation { login(input: {employeeNo: "CS1001", password: "`+password+`"}) { accessToken } }`, nil)},
		{name: "a form POST with only the cookie", method: http.MethodPost, path: "/graphql", contentType: "multipart/form-data; boundary=x",
			body: []byte("--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n" + password + "\r\n--x--\r\n"), header: map[string]string{"Cookie": "cs_refresh=" + bearer}},
		{name: "a malformed multipart request", method: http.MethodPost, path: "/graphql", contentType: mw.FormDataContentType(), body: multipartBody.Bytes(), header: auth},
		{name: "a malformed SSE request", method: http.MethodPost, path: "/graphql", contentType: "application/json",
			body: []byte(`{"query":"subscription { rosterNotificationAdded { id } }","variables":{"pw":"` + password + `"},}`), header: map[string]string{"Accept": "text/event-stream", "Authorization": "Bearer " + access}},
		{name: "a GET with secrets in the URL", method: http.MethodGet, path: "/graphql?query=" + url.QueryEscape(`query($phone: String) { orders(search: $phone) { nope } }`) + "&variables=" + url.QueryEscape(`{"phone":"`+phone+`","pw":"`+password+`"}`), header: auth},
		{name: "a GET mutation with secrets", method: http.MethodGet, path: "/graphql?query=" + url.QueryEscape(`mutation { login(input: {employeeNo: "CS1001", password: "`+password+`"}) { accessToken } }`)},
		{name: "a path with a secret", method: http.MethodGet, path: "/graphql/" + phone + "?pw=" + url.QueryEscape(password)},
	}
	// A partner query costlier than the whole budget (QUERY_OVER_BUDGET), then over what is
	// left of it (429), and the public look-up's per-address budget.
	requests = append(requests, jsonPost("a partner query over the whole budget",
		body(`query($phone: String) { orders(first: 100, search: $phone) { edges { node { id waybillNo } } } }`, map[string]any{"phone": phone}),
		map[string]string{"Authorization": "Bearer " + partner}))
	for i := range 12 {
		requests = append(requests, jsonPost(fmt.Sprintf("a partner over its budget (%d)", i),
			body(`query($phone: String) { orders(first: 10, search: $phone) { edges { node { id waybillNo } } } }`, map[string]any{"phone": phone}),
			map[string]string{"Authorization": "Bearer " + partner}))
	}
	for i := range 35 {
		requests = append(requests, jsonPost(fmt.Sprintf("a look-up over the address's budget (%d)", i),
			body(`query($w: String!, $d: String!, $address: String) { customerTracking(waybillNo: $w, phoneLast4: $d) { status } }`,
				map[string]any{"w": order.NewWaybillNo(), "d": phone[7:], "address": address}), nil))
	}

	statuses := map[int]int{}
	for _, rq := range requests {
		req, _ := http.NewRequest(rq.method, srv.URL+rq.path, bytes.NewReader(rq.body))
		if rq.contentType != "" {
			req.Header.Set("Content-Type", rq.contentType)
		}
		for k, v := range rq.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", rq.name, err)
		}
		resp.Body.Close()
		statuses[resp.StatusCode]++
	}
	for _, want := range []int{400, 401, 403, 405, 413, 415, 429} {
		if statuses[want] == 0 {
			t.Errorf("no request was refused with %d (statuses %v): the test does not cover that path", want, statuses)
		}
	}

	// A resolver panic with the secrets in its input: the order service is missing.
	s.app.Orders = nil
	s.h = newRouter(s.app, newMetrics(d))
	panicking := httptest.NewServer(s.h)
	defer panicking.Close()
	req, _ := http.NewRequest(http.MethodPost, panicking.URL+"/graphql", bytes.NewReader(body(intakeMutation, map[string]any{"in": in})))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.Contains(logs.String(), `"msg":"panic"`) {
		t.Errorf("the resolver did not panic: the test does not cover that path")
	}

	// A WebSocket refused for its token.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := dialSocket(ctx, srv.URL)
	if err == nil {
		_ = wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + bearer}})
		var msg map[string]any
		for wsjson.Read(ctx, conn, &msg) == nil {
		}
		conn.CloseNow()
	}

	lines := strings.Split(logs.String(), "\n")
	if len(lines) < len(requests) {
		t.Fatalf("only %d log lines for %d requests: is the log captured?", len(lines), len(requests))
	}
	for _, line := range lines {
		for _, secret := range secrets {
			if strings.Contains(line, secret) {
				t.Errorf("a log line carries the secret %.12q…: %.300s", secret, line)
			}
		}
	}
}
