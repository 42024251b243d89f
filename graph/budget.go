package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/partner"
)

// codedError turns a domain refusal met before execution into a GraphQL error with its
// code, localised message and extra extensions.
func codedError(ctx context.Context, err error) *gqlerror.Error {
	ae, ok := err.(*apperr.Error)
	if !ok {
		ae = apperr.Wrap("graph.limits", err).(*apperr.Error)
	}
	ext := map[string]any{"code": string(ae.Code)}
	if ae.Field != "" {
		ext["field"] = ae.Field
	}
	for k, v := range ae.Extra {
		ext[k] = v
	}
	return &gqlerror.Error{Message: apperr.MessageFor(ae, apperr.LocaleFrom(ctx)), Extensions: ext}
}

// PartnerBudget charges a partner request's cost (computed by the complexity extension,
// which must run first) against its client's budget before anything executes; over
// what is left is THROTTLED with retryAfterSeconds, and the HTTP layer answers 429 with
// Retry-After. A cost above the client's whole budget is QUERY_OVER_BUDGET, a request
// error like a validation failure (HTTP 400 with application/graphql-response+json, 200
// with plain application/json, no Retry-After): waiting would never help. Staff and
// anonymous requests carry no admission and are not budgeted.
type PartnerBudget struct{}

func init() {
	// The document can never run as it is: a request error, not a result.
	errcode.RegisterErrorType(string(apperr.QueryOverBudget), errcode.KindProtocol)
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = PartnerBudget{}

// ExtensionName names the extension for gqlgen.
func (PartnerBudget) ExtensionName() string { return "PartnerBudget" }

// Validate is required by gqlgen; there is nothing to check.
func (PartnerBudget) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext charges the cost.
func (PartnerBudget) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	a := partner.AdmissionFrom(ctx)
	if a == nil {
		return nil
	}
	stats, _ := rc.Stats.GetExtension("ComplexityLimit").(*extension.ComplexityStats)
	if stats == nil {
		return nil
	}
	if err := a.Charge(ctx, stats.Complexity); err != nil {
		return codedError(ctx, err)
	}
	return nil
}

// PersistedOperations lets a partner run an operation it registered by id, in the APQ
// request shape ({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": id}}}
// and no query), and holds a restricted client to registered operations: an ad-hoc
// document is PERSISTED_OPERATION_REQUIRED, an unknown id PERSISTED_QUERY_NOT_FOUND. It
// runs before automatic persisted queries, which then see the full document.
type PersistedOperations struct {
	Lookup func(ctx context.Context, clientID, id string) (string, error)
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = PersistedOperations{}

// ExtensionName names the extension for gqlgen.
func (PersistedOperations) ExtensionName() string { return "PersistedOperations" }

// Validate is required by gqlgen; there is nothing to check.
func (PersistedOperations) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters fills in a registered document or refuses an ad-hoc one.
func (p PersistedOperations) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	a := partner.AdmissionFrom(ctx)
	if a == nil {
		return nil
	}
	id := persistedHash(params.Extensions)
	if params.Query != "" {
		if !a.PersistedOnly {
			return nil
		}
		id = partner.OperationID(params.Query)
	}
	if id == "" {
		if a.PersistedOnly {
			return codedError(ctx, partner.PersistedRequired())
		}
		return nil
	}
	doc, err := p.Lookup(ctx, a.ClientID, id)
	if err != nil {
		return codedError(ctx, err)
	}
	switch {
	case doc != "":
		params.Query = doc
	case params.Query != "":
		return codedError(ctx, partner.PersistedRequired())
	case a.PersistedOnly:
		return persistedQueryMiss(ctx, apperr.E("graph.persisted", apperr.PersistedQueryNotFound).With("id", id))
	}
	return nil
}

// persistedHash reads extensions.persistedQuery.sha256Hash.
func persistedHash(ext map[string]any) string {
	pq, _ := ext["persistedQuery"].(map[string]any)
	h, _ := pq["sha256Hash"].(string)
	return h
}
