package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/tracking"
)

// PartnerScope implements @partnerScope: a partner client whose token lacks the scope is
// refused at the field with FORBIDDEN (extensions.scope names it). Staff and anonymous
// callers pass; what they may see is decided by the services.
func PartnerScope(ctx context.Context, _ any, next graphql.Resolver, requires string) (any, error) {
	if err := requirePartnerScope(ctx, requires); err != nil {
		return nil, err
	}
	return next(ctx)
}

// requireTrackingRead refuses a partner without tracking:read, for arguments that reveal
// as much as a tracking field (orders' lateOnly).
func requireTrackingRead(ctx context.Context) error {
	return requirePartnerScope(ctx, tracking.ScopeTrackingRead)
}

// requirePartnerScope refuses a partner without scope: FORBIDDEN with extensions.scope.
func requirePartnerScope(ctx context.Context, scope string) error {
	if p := identity.PrincipalFrom(ctx); p != nil && p.Kind == identity.KindPartner && !slices.Contains(p.Scopes, scope) {
		return apperr.E("graph.partnerScope", apperr.Forbidden).With("scope", scope)
	}
	return nil
}
