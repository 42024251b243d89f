package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/telemetry"
)

// otlpReceiver is an OTLP/HTTP trace receiver: it decodes each protobuf export request
// as a collector would and keeps the spans.
type otlpReceiver struct {
	srv   *httptest.Server
	mu    sync.Mutex
	spans []*tracepb.Span
	res   []*commonpb.KeyValue
	bad   []string
}

func newOTLPReceiver(t *testing.T) *otlpReceiver {
	r := &otlpReceiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var body io.Reader = req.Body
		if req.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(req.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		raw, _ := io.ReadAll(body)
		var ex collectortrace.ExportTraceServiceRequest
		r.mu.Lock()
		defer r.mu.Unlock()
		if req.URL.Path != "/v1/traces" || req.Header.Get("Content-Type") != "application/x-protobuf" {
			r.bad = append(r.bad, req.URL.Path+" "+req.Header.Get("Content-Type"))
		}
		if err := proto.Unmarshal(raw, &ex); err != nil {
			r.bad = append(r.bad, "undecodable: "+err.Error())
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, rs := range ex.ResourceSpans {
			r.res = append(r.res, rs.GetResource().GetAttributes()...)
			for _, ss := range rs.ScopeSpans {
				r.spans = append(r.spans, ss.Spans...)
			}
		}
		out, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *otlpReceiver) all() []*tracepb.Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*tracepb.Span(nil), r.spans...)
}

func attr(s *tracepb.Span, key string) (string, bool) {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			if sv, ok := kv.Value.Value.(*commonpb.AnyValue_StringValue); ok {
				return sv.StringValue, true
			}
			return kv.Value.String(), true
		}
	}
	return "", false
}

// everyText is every string a span carries: name, attribute keys and values, events,
// links and status message.
func everyText(s *tracepb.Span) string {
	var b strings.Builder
	b.WriteString(s.Name + "\n" + s.GetStatus().GetMessage() + "\n")
	kvs := append([]*commonpb.KeyValue(nil), s.Attributes...)
	for _, e := range s.Events {
		b.WriteString(e.Name + "\n")
		kvs = append(kvs, e.Attributes...)
	}
	for _, l := range s.Links {
		kvs = append(kvs, l.Attributes...)
	}
	for _, kv := range kvs {
		b.WriteString(kv.Key + "=" + kv.Value.String() + "\n")
	}
	return b.String()
}

func tracedServer(t *testing.T, d *db.DB) (*testServer, *telemetry.Tracing, *otlpReceiver) {
	t.Helper()
	t.Setenv("OTEL_SDK_DISABLED", "")
	rcv := newOTLPReceiver(t)
	tr, err := telemetry.New(t.Context(), telemetry.Config{Endpoint: rcv.srv.URL, Version: "test"})
	if err != nil || tr == nil {
		t.Fatalf("tracing: %v %v", tr, err)
	}
	t.Cleanup(func() { _ = tr.Shutdown(context.Background()) })
	return newTestServerTraced(t, d, event.NewLocal(quietLog), t.TempDir(), tr), tr, rcv
}

// TestTracesExportedOverOTLPCarryTheRequestIDAndNothingPersonal: with an OTLP endpoint, a
// request makes an HTTP span, a span of the GraphQL operation by name, one of its root
// field and SQL spans under it, all with the request id, exported as OTLP protobuf; the
// password and the phone number sent in variables are in no span.
func TestTracesExportedOverOTLPCarryTheRequestIDAndNothingPersonal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, tr, rcv := tracedServer(t, d)
		const phone, street = "13987651234", "秘密街 77 号"
		r := s.post(`mutation TraceLogin($no: String!, $pw: String!) { login(input: {employeeNo: $no, password: $pw, refreshTokenDelivery: BODY}) { accessToken } }`,
			map[string]any{"no": "CS1001", "pw": demo.Password}, withHeader("X-Request-Id", "trace-login-0001")).must(t)
		tok := r.path("login", "accessToken").(string)
		in := orderInput()
		in["consignor"].(map[string]any)["phone"] = phone
		in["consignee"].(map[string]any)["detail"] = street
		s.post(`mutation TraceIntake($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id } } }`, map[string]any{"in": in},
			withToken(tok), withHeader("X-Request-Id", "trace-intake-0001")).must(t)
		// A document with the phone as a literal, refused in validation, and one that runs.
		s.post(`query TraceBad { nope(phone: "`+phone+`") }`, nil, withToken(tok), withHeader("X-Request-Id", "trace-bad-0001"))
		s.post(`query TraceSearch { orders(first: 1, search: "`+phone+`") { totalCount } }`, nil, withToken(tok),
			withHeader("X-Request-Id", "trace-search-0001"), withHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).must(t)
		// A made-up path (a deep link that could carry a phone number) is "other".
		req := httptest.NewRequest(http.MethodGet, "/track/"+phone+"?phone="+phone, nil)
		req.Header.Set("X-Request-Id", "trace-pwa-0001")
		s.h.ServeHTTP(httptest.NewRecorder(), req)
		if err := tr.ForceFlush(t.Context()); err != nil {
			t.Fatal(err)
		}
		spans := rcv.all()
		if len(rcv.bad) > 0 {
			t.Fatalf("bad exports: %v", rcv.bad)
		}
		byID := map[string]*tracepb.Span{}
		for _, sp := range spans {
			byID[hex.EncodeToString(sp.SpanId)] = sp
		}
		under := func(sp, anc *tracepb.Span) bool {
			for p := byID[hex.EncodeToString(sp.ParentSpanId)]; p != nil; p = byID[hex.EncodeToString(p.ParentSpanId)] {
				if p == anc {
					return true
				}
			}
			return false
		}
		for _, id := range []string{"trace-login-0001", "trace-intake-0001"} {
			var httpSpan, opSpan, fieldSpan *tracepb.Span
			var sqlSpans []*tracepb.Span
			var trace []byte
			for _, sp := range spans {
				if rid, _ := attr(sp, "cs.request_id"); rid != id {
					continue
				}
				trace = sp.TraceId
				switch {
				case sp.Kind == tracepb.Span_SPAN_KIND_SERVER:
					httpSpan = sp
				case strings.HasPrefix(sp.Name, "mutation "):
					opSpan = sp
				case strings.HasPrefix(sp.Name, "Mutation."):
					fieldSpan = sp
				default:
					if _, ok := attr(sp, "db.statement"); ok {
						sqlSpans = append(sqlSpans, sp)
					}
				}
			}
			if httpSpan == nil || opSpan == nil || fieldSpan == nil || len(sqlSpans) == 0 {
				t.Fatalf("%s: http %v, operation %v, field %v, %d SQL spans", id, httpSpan != nil, opSpan != nil, fieldSpan != nil, len(sqlSpans))
			}
			if route, _ := attr(httpSpan, "http.route"); route != "graphql" || httpSpan.Name != "POST graphql" {
				t.Errorf("%s: HTTP span %q route %q", id, httpSpan.Name, route)
			}
			wantOp := map[string]string{"trace-login-0001": "TraceLogin", "trace-intake-0001": "TraceIntake"}[id]
			if n, _ := attr(opSpan, "graphql.operation.name"); n != wantOp || opSpan.Name != "mutation "+wantOp {
				t.Errorf("%s: operation span %q name %q", id, opSpan.Name, n)
			}
			if typ, _ := attr(opSpan, "graphql.operation.type"); typ != "mutation" {
				t.Errorf("%s: operation type %q", id, typ)
			}
			if !under(opSpan, httpSpan) || !under(fieldSpan, opSpan) {
				t.Errorf("%s: the operation span is not under the HTTP span, or the field span not under it", id)
			}
			// Statements run by the root field are its children; the rest (the organisation
			// tree read when the token is verified) are under the HTTP span.
			var inField int
			for _, sp := range sqlSpans {
				if under(sp, fieldSpan) {
					inField++
				} else if !under(sp, httpSpan) {
					st, _ := attr(sp, "db.statement")
					t.Errorf("%s: SQL span %q (%s) is not under the HTTP span", id, sp.Name, st)
				}
			}
			if inField == 0 {
				t.Errorf("%s: no SQL span under the field span", id)
			}
			// Every span of the request's trace carries its id.
			for _, sp := range spans {
				if bytes.Equal(sp.TraceId, trace) {
					if rid, _ := attr(sp, "cs.request_id"); rid != id {
						t.Errorf("%s: span %q of its trace has request id %q", id, sp.Name, rid)
					}
				}
			}
		}
		var sawPWA, sawInsert, sawBad, sawSearch bool
		for _, sp := range spans {
			rid, _ := attr(sp, "cs.request_id")
			if rid == "trace-bad-0001" && sp.Name == "GraphQL operation" {
				sawBad = true
				if c := everyText(sp); !strings.Contains(c, "GRAPHQL_VALIDATION_FAILED") {
					t.Errorf("the refused operation's span says its error code: %s", c)
				}
			}
			if rid == "trace-search-0001" && sp.Kind == tracepb.Span_SPAN_KIND_SERVER {
				sawSearch = true
				if hex.EncodeToString(sp.TraceId) != "0af7651916cd43dd8448eb211c80319c" || hex.EncodeToString(sp.ParentSpanId) != "b7ad6b7169203331" {
					t.Errorf("the caller's traceparent is not continued: trace %x parent %x", sp.TraceId, sp.ParentSpanId)
				}
			}
			text := everyText(sp)
			for _, secret := range []string{phone, demo.Password, street, "87654321", "Bearer", tok[:20]} {
				if strings.Contains(text, secret) {
					t.Errorf("span %q carries %q:\n%s", sp.Name, secret, text)
				}
			}
			if rid, _ := attr(sp, "cs.request_id"); rid == "trace-pwa-0001" && sp.Kind == tracepb.Span_SPAN_KIND_SERVER {
				sawPWA = true
				if p, _ := attr(sp, "url.path"); p != "other" {
					t.Errorf("a made-up path is traced as %q", p)
				}
			}
			if st, _ := attr(sp, "db.statement"); strings.Contains(st, "INSERT INTO") && strings.Contains(st, "orders") {
				sawInsert = true
			}
		}
		if !sawPWA || !sawInsert || !sawBad || !sawSearch {
			t.Errorf("PWA request span %v, order INSERT span %v, refused operation %v, search %v", sawPWA, sawInsert, sawBad, sawSearch)
		}
		for _, kv := range rcv.res {
			if kv.Key == "service.name" && kv.Value.GetStringValue() != telemetry.ServiceName {
				t.Errorf("service.name %q", kv.Value.GetStringValue())
			}
		}
	})
}

// TestJobSpansCarryTheRequestIDThatEnqueuedThem: a webhook delivery enqueued by a
// partner's tracking event is traced when it is inserted (under the request) and when it
// is worked (a span linked to the inserting trace), both with the request's id.
func TestJobSpansCarryTheRequestIDThatEnqueuedThem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, tr, rcv := tracedServer(t, d)
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		_, secret := s.newClient(admin, map[string]any{"name": "追踪商城", "clientId": "trace-1",
			"scopes": []string{"orders:read", "tracking:read", "tracking:write", "webhooks"}})
		tok, _ := s.partnerToken("trace-1", secret)
		hit := make(chan struct{}, 1)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case hit <- struct{}{}:
			default:
			}
		}))
		defer srv.Close()
		s.post(`mutation($url: String!, $k: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: $url, events: [DELIVERED]}) { endpoint { id } } }`,
			map[string]any{"url": srv.URL + "/hooks", "k": key()}, withToken(tok)).must(t)
		o := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "trace-1", "partnerClientId")))
		s.post(recordEvents, map[string]any{"events": []any{ev("t-1", o["waybillNo"].(string), "SIGNED", time.Now().Add(-time.Minute), "signerName", "刘女士")}},
			withToken(tok), withHeader("X-Request-Id", "trace-event-0001")).must(t)

		if err := s.app.Jobs.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		select {
		case <-hit:
		case <-time.After(30 * time.Second):
			t.Fatal("the webhook was not delivered")
		}
		// Stop lets the running delivery finish, so its work span has ended.
		if err := s.app.Jobs.Stop(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := tr.ForceFlush(t.Context()); err != nil {
			t.Fatal(err)
		}
		var insert, work *tracepb.Span
		for _, sp := range rcv.all() {
			rid, _ := attr(sp, "cs.request_id")
			switch {
			case sp.Name == "river.insert_many" && rid == "trace-event-0001":
				insert = sp
			case strings.HasPrefix(sp.Name, "river.work/") && rid == "trace-event-0001":
				work = sp
			}
			if strings.Contains(everyText(sp), "刘女士") {
				t.Errorf("span %q carries the signer's name", sp.Name)
			}
		}
		if insert == nil || work == nil {
			t.Fatalf("insert span %v, work span %v (with the request id)", insert != nil, work != nil)
		}
		if len(work.Links) != 1 || !bytes.Equal(work.Links[0].TraceId, insert.TraceId) {
			t.Errorf("the work span links to the inserting trace: %v", work.Links)
		}
	})
}

// TestTracingIsOffUnlessConfigured: without --otlp-endpoint and the standard variables
// there is no tracer at all (no exporter, no hook, no middleware); the standard variable
// alone turns it on; a malformed endpoint is refused at start.
func TestTracingIsOffUnlessConfigured(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	t.Setenv("OTEL_SDK_DISABLED", "")
	tr, err := telemetry.New(t.Context(), telemetry.Config{})
	if err != nil || tr != nil {
		t.Fatalf("tracing without configuration: %v %v", tr, err)
	}
	if tr.Provider() != nil || tr.Tracer("x") != nil || tr.ForceFlush(t.Context()) != nil || tr.Shutdown(t.Context()) != nil {
		t.Error("tracing off has a provider or a tracer")
	}
	h := &struct{ http.Handler }{http.NotFoundHandler()}
	if got, ok := traceRequests(nil, h).(*struct{ http.Handler }); !ok || got != h {
		t.Error("with tracing off requests are wrapped")
	}
	rcv := newOTLPReceiver(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.srv.URL)
	tr, err = telemetry.New(t.Context(), telemetry.Config{})
	if err != nil || tr == nil {
		t.Fatalf("OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on: %v %v", tr, err)
	}
	_, span := tr.Tracer("test").Start(t.Context(), "probe")
	span.End()
	if err := tr.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := rcv.all(); len(got) != 1 || got[0].Name != "probe" || len(rcv.bad) > 0 {
		t.Errorf("spans sent to the standard endpoint: %v %v", got, rcv.bad)
	}
	t.Setenv("OTEL_SDK_DISABLED", "true")
	if tr, err := telemetry.New(t.Context(), telemetry.Config{Endpoint: rcv.srv.URL}); tr != nil || err != nil {
		t.Errorf("OTEL_SDK_DISABLED=true leaves tracing on: %v %v", tr, err)
	}
	for _, bad := range []string{"collector:4318", "ftp://collector", "http://user:pw@collector:4318", "http://collector:4318/?token=x",
		"http://", "http://collector\x00:4318", "http://coll\u202eector", "http://collector#x", strings.Repeat("h", 10000)} {
		cfg := &Config{Env: "development", MaxPasswordChecks: 1, OTLPEndpoint: bad}
		if err := cfg.finish(); err == nil || !strings.Contains(err.Error(), "--otlp-endpoint") {
			t.Errorf("--otlp-endpoint %.40q: %v", bad, err)
		}
	}
	cfg := &Config{Env: "development", MaxPasswordChecks: 1, OTLPEndpoint: "http://127.0.0.1:4318"}
	if err := cfg.finish(); err != nil {
		t.Errorf("a good endpoint is refused: %v", err)
	}
}

// TestSubscriptionsWorkTraced: with tracing on, a subscription over server-sent events
// streams as before, and subscribing has its span (with the request id) whose root field
// span is under it.
func TestSubscriptionsWorkTraced(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, tr, rcv := tracedServer(t, d)
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		wb := o["waybillNo"].(string)
		m := s.bus.mark()
		next := sseSubscribe(t, ctx, srv.URL, agent, `subscription TraceFollow($w: String!) { trackingUpdated(waybillNo: $w) { milestone } }`, map[string]any{"w": wb})
		s.bus.await(t, m, 1)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", time.Now().Add(-time.Minute))}}, withToken(agent)).must(t)
		if msg := next(); msg["data"].(map[string]any)["trackingUpdated"].(map[string]any)["milestone"] != "PICKED_UP" {
			t.Fatalf("message: %v", msg)
		}
		if err := tr.ForceFlush(t.Context()); err != nil {
			t.Fatal(err)
		}
		var op, field *tracepb.Span
		for _, sp := range rcv.all() {
			switch sp.Name {
			case "subscription TraceFollow":
				op = sp
			case "Subscription.trackingUpdated":
				field = sp
			}
		}
		if op == nil || field == nil || !bytes.Equal(field.ParentSpanId, op.SpanId) {
			t.Fatalf("subscribe span %v, field span %v under it", op != nil, field != nil)
		}
		if rid, _ := attr(op, "cs.request_id"); rid == "" {
			t.Error("the subscribe span has no request id")
		}
	})
}

// TestTracedPanicIsAnErrorSpanAndAnswered500: a handler's panic still reaches
// requestContext's recovery (500), and its span ends as an error with the status 500.
func TestTracedPanicIsAnErrorSpanAndAnswered500(t *testing.T) {
	d := sqliteForTest(t)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	h := requestContext(quietLog, newMetrics(d), traceRequests(tp.Tracer("test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
	spans := exp.GetSpans()
	if rec.Code != 500 || len(spans) != 1 {
		t.Fatalf("answered %d, %d spans", rec.Code, len(spans))
	}
	var status int64
	for _, a := range spans[0].Attributes {
		if a.Key == "http.response.status_code" {
			status = a.Value.AsInt64()
		}
	}
	if spans[0].Status.Code != codes.Error || status != 500 {
		t.Errorf("span status %v, HTTP status %d", spans[0].Status, status)
	}
}

// TestServeWiresTracingFromTheFlag: what serve does with --otlp-endpoint: the app it
// opens sends the spans of its statements to that endpoint (at /v1/traces).
func TestServeWiresTracingFromTheFlag(t *testing.T) {
	t.Setenv("OTEL_SDK_DISABLED", "")
	rcv := newOTLPReceiver(t)
	cfg, err := configFrom(t, "--otlp-endpoint", rcv.srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := telemetry.New(t.Context(), telemetry.Config{Endpoint: cfg.OTLPEndpoint, Version: version})
	if err != nil || tr == nil {
		t.Fatalf("tracing: %v %v", tr, err)
	}
	app, err := openApp(t.Context(), cfg, quietLog, tr)
	if err != nil {
		t.Fatal(err)
	}
	defer app.DB.Close()
	var n int
	if err := app.DB.R.NewRaw("SELECT COUNT(*) FROM org_units").Scan(t.Context(), &n); err != nil {
		t.Fatal(err)
	}
	if err := tr.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	var sawSQL bool
	for _, sp := range rcv.all() {
		if st, _ := attr(sp, "db.statement"); st == "SELECT COUNT(*) FROM org_units" {
			sawSQL = true
		}
	}
	if !sawSQL || len(rcv.bad) > 0 || app.Tracing != tr {
		t.Errorf("statement traced %v, bad exports %v", sawSQL, rcv.bad)
	}
}
