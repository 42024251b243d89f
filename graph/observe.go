package graph

import (
	"context"
	"regexp"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// observer reports each operation's name and duration (for metrics).
type observer struct {
	fn func(operation string, took time.Duration)
}

// ExtensionName names the extension for gqlgen.
func (observer) ExtensionName() string { return "Observer" }

// Validate is required by gqlgen; there is nothing to check.
func (observer) Validate(graphql.ExecutableSchema) error { return nil }

// A label value must be bounded: only plain operation names are reported as themselves.
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// InterceptResponse times the operation.
func (o observer) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	resp := next(ctx)
	name := "anonymous"
	if graphql.HasOperationContext(ctx) {
		rc := graphql.GetOperationContext(ctx)
		n := rc.OperationName
		if n == "" && rc.Operation != nil {
			n = rc.Operation.Name
		}
		if plainName.MatchString(n) {
			name = n
		}
	}
	o.fn(name, time.Since(start))
	return resp
}
