package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/identity"
)

// ReplicaRouting decides per operation where lag-tolerant reads go (db.DB.Lagging):
// a query may read from a healthy read replica, a mutation never does, and a person's
// mutation sends their later reads to the primary until a replica has replayed it
// (read-your-writes). Subscriptions read the primary.
type ReplicaRouting struct{ DB *db.DB }

// ExtensionName names the extension for gqlgen.
func (ReplicaRouting) ExtensionName() string { return "ReplicaRouting" }

// Validate is required by gqlgen; there is nothing to check.
func (ReplicaRouting) Validate(graphql.ExecutableSchema) error { return nil }

var _ graphql.OperationInterceptor = ReplicaRouting{}

// readerKey names whose writes a request must see: a staff member or a partner client;
// empty for anonymous callers (the public look-up), who write nothing they read back.
func readerKey(p *identity.Principal) string {
	if p == nil {
		return ""
	}
	return string(p.Kind) + ":" + p.ID
}

// InterceptOperation marks queries as allowed on a replica and records a mutation's WAL
// position for its author once it has run (before the response is written, so the
// client's next request already sees it).
func (x ReplicaRouting) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	rc := graphql.GetOperationContext(ctx)
	if rc.Operation == nil {
		return next(ctx)
	}
	person := readerKey(identity.PrincipalFrom(ctx))
	switch rc.Operation.Operation {
	case ast.Query:
		return next(db.MayLag(ctx, person))
	case ast.Mutation:
		x.DB.NoteWriting(person)
		h := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			resp := h(ctx)
			x.DB.NoteWrote(ctx, person)
			return resp
		}
	}
	return next(ctx)
}
