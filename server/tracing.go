package main

import (
	"net/http"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/expresscs/cs/internal/telemetry"
)

// traceRequests makes a span of each request (not of /healthz and /metrics, which probes
// and scrapers call every few seconds), continuing the caller's trace when it sends a W3C
// traceparent. It runs inside requestContext, so the span has the request id. The span
// says the method, the route and the path as the access log does (loggablePath: a path
// a client made up is "other"), and the status; never a header, the query string, the
// client's address or a body.
func traceRequests(tracer trace.Tracer, next http.Handler) http.Handler {
	if tracer == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := routeOf(r.URL.Path)
		if route == "/healthz" || route == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := telemetry.Propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		method := r.Method
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
			http.MethodOptions, http.MethodConnect, http.MethodTrace:
		default:
			method = "_OTHER"
		}
		ctx, span := tracer.Start(ctx, method+" "+route, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
			attribute.String("http.request.method", method),
			attribute.String("http.route", route),
			attribute.String("url.path", loggablePath(r.URL.Path)),
		))
		defer span.End()
		defer func() {
			// A panic is answered 500 by requestContext, outside this span.
			if p := recover(); p != nil {
				span.SetAttributes(attribute.Int("http.response.status_code", http.StatusInternalServerError))
				span.SetStatus(codes.Error, "panic")
				panic(p)
			}
		}()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		span.SetAttributes(attribute.Int("http.response.status_code", status))
		if status >= 500 {
			span.SetStatus(codes.Error, "")
		}
	})
}
