package graph

import (
	"context"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/expresscs/cs/internal/partner"
)

// observer reports each operation's name and duration, and each subscription's start and
// end by transport (for metrics).
type observer struct {
	fn    func(operation string, took time.Duration)
	subs  func(transport, operation string, delta int)
	known map[string]bool
}

// ExtensionName names the extension for gqlgen.
func (observer) ExtensionName() string { return "Observer" }

// Validate is required by gqlgen; there is nothing to check.
func (observer) Validate(graphql.ExecutableSchema) error { return nil }

var _ interface {
	graphql.ResponseInterceptor
	graphql.OperationInterceptor
} = observer{}

// label bounds the operation label: the phone app's own operations by name, a partner's
// operations as "partner" (partners name theirs freely), anything else as "other", so no
// client can make a new series by inventing names.
func (o observer) label(ctx context.Context, rc *graphql.OperationContext) string {
	n := rc.OperationName
	if n == "" && rc.Operation != nil {
		n = rc.Operation.Name
	}
	switch {
	case partner.AdmissionFrom(ctx) != nil:
		return "partner"
	case o.known[n]:
		return n
	}
	return "other"
}

func isSubscription(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	rc := graphql.GetOperationContext(ctx)
	return rc.Operation != nil && rc.Operation.Operation == ast.Subscription
}

// InterceptOperation counts open subscriptions by transport and operation: up when one
// starts (its resolver has subscribed by then), down when its stream ends or its
// connection goes.
func (o observer) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	h := next(ctx)
	if o.subs == nil || !isSubscription(ctx) {
		return h
	}
	tr, op := StreamTransport(ctx), o.label(ctx, graphql.GetOperationContext(ctx))
	o.subs(tr, op, 1)
	var once sync.Once
	end := func() { once.Do(func() { o.subs(tr, op, -1) }) }
	stop := context.AfterFunc(ctx, end)
	return func(ctx context.Context) *graphql.Response {
		resp := h(ctx)
		if resp == nil {
			stop()
			end()
		}
		return resp
	}
}

// InterceptResponse times queries and mutations; a subscription's lifetime is not a
// request's latency.
func (o observer) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if o.fn == nil || isSubscription(ctx) {
		return next(ctx)
	}
	start := time.Now()
	resp := next(ctx)
	name := "other"
	if graphql.HasOperationContext(ctx) {
		name = o.label(ctx, graphql.GetOperationContext(ctx))
	}
	o.fn(name, time.Since(start))
	return resp
}

type transportKey struct{}

// WithStreamTransport records how a streaming request arrived ("websocket" or "sse"), for
// the open-subscriptions metric.
func WithStreamTransport(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, transportKey{}, name)
}

// StreamTransport is the transport WithStreamTransport recorded, "sse" when none was.
func StreamTransport(ctx context.Context) string {
	if s, ok := ctx.Value(transportKey{}).(string); ok {
		return s
	}
	return "sse"
}
