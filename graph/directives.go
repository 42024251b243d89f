package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// HasRole implements @hasRole: UNAUTHENTICATED without a token, FORBIDDEN without one of
// the roles. Services still check the particular record.
func HasRole(ctx context.Context, _ any, next graphql.Resolver, roles []identity.Role) (any, error) {
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return nil, apperr.E("graph.hasRole", apperr.Unauthenticated)
	}
	if !p.HasAnyRole(roles...) {
		return nil, apperr.E("graph.hasRole", apperr.Forbidden)
	}
	return next(ctx)
}
