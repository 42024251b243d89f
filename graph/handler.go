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

	"github.com/expresscs/cs/graph/generated"
	"github.com/expresscs/cs/internal/apperr"
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
	// Authenticate verifies the access token a WebSocket client sends in connection_init
	// (browsers cannot set headers on a WebSocket).
	Authenticate func(token string) (*identity.Principal, error)
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
}

// NewExecutableSchema binds the resolvers, directive and complexity functions.
func NewExecutableSchema(r *Resolver) graphql.ExecutableSchema {
	cfg := generated.Config{Resolvers: r}
	cfg.Directives.HasRole = HasRole
	cfg.Complexity.OrgUnit.Staff = func(child int, first *int, _ *string) int {
		return pageCost(child, first)
	}
	cfg.Complexity.Query.Orders = func(child int, first *int, _ *string, _ *order.State, _ *bool, _ *string, _ *string) int {
		return pageCost(child, first)
	}
	return generated.NewExecutableSchema(cfg)
}

// pageCost charges a connection for every row it may return.
func pageCost(child int, first *int) int {
	n := 20
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + n*child
}

// NewHandler builds the /graphql handler: POST (JSON) and GET (queries only) per the
// GraphQL-over-HTTP spec, answering application/graphql-response+json when asked; APQ,
// GraphQL multipart requests (file uploads), a parsed-query cache, limits on tokens, depth and complexity.
func NewHandler(r *Resolver, opt Options) http.Handler {
	srv := handler.New(NewExecutableSchema(r))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.SSE{}) // before POST: it takes POSTs that accept text/event-stream
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc:              websocketInit(opt.Authenticate, opt.Admit),
	})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: opt.MaxUploadBytes, MaxMemory: opt.MaxUploadMemory})

	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(opt.Limits.MaxTokens)
	srv.SetDisableSuggestion(!opt.Suggestions)
	if opt.Introspection {
		srv.Use(extension.Introspection{})
	}
	if r.Partners != nil {
		srv.Use(PersistedOperations{Lookup: r.Partners.OperationDocument})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(DepthLimit{Max: opt.Limits.MaxDepth})
	srv.Use(extension.FixedComplexityLimit(opt.Limits.MaxComplexity))
	srv.Use(PartnerBudget{})
	srv.Use(CostReport{Limit: opt.Limits.MaxComplexity})
	if opt.ObserveOperation != nil {
		srv.Use(observer{fn: opt.ObserveOperation})
	}
	srv.SetErrorPresenter(countingPresenter(ErrorPresenter(opt.Log), opt.ObserveError))
	srv.SetRecoverFunc(RecoverFunc(opt.Log))
	return WithLoaders(r, srv)
}

// websocketInit authenticates a graphql-transport-ws connection from the Authorization
// entry of its connection_init payload. A connection without one stays anonymous (and is
// refused by every field that needs a caller); one with a bad token is closed.
func websocketInit(authenticate func(string) (*identity.Principal, error), admit func(context.Context) (*partner.Admission, error)) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		auth := payload.Authorization()
		if auth == "" || authenticate == nil {
			return ctx, nil, nil
		}
		raw, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return ctx, nil, apperr.E("graph.websocketInit", apperr.Unauthenticated)
		}
		p, err := authenticate(strings.TrimSpace(raw))
		if err != nil {
			return ctx, nil, err
		}
		ctx = identity.WithPrincipal(ctx, p)
		if admit == nil {
			return ctx, nil, nil
		}
		a, err := admit(ctx)
		if err != nil || a == nil {
			return ctx, nil, err
		}
		return partner.WithAdmission(ctx, a), nil, nil
	}
}
