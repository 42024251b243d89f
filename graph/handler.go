package graph

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/expresscs/cs/graph/generated"
	"github.com/expresscs/cs/internal/order"
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
	// ObserveError, when set, is called with the code of every error returned,
	// including parse, validation and limit errors (for metrics).
	ObserveError func(code string)
}

// NewExecutableSchema binds the resolvers, directive and complexity functions.
func NewExecutableSchema(r *Resolver) graphql.ExecutableSchema {
	cfg := generated.Config{Resolvers: r}
	cfg.Directives.HasRole = HasRole
	cfg.Complexity.OrgUnit.Staff = func(child int, first *int, _ *string) int {
		return pageCost(child, first)
	}
	cfg.Complexity.Query.Orders = func(child int, first *int, _ *string, _ *order.State, _ *bool, _ *string) int {
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
// a parsed-query cache, limits on tokens, depth and complexity.
func NewHandler(r *Resolver, opt Options) http.Handler {
	srv := handler.New(NewExecutableSchema(r))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})

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
