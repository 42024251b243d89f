package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
)

type metricsProbeArgs struct{}

func (metricsProbeArgs) Kind() string { return "metrics_probe" }

// scrape reads /metrics.
func (s *testServer) scrape(t *testing.T) string {
	t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics answered %d", rec.Code)
	}
	return rec.Body.String()
}

// labelValues lists the values of label in the series of metric.
func labelValues(text, metric, label string) []string {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(metric) + `\{[^}]*` + label + `="([^"]*)"`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// TestMetricsOperationLabelIsBounded: invented operation names do not make series; the
// phone app's operations keep their names, a partner's are "partner", the rest "other".
func TestMetricsOperationLabelIsBounded(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		access, _ := s.login("CS1001")
		for i := range 40 {
			s.post(fmt.Sprintf("query Invented%d { me { name } }", i), nil, withToken(access)).must(t)
		}
		s.post("query Me { me { name } }", nil, withToken(access)).must(t)
		partner, _ := s.partnerToken("demo-mall", s.secret)
		s.post("query MallOrders { orders(first: 1) { totalCount } }", nil, withToken(partner)).must(t)
		got := labelValues(s.scrape(t), "cs_graphql_operation_duration_seconds_count", "operation")
		if want := []string{"Me", "other", "partner"}; !slices.Equal(got, want) {
			t.Fatalf("operation labels = %v, want %v", got, want)
		}
	})
}

// TestMetricsForOperators: HTTP latency by route, build information, open subscriptions by
// transport (a subscription is not a request's latency), and the job queue and webhook
// deliveries read from the database on both engines.
func TestMetricsForOperators(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		ctx := context.Background()
		if _, err := s.app.Jobs.Insert(ctx, metricsProbeArgs{}, &river.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		access, _ := s.login("CS1001")
		srv := httptest.NewServer(s.h)
		defer srv.Close()
		subCtx, cancel := context.WithCancel(ctx)
		lines := sseStream(t, subCtx, srv.URL, access, "subscription TicketUpdated { ticketUpdated { id } }")
		// The gauge and the counter are two series that one scrape may collect at different
		// instants (the registry gathers collectors concurrently), so wait for both: waiting
		// for the gauge alone once read the counter before the subscription had counted it.
		open := regexp.MustCompile(`(?m)^cs_graphql_subscriptions_open\{operation="TicketUpdated",transport="sse"\} 1$`)
		started := regexp.MustCompile(`(?m)^cs_graphql_subscriptions_started_total\{operation="TicketUpdated",transport="sse"\} 1$`)
		var text string
		waitFor(t, "the open SSE subscription to be counted open and started", func() bool {
			text = s.scrape(t)
			return open.MatchString(text) && started.MatchString(text)
		})
		for _, want := range []string{
			`cs_graphql_subscriptions_open{operation="other",transport="websocket"} 0`,
			`cs_http_request_duration_seconds_count{route="graphql"}`,
			`cs_build_info{go_version="go`,
			`cs_jobs{kind="metrics_probe",state="scheduled"} 1`,
			`cs_queue_scrape_error 0`,
			// The scrape itself is in flight; the open SSE stream is a subscription, not a request.
			`cs_http_requests_in_flight{route="/metrics"} 1`,
			`cs_http_requests_in_flight{route="graphql"} 0`,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if slices.Contains(labelValues(text, "cs_graphql_operation_duration_seconds_count", "operation"), "TicketUpdated") {
			t.Error("a subscription was timed as an operation")
		}
		cancel()
		for range lines {
		}
		closed := regexp.MustCompile(`(?m)^cs_graphql_subscriptions_open\{operation="TicketUpdated",transport="sse"\} 0$`)
		waitFor(t, "the closed subscription to be uncounted", func() bool { return closed.MatchString(s.scrape(t)) })
	})
}

// TestMetricsRouteLabelIsBounded: paths a client invents (probes under /.well-known/,
// deep links) do not make series of their own.
func TestMetricsRouteLabelIsBounded(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		for i := range 30 {
			for _, p := range []string{"/.well-known/probe-%d", "/orders/%d", "/graphql%d"} {
				rec := httptest.NewRecorder()
				s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf(p, i), nil))
			}
		}
		text := s.scrape(t)
		for _, metric := range []string{"cs_http_requests_total", "cs_http_request_duration_seconds_count", "cs_http_requests_in_flight"} {
			for _, route := range labelValues(text, metric, "route") {
				if !slices.Contains([]string{"graphql", "media", "pwa", "/healthz", "/readyz", "/metrics",
					"/.well-known/jwks.json", "/.well-known/other"}, route) {
					t.Errorf("%s has a series for route %q", metric, route)
				}
			}
		}
		if got := labelValues(text, "cs_http_requests_total", "route"); !slices.Contains(got, "/.well-known/other") || !slices.Contains(got, "pwa") {
			t.Errorf("the probes were not counted: routes %v", got)
		}
	})
}
