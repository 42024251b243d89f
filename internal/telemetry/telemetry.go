// Package telemetry sets up OpenTelemetry tracing: spans of HTTP requests, GraphQL
// operations and root fields, SQL statements and jobs, exported over OTLP/HTTP when an
// endpoint is configured. Off by default: without an endpoint nothing is set up, and the
// instrumented layers are not even wired (no hook, no middleware, no extension).
//
// Every span started while a request is served carries the request's id as the attribute
// cs.request_id (a job carries the id of the request that enqueued it), so a trace is
// found from a log line or an X-Request-Id a client reports. Spans carry no personal data:
// no variables, no document text, no SQL values, no header, no path a client made up.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/expresscs/cs/internal/identity"
)

// RequestIDKey is the span attribute that carries the request id.
const RequestIDKey = attribute.Key("cs.request_id")

// ServiceName is the default service.name (OTEL_SERVICE_NAME overrides it).
const ServiceName = "expresscs-server"

// Config says where spans go.
type Config struct {
	// Endpoint is the base URL of an OTLP/HTTP receiver (http://collector:4318); spans are
	// posted to Endpoint + "/v1/traces". Empty: the standard OTEL_EXPORTER_OTLP_ENDPOINT and
	// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT variables, read by the exporter, decide; if neither
	// is set tracing is off.
	Endpoint string
	// Version is the release reported as service.version.
	Version string
	// Exporter, when set, replaces the OTLP exporter (tests).
	Exporter sdktrace.SpanExporter
}

// Enabled says whether cfg turns tracing on. The standard OTEL_SDK_DISABLED=true turns it
// off whatever else is set.
func (c Config) Enabled() bool {
	if strings.EqualFold(strings.TrimSpace(os.Getenv("OTEL_SDK_DISABLED")), "true") {
		return false
	}
	return c.Endpoint != "" || c.Exporter != nil || os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" ||
		os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// ValidateEndpoint checks an --otlp-endpoint value: an http or https URL with a host and
// nothing after the path, in printable ASCII (a host in another script is written in
// punycode).
func ValidateEndpoint(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || len(s) > 2048 || strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0 || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("--otlp-endpoint must be an http:// or https:// URL such as http://collector:4318 (no credentials, query or fragment; send headers with OTEL_EXPORTER_OTLP_HEADERS)")
	}
	return nil
}

// Tracing is the tracer provider of a running server. A nil *Tracing is tracing off.
type Tracing struct {
	sdk *sdktrace.TracerProvider
}

// New sets up tracing as cfg says, or returns nil when it is off.
func New(ctx context.Context, cfg Config) (*Tracing, error) {
	if !cfg.Enabled() {
		return nil, nil
	}
	if err := ValidateEndpoint(cfg.Endpoint); err != nil {
		return nil, err
	}
	exp := cfg.Exporter
	if exp == nil {
		var opts []otlptracehttp.Option
		if cfg.Endpoint != "" {
			opts = append(opts, otlptracehttp.WithEndpointURL(strings.TrimRight(cfg.Endpoint, "/")+"/v1/traces"))
		}
		var err error
		if exp, err = otlptracehttp.New(ctx, opts...); err != nil {
			return nil, fmt.Errorf("OTLP trace exporter: %w", err)
		}
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", ServiceName), attribute.String("service.version", cfg.Version)),
		resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil && res == nil {
		return nil, fmt.Errorf("trace resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(requestIDProcessor{}),
		sdktrace.WithBatcher(exp),
	)
	return &Tracing{sdk: tp}, nil
}

// Provider is the tracer provider, or nil when tracing is off.
func (t *Tracing) Provider() trace.TracerProvider {
	if t == nil {
		return nil
	}
	return t.sdk
}

// Tracer is the named tracer, or nil when tracing is off.
func (t *Tracing) Tracer(name string) trace.Tracer {
	if t == nil {
		return nil
	}
	return t.sdk.Tracer(name)
}

// ForceFlush exports every finished span now.
func (t *Tracing) ForceFlush(ctx context.Context) error {
	if t == nil {
		return nil
	}
	return t.sdk.ForceFlush(ctx)
}

// Shutdown exports what is left and stops.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	return t.sdk.Shutdown(ctx)
}

// Propagator reads and writes W3C trace context (traceparent, tracestate).
var Propagator = propagation.TraceContext{}

// requestIDProcessor gives every span started in a request's context the request's id.
type requestIDProcessor struct{}

func (requestIDProcessor) OnStart(parent context.Context, s sdktrace.ReadWriteSpan) {
	if id := identity.RequestIDFrom(parent); id != "" {
		s.SetAttributes(RequestIDKey.String(id))
	}
}

func (requestIDProcessor) OnEnd(sdktrace.ReadOnlySpan)      {}
func (requestIDProcessor) Shutdown(context.Context) error   { return nil }
func (requestIDProcessor) ForceFlush(context.Context) error { return nil }
