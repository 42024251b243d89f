package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/partner"
	"github.com/expresscs/cs/pwa"
)

// newRouter wires every HTTP route of the product.
func newRouter(app *App, m *metrics) http.Handler {
	m.reg.MustRegister(lookupCacheCollector{app}, limiterCollector{app})
	gql := graph.NewHandler(app.Resolver(), graph.Options{
		Limits:              graph.DefaultLimits,
		Introspection:       app.Cfg.Introspection,
		Suggestions:         app.Cfg.Env == "development",
		Log:                 app.Log,
		ObserveOperation:    m.observeOperation,
		KnownOperations:     pwa.OperationNames(),
		ObserveSubscription: m.observeSubscription,
		ObserveError:        m.observeError,
		Authenticate:        app.Identity.Authenticate,
		Admit:               app.Partners.Admit,
		MaxUploadBytes:      app.Cfg.MaxUploadBytes,
		MaxUploadMemory:     app.Cfg.MaxUploadBytes,
		Tracer:              app.Tracing.Tracer("github.com/expresscs/cs/graph"),
		Replicas:            app.DB,
	})
	gql = streaming(app.shutdown, gql)
	gql = graph.WithSessionCookie(app.Cfg.SecureCookies, gql)
	gql = admitPartners(app.Partners, gql)
	gql = authenticate(app.Identity.Authenticate, gql)
	gql = lookupSource(app.Cfg.TrustedProxies, gql)
	gql = countStatements(m, gql)
	gql = limitBody(app.Cfg.MaxBodyBytes, app.Cfg.MaxUploadBytes, gql)
	gql = csrfGuard(gql)
	gql = graphqlCaching(gql)

	mux := http.NewServeMux()
	mux.Handle("/graphql", gql)
	mux.Handle("/graphql/ws", gql)
	mux.HandleFunc("GET "+media.URLPrefix, func(w http.ResponseWriter, r *http.Request) { servePhoto(w, r, app) })
	if app.Cfg.Introspection {
		mux.Handle("GET /graphiql", playground.Handler("速达客服 GraphQL", "/graphql"))
	}
	mux.HandleFunc("GET /.well-known/jwks.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		writeJSON(w, http.StatusOK, app.Keys.JWKS())
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { ready(w, r, app.DB) })
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	// The server's own paths answer a client's mistake in JSON with a code, as /graphql
	// does, not with the PWA handler's plain text.
	for _, p := range []string{"/.well-known/jwks.json", "/healthz", "/readyz", "/metrics"} {
		mux.HandleFunc(p, getOnly)
	}
	mux.HandleFunc("/graphql/", noSuchEndpoint)
	mux.Handle("/", pwa.Handler())
	handler := securityHeaders(app.Cfg.Env == "production", compression(mux))
	return requestContext(app.Log, m, traceRequests(app.Tracing.Tracer("github.com/expresscs/cs/server"), handler))
}

// servePhoto answers a signed photo link (media.Service.Serve) and its refusals, as the
// GraphQL error presenter answers a request's: a database that cannot be reached is 503
// UNAVAILABLE with retryAfterSeconds (logged as a warning), any other database failure
// INTERNAL with the request id (logged as an error), and every cause is logged through
// db.LogSafe, which keeps PostgreSQL's quoted values out of the log.
func servePhoto(w http.ResponseWriter, r *http.Request, app *App) {
	status, err := app.Media.Serve(w, r)
	if err == nil {
		return
	}
	ctx := r.Context()
	reqID := identity.RequestIDFrom(ctx)
	switch {
	case db.IsUnavailable(err):
		app.Log.WarnContext(ctx, "database unavailable", "requestId", reqID, "err", db.LogSafe(err.Err))
		status, err = http.StatusServiceUnavailable, apperr.E(err.Op, apperr.Unavailable)
	case err.Err != nil:
		app.Log.ErrorContext(ctx, "photo not served", "requestId", reqID, "code", string(err.Code), "err", db.LogSafe(err.Err))
	}
	switch err.Code {
	case apperr.Unavailable:
		err = err.With("retryAfterSeconds", graph.RetryAfterUnavailable)
	case apperr.Internal:
		err = err.With("requestId", reqID)
	}
	writeGraphQLError(w, r, status, err)
}

// getOnly refuses a method other than GET and HEAD on a path that serves only those.
func getOnly(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	writeGraphQLError(w, r, http.StatusMethodNotAllowed, apperr.E("http", apperr.MethodNotAllowed))
}

// noSuchEndpoint answers a path under /graphql/ that is not an endpoint (/graphql/ws is).
func noSuchEndpoint(w http.ResponseWriter, r *http.Request) {
	writeGraphQLError(w, r, http.StatusNotFound, apperr.E("http", apperr.NotFound).
		Explain("没有这个接口地址,GraphQL 请求请发往 /graphql", "No such endpoint; send GraphQL requests to /graphql"))
}

// ready answers 200 when the database answers and every migration is applied, and names
// each read replica with its state (ok, down, lagging, not a standby) and lag.
func ready(w http.ResponseWriter, r *http.Request, d *db.DB) {
	if err := d.Ping(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable"})
		return
	}
	pending, err := d.PendingMigrations(r.Context())
	if err != nil || len(pending) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "migrations pending", "pending": pending})
		return
	}
	out := map[string]any{"status": "ready", "dialect": string(d.Dialect)}
	if d.HasReplicas() {
		// A replica that is down or lagging is skipped (its reads go to the primary), so
		// the instance stays ready; the list says which replicas serve.
		out["replicas"] = d.CheckReplicas(r.Context())
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeGraphQLError answers a request refused before GraphQL execution, in the
// GraphQL response shape so clients handle it like any other error.
func writeGraphQLError(w http.ResponseWriter, r *http.Request, status int, err *apperr.Error) {
	graph.WriteError(w, r, status, err)
}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// statusRecorder remembers the status code written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush lets server-sent events through the recorder.
func (s *statusRecorder) Flush() {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	_ = http.NewResponseController(s.ResponseWriter).Flush()
}

// Hijack lets a WebSocket take over the connection.
func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	s.status = http.StatusSwitchingProtocols
	return http.NewResponseController(s.ResponseWriter).Hijack()
}

// streaming lifts the server's read and write deadlines for subscriptions (WebSocket
// upgrades and server-sent events), which stay open far longer than a request, and ends
// them when shutdown is done: a server-sent-events stream then sends "complete" and a
// WebSocket closes, so SIGTERM does not wait the whole grace period for them (clients
// reconnect, to another instance behind a load balancer).
func streaming(shutdown context.Context, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStream(r) {
			tr := "sse"
			if r.Header.Get("Upgrade") != "" {
				tr = "websocket"
			}
			r = r.WithContext(graph.WithStreamTransport(r.Context(), tr))
			rc := http.NewResponseController(w)
			_ = rc.SetReadDeadline(time.Time{})
			_ = rc.SetWriteDeadline(time.Time{})
			if shutdown != nil {
				ctx, cancel := context.WithCancel(r.Context())
				defer cancel()
				stop := context.AfterFunc(shutdown, cancel)
				defer stop()
				r = r.WithContext(ctx)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// requestContext gives every request an id (kept from X-Request-Id when well formed),
// the caller's language, an access log line, and recovery from panics.
func requestContext(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			id = uuid.NewString()
		}
		w.Header().Set("X-Request-Id", id)
		ctx := identity.WithRequestID(r.Context(), id)
		ctx = apperr.WithLocale(ctx, apperr.ParseAcceptLanguage(r.Header.Get("Accept-Language")))
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w}
		route := routeOf(r.URL.Path)
		stream := isStream(r)
		if !stream {
			m.inFlight.WithLabelValues(route).Inc()
		}
		defer func() {
			if !stream {
				m.inFlight.WithLabelValues(route).Dec()
			}
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic in handler", "requestId", id, "panic", graph.PanicSummary(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeGraphQLError(rec, r, http.StatusInternalServerError, apperr.E("http", apperr.Internal).With("requestId", id))
				}
			}
			m.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
			if !stream {
				m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
			}
			if route != "/healthz" && route != "/metrics" {
				log.Info("request", "requestId", id, "method", r.Method, "route", route, "path", loggablePath(r.URL.Path), "status", rec.status,
					"ms", time.Since(start).Milliseconds())
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// routeOf is the metrics label for a request path: a few fixed values, never what a
// client typed.
func routeOf(p string) string {
	switch {
	case strings.HasPrefix(p, "/graphql"):
		return "graphql"
	case strings.HasPrefix(p, media.URLPrefix):
		return "media"
	case p == "/healthz", p == "/readyz", p == "/metrics", p == "/.well-known/jwks.json":
		return p
	case strings.HasPrefix(p, "/.well-known/"):
		return "/.well-known/other"
	}
	return "pwa"
}

// loggablePath is the path for the access log when it has a shape we serve (an
// endpoint, a photo, a built asset); any other path is whatever a client typed (a deep
// link, a probe) and may carry a phone number or a name, so the log says only "other".
func loggablePath(p string) string {
	switch {
	case p == "/", p == "/graphql", p == "/graphql/ws", p == "/graphiql", p == "/healthz", p == "/readyz", p == "/metrics",
		p == "/.well-known/jwks.json", p == "/sw.js", p == "/manifest.webmanifest", p == "/index.html":
		return p
	case strings.HasPrefix(p, media.URLPrefix), strings.HasPrefix(p, "/assets/"), strings.HasPrefix(p, "/icons/"),
		strings.HasPrefix(p, "/workbox-"):
		if len(p) <= 200 && !strings.ContainsAny(p, "%@ ") {
			return p
		}
	}
	return "other"
}

// limitBody refuses bodies over max bytes with 413 before anything parses them. A
// multipart/form-data request (a GraphQL file upload) may carry up to maxUpload bytes.
func limitBody(maxBody, maxUpload int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		max := maxBody
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			max = maxUpload
		}
		if r.ContentLength > max {
			writeGraphQLError(w, r, http.StatusRequestEntityTooLarge, apperr.E("http", apperr.RequestTooLarge).With("maxBytes", max))
			return
		}
		if r.Body != nil && r.Method == http.MethodPost {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeGraphQLError(w, r, http.StatusRequestEntityTooLarge, apperr.E("http", apperr.RequestTooLarge).With("maxBytes", max))
				return
			}
			if err != nil {
				writeGraphQLError(w, r, http.StatusBadRequest, apperr.E("http", apperr.BadRequest).Explain("请求体读取失败", "The request body could not be read"))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate verifies a bearer token, if any, and puts the caller, with their reach,
// in the context. A request with a bad token is refused outright (401) rather than run
// anonymously, so a client never mistakes an expired session for an empty result. A
// request with two Authorization headers is refused (400 BAD_REQUEST): HTTP allows one,
// and a proxy that checked one of them may not have checked the one read here (the first).
func authenticate(verify func(context.Context, string) (*identity.Principal, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.Header.Values("Authorization")) > 1 {
			writeGraphQLError(w, r, http.StatusBadRequest, apperr.E("http.authenticate", apperr.BadRequest).
				Explain("请求只能带一个 Authorization 头", "A request may carry one Authorization header"))
			return
		}
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r)
			return
		}
		raw, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			raw, ok = strings.CutPrefix(h, "bearer ")
		}
		var p *identity.Principal
		var err error
		if ok {
			p, err = verify(r.Context(), strings.TrimSpace(raw))
		} else {
			err = apperr.E("http.authenticate", apperr.Unauthenticated).With("reason", "TOKEN_INVALID")
		}
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Unauthenticated {
				// The token was good but the organisation tree could not be read.
				writeGraphQLError(w, r, http.StatusInternalServerError, apperr.E("http.authenticate", apperr.Internal))
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeGraphQLError(w, r, http.StatusUnauthorized, ae)
			return
		}
		next.ServeHTTP(w, r.WithContext(identity.WithPrincipal(r.Context(), p)))
	})
}

// countStatements counts the SQL statements each GraphQL request runs (for metrics and
// for tests, which may put their own counter in the request context to read it).
func countStatements(m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := db.StatementCounterFrom(r.Context())
		if c == nil {
			c = &db.StatementCounter{}
			r = r.WithContext(db.WithStatementCounter(r.Context(), c))
		}
		next.ServeHTTP(w, r)
		m.statements.Observe(float64(c.Count()))
	})
}

// admitPartners refuses a revoked partner client's tokens (401, reason CLIENT_REVOKED)
// and gives a partner request its admission, against which GraphQL charges the cost; a
// request over budget is answered 429 with Retry-After.
func admitPartners(partners *partner.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := partners.Admit(r.Context())
		if err != nil {
			status, ae := refusal("http.admit", err)
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			}
			writeGraphQLError(w, r, status, ae)
			return
		}
		if a == nil {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&throttleWriter{ResponseWriter: w, a: a}, r.WithContext(partner.WithAdmission(r.Context(), a)))
	})
}

// throttleWriter turns the response of a request refused for its budget into a 429.
type throttleWriter struct {
	http.ResponseWriter
	a *partner.Admission
}

func (t *throttleWriter) WriteHeader(code int) {
	if wait := t.a.RetryAfter(); wait > 0 {
		t.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		code = http.StatusTooManyRequests
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *throttleWriter) Write(b []byte) (int, error) {
	if t.a.RetryAfter() > 0 {
		if h := t.Header(); h.Get("Retry-After") == "" {
			t.WriteHeader(http.StatusTooManyRequests)
		}
	}
	return t.ResponseWriter.Write(b)
}

func (t *throttleWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// Flush passes flushes through: the SSE transport streams only to an http.Flusher, so
// without it every partner subscription over server-sent events failed with 500.
func (t *throttleWriter) Flush() { _ = http.NewResponseController(t.ResponseWriter).Flush() }
