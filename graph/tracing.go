package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/expresscs/cs/internal/apperr"
)

// Tracing makes a span of each query or mutation (named "query OrderList": the type and
// the operation's name, as in the document) and of each root field under it, so a trace
// shows which field ran which SQL statements. A subscription has a span for subscribing.
// No span carries variables, arguments, aliases or document text, and errors are told
// by their codes only.
type Tracing struct{ Tracer trace.Tracer }

// ExtensionName names the extension for gqlgen.
func (Tracing) ExtensionName() string { return "Tracing" }

// Validate is required by gqlgen; there is nothing to check.
func (Tracing) Validate(graphql.ExecutableSchema) error { return nil }

var _ interface {
	graphql.ResponseInterceptor
	graphql.OperationInterceptor
	graphql.FieldInterceptor
} = Tracing{}

// maxTracedName bounds an operation's name in a span.
const maxTracedName = 100

// operationOf is the operation's type and name from the parsed document (a name there is
// a GraphQL name: letters, digits and underscores), or empty when it did not parse.
func operationOf(ctx context.Context) (typ, name string) {
	if !graphql.HasOperationContext(ctx) {
		return "", ""
	}
	rc := graphql.GetOperationContext(ctx)
	if rc.Operation == nil {
		return "", ""
	}
	typ, name = string(rc.Operation.Operation), rc.Operation.Name
	if len(name) > maxTracedName {
		name = name[:maxTracedName]
	}
	return typ, name
}

func (t Tracing) start(ctx context.Context) (context.Context, trace.Span) {
	typ, name := operationOf(ctx)
	spanName := "GraphQL operation"
	switch {
	case typ != "" && name != "":
		spanName = typ + " " + name
	case typ != "":
		spanName = typ
	}
	attrs := []attribute.KeyValue{attribute.String("graphql.operation.type", typ)}
	if name != "" {
		attrs = append(attrs, attribute.String("graphql.operation.name", name))
	}
	return t.Tracer.Start(ctx, spanName, trace.WithAttributes(attrs...))
}

// InterceptOperation traces subscribing (the subscription's root field resolving).
func (t Tracing) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if !isSubscription(ctx) {
		return next(ctx)
	}
	ctx, span := t.start(ctx)
	defer span.End()
	return next(ctx)
}

// InterceptResponse traces a query or a mutation from execution to its response,
// including one refused before execution (a parse or validation error).
func (t Tracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if isSubscription(ctx) {
		return next(ctx)
	}
	ctx, span := t.start(ctx)
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		var codesSeen []string
		for _, e := range resp.Errors {
			c, _ := e.Extensions["code"].(string)
			if c == "" {
				c = "UNKNOWN"
			}
			if !slices.Contains(codesSeen, c) && len(codesSeen) < 10 {
				codesSeen = append(codesSeen, c)
			}
		}
		span.SetAttributes(attribute.StringSlice("cs.graphql.error_codes", codesSeen))
		span.SetStatus(codes.Error, "")
	}
	return resp
}

// InterceptField traces the root fields (Query, Mutation, Subscription); fields below
// them run in their root field's span.
func (t Tracing) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || (fc.Object != "Query" && fc.Object != "Mutation" && fc.Object != "Subscription") {
		return next(ctx)
	}
	ctx, span := t.Tracer.Start(ctx, fc.Object+"."+fc.Field.Name, trace.WithAttributes(
		attribute.String("graphql.field.parent_type", fc.Object), attribute.String("graphql.field.name", fc.Field.Name)))
	defer span.End()
	res, err := next(ctx)
	if err != nil {
		span.SetAttributes(attribute.String("cs.error_code", string(apperr.CodeOf(err))))
		span.SetStatus(codes.Error, "")
	}
	return res, err
}
