package graph

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/rules"
	"go.opentelemetry.io/otel/trace"

	"github.com/expresscs/cs/graph/generated"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/partner"
)

// Options configure the GraphQL endpoint.
type Options struct {
	Limits Limits
	// Introspection lets clients read the schema (on in development; configurable).
	Introspection bool
	// Suggestions lets validation errors say "did you mean …" (off in production, where
	// it would leak the schema to those who may not introspect it).
	Suggestions bool
	Log         *slog.Logger
	// ObserveOperation, when set, is called with the name and duration of every
	// operation that executes (for metrics).
	ObserveOperation func(operation string, took time.Duration)
	// KnownOperations are the operation names reported as themselves (the phone app's);
	// any other name is reported as "other" and a partner's operations as "partner".
	KnownOperations []string
	// ObserveSubscription, when set, is called with +1 when a subscription starts and -1
	// when it ends, with its transport ("websocket" or "sse") and its operation, bounded
	// as for ObserveOperation.
	ObserveSubscription func(transport, operation string, delta int)
	// Authenticate verifies the access token a WebSocket client sends in connection_init
	// (browsers cannot set headers on a WebSocket), returning the caller with their reach.
	Authenticate func(ctx context.Context, token string) (*identity.Principal, error)
	// Admit, when set, admits a partner's WebSocket connection as the HTTP layer admits
	// its requests: a revoked client is refused, and each operation's cost is charged
	// against the client's budget.
	Admit func(ctx context.Context) (*partner.Admission, error)
	// ObserveError, when set, is called with the code of every error returned,
	// including parse, validation and limit errors (for metrics).
	ObserveError func(code string)
	// MaxUploadBytes caps a multipart (file upload) request; MaxUploadMemory is how much
	// of it is held in memory before parts spill to temporary files.
	MaxUploadBytes  int64
	MaxUploadMemory int64
	// Tracer, when set, makes spans of operations and root fields (see Tracing).
	Tracer trace.Tracer
	// Replicas, when set, lets queries read lag-tolerant data from its read replicas
	// (ReplicaRouting).
	Replicas *db.DB
}

// NewExecutableSchema binds the resolvers, directive and complexity functions.
func NewExecutableSchema(r *Resolver) graphql.ExecutableSchema {
	cfg := generated.Config{Resolvers: r}
	cfg.Directives.HasRole = HasRole
	cfg.Directives.PartnerScope = PartnerScope
	cfg.Complexity.OrgUnit.Staff = func(child int, first *int, _ *string, last *int, _ *string) int {
		return pageCost(child, first, last)
	}
	cfg.Complexity.Query.Orders = func(child int, first *int, _ *string, last *int, _ *string, _ *order.State, _ *bool, _ *string, _ *string) int {
		return pageCost(child, first, last)
	}
	return generated.NewExecutableSchema(cfg)
}

// pageCost charges a connection for every row it may return (first or last items).
func pageCost(child int, first, last *int) int {
	n := 20
	switch {
	case first != nil && *first > 0:
		n = *first
	case last != nil && *last > 0:
		n = *last
	}
	return 1 + n*child
}

// NewHandler builds the /graphql handler: GET (queries only) and POST (JSON) per the
// GraphQL-over-HTTP spec through HTTPTransport, answering application/graphql-response+json
// when asked; server-sent events and graphql-transport-ws for subscriptions; GraphQL
// multipart requests (file uploads); APQ; a parsed-query cache; limits on tokens, the
// document's size (before validation), depth and complexity. Gate answers what no
// transport serves.
func NewHandler(r *Resolver, opt Options) http.Handler {
	es := NewExecutableSchema(r)
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.SSE{}) // before POST: it takes POSTs that accept text/event-stream
	srv.AddTransport(HTTPTransport{})
	srv.AddTransport(transport.Websocket{
		Implementation:        checkedSockets{impl: transport.CoderWebsocketImplementation{}},
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc:              websocketInit(opt.Authenticate, opt.Admit),
	})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: opt.MaxUploadBytes, MaxMemory: opt.MaxUploadMemory})

	queries := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(queries)
	srv.SetParserTokenLimit(opt.Limits.MaxTokens)
	srv.SetDisableSuggestion(!opt.Suggestions)
	srv.SetValidationRulesFn(func() *rules.Rules { return validationRules(opt.Suggestions) })
	if opt.Tracer != nil {
		srv.Use(Tracing{Tracer: opt.Tracer})
	}
	if opt.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.Use(IntrospectionGuard{})
	}
	if r.Partners != nil {
		srv.Use(PersistedOperations{Lookup: r.Partners.OperationDocument})
	}
	srv.Use(AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(DocumentLimits{Limits: opt.Limits, Cache: queries, Schema: es.Schema()})
	srv.Use(DepthLimit{Max: opt.Limits.MaxDepth})
	srv.Use(&SensitiveFields{})
	srv.Use(PartnerHidden{})
	srv.Use(extension.FixedComplexityLimit(opt.Limits.MaxComplexity))
	srv.Use(PartnerBudget{})
	srv.Use(CostReport{Limit: opt.Limits.MaxComplexity})
	srv.Use(ErrorCap{})
	if opt.Replicas != nil && opt.Replicas.HasReplicas() {
		srv.Use(ReplicaRouting{DB: opt.Replicas})
	}
	if opt.ObserveOperation != nil || opt.ObserveSubscription != nil {
		known := make(map[string]bool, len(opt.KnownOperations))
		for _, n := range opt.KnownOperations {
			known[n] = true
		}
		srv.Use(observer{fn: opt.ObserveOperation, subs: opt.ObserveSubscription, known: known})
	}
	srv.SetErrorPresenter(countingPresenter(ErrorPresenter(opt.Log), opt.ObserveError))
	srv.SetRecoverFunc(RecoverFunc(opt.Log))
	return Gate(WithLoaders(r, srv))
}

// websocketInit authenticates a graphql-transport-ws connection from the Authorization
// entry of its connection_init payload. A connection without one stays anonymous (and is
// refused by every field that needs a caller). One with a bad or expired token is closed
// with 4401 Unauthorized, and a client refused admission (revoked) with 4403 Forbidden,
// the protocol's codes on which stock clients stop reconnecting (1000 would have them
// reconnect at once, forever).
func websocketInit(authenticate func(context.Context, string) (*identity.Principal, error), admit func(context.Context) (*partner.Admission, error)) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		auth := payload.Authorization()
		if auth == "" || authenticate == nil {
			return ctx, nil, nil
		}
		raw, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return refuseSocket(ctx, apperr.E("graph.websocketInit", apperr.Unauthenticated).With("reason", "TOKEN_INVALID"))
		}
		p, err := authenticate(ctx, strings.TrimSpace(raw))
		if err != nil {
			return refuseSocket(ctx, err)
		}
		// The connection closes when the person's session is ended (deactivation).
		ctx = identity.UntilSessionEnds(identity.WithPrincipal(ctx, p))
		if admit == nil {
			return ctx, nil, nil
		}
		a, err := admit(ctx)
		if err != nil {
			return refuseSocket(ctx, err)
		}
		if a == nil {
			return ctx, nil, nil
		}
		return partner.WithAdmission(ctx, a), nil, nil
	}
}

// WebSocket close codes of graphql-transport-ws for a refused connection.
const (
	CloseUnauthorized = 4401
	CloseForbidden    = 4403
	CloseUnavailable  = 4503
	CloseInternal     = 4500
)

// refuseSocket closes a connection at init with the close code for err and its code as
// the reason (a close reason is limited to 123 bytes, and says nothing of the token).
func refuseSocket(ctx context.Context, err error) (context.Context, *transport.InitPayload, error) {
	closeCode, code := socketCloseFor(err)
	ctx = transport.WithWebsocketCloseCode(ctx, closeCode)
	ctx = transport.AppendCloseReason(ctx, string(code))
	return ctx, nil, apperr.E("graph.websocketInit", code)
}

// socketCloseFor is the close code, and the error code, of a connection refused for err.
func socketCloseFor(err error) (int, apperr.Code) {
	code := apperr.CodeOf(err)
	switch {
	case code == apperr.Unauthenticated:
		return CloseUnauthorized, code
	case code == apperr.Forbidden:
		return CloseForbidden, code
	case db.IsUnavailable(err):
		return CloseUnavailable, apperr.Unavailable
	}
	return CloseInternal, code
}
