package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/expresscs/cs/graph/request"
	"github.com/expresscs/cs/internal/apperr"
)

// AutomaticPersistedQuery implements Apollo's automatic persisted queries
// (extensions.persistedQuery {version: 1, sha256Hash}) with a code for each client
// mistake, so none reads as our fault: a hash unknown here is PERSISTED_QUERY_NOT_FOUND
// (send the query with it once), a hash that is not the query's SHA-256
// PERSISTED_QUERY_HASH_MISMATCH, a version other than 1
// PERSISTED_QUERY_VERSION_UNSUPPORTED, and an extension of the wrong shape BAD_REQUEST.
type AutomaticPersistedQuery struct {
	Cache graphql.Cache[string]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = AutomaticPersistedQuery{}

// ExtensionName names the extension for gqlgen.
func (AutomaticPersistedQuery) ExtensionName() string { return "AutomaticPersistedQuery" }

// Validate is required by gqlgen; there is nothing to check.
func (AutomaticPersistedQuery) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters fills in the query from its hash, or remembers it.
func (a AutomaticPersistedQuery) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	raw, present := params.Extensions["persistedQuery"]
	if !present || raw == nil {
		return nil
	}
	pq, ok := raw.(map[string]any)
	hash, hashOK := pq["sha256Hash"].(string)
	if !ok || !hashOK || hash == "" {
		return codedError(ctx, request.BadRequest("extensions", "persistedQuery 须包含 version 和 sha256Hash", "persistedQuery needs a version and a sha256Hash"))
	}
	if v, _ := pq["version"].(json.Number); v.String() != "1" {
		if f, isFloat := pq["version"].(float64); !isFloat || f != 1 {
			return codedError(ctx, apperr.E("graph.apq", apperr.PersistedQueryVersionUnsupported))
		}
	}
	if params.Query == "" {
		q, found := a.Cache.Get(ctx, hash)
		if !found {
			return persistedQueryMiss(ctx, apperr.E("graph.apq", apperr.PersistedQueryNotFound))
		}
		params.Query = q
		return nil
	}
	sum := sha256.Sum256([]byte(params.Query))
	if hex.EncodeToString(sum[:]) != hash {
		return codedError(ctx, apperr.E("graph.apq", apperr.PersistedQueryHashMismatch))
	}
	a.Cache.Add(ctx, hash, params.Query)
	return nil
}

// PersistedQueryNotFoundMessage is the message of a persisted-query miss in every
// language: APQ clients (urql's persistedExchange, Apollo's persisted-queries link) know a
// miss by this literal and then resend the query with its text; a translated message would
// leave them showing an error instead. The caller's language is in
// extensions.localizedMessage.
const PersistedQueryNotFoundMessage = "PersistedQueryNotFound"

func persistedQueryMiss(ctx context.Context, err *apperr.Error) *gqlerror.Error {
	e := codedError(ctx, err)
	e.Extensions["localizedMessage"] = e.Message
	e.Message = PersistedQueryNotFoundMessage
	return e
}

// IntrospectionGuard refuses __schema and __type with INTROSPECTION_DISABLED before
// execution when introspection is off (gqlgen would run the operation and fail the field
// with an error that reads as ours).
type IntrospectionGuard struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = IntrospectionGuard{}

// ExtensionName names the extension for gqlgen.
func (IntrospectionGuard) ExtensionName() string { return "IntrospectionGuard" }

// Validate is required by gqlgen; there is nothing to check.
func (IntrospectionGuard) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext looks at the root fields, through fragments.
func (IntrospectionGuard) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil || !rc.DisableIntrospection || !introspects(rc.Operation.SelectionSet, map[string]bool{}) {
		return nil
	}
	return codedError(ctx, apperr.E("graph.introspection", apperr.IntrospectionDisabled))
}

func introspects(set ast.SelectionSet, seen map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				return true
			}
		case *ast.InlineFragment:
			if introspects(s.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && !seen[s.Name] {
				seen[s.Name] = true
				if introspects(s.Definition.SelectionSet, seen) {
					return true
				}
			}
		}
	}
	return false
}

// validationRules is the standard rule set; without suggestions every rule that would
// say "Did you mean …" (naming fields, arguments, types or enum values of the schema to
// someone who may not introspect it) is replaced by its silent twin.
func validationRules(suggestions bool) *rules.Rules {
	r := rules.NewDefaultRules()
	if suggestions {
		return r
	}
	for _, swap := range []struct {
		name string
		rule core.Rule
	}{
		{"FieldsOnCorrectType", rules.FieldsOnCorrectTypeRuleWithoutSuggestions},
		{"KnownArgumentNames", rules.KnownArgumentNamesRuleWithoutSuggestions},
		{"KnownTypeNames", rules.KnownTypeNamesRuleWithoutSuggestions},
		{"ScalarLeafs", rules.ScalarLeafsRuleWithoutSuggestions},
		{"ValuesOfCorrectType", rules.ValuesOfCorrectTypeRuleWithoutSuggestions},
	} {
		r.RemoveRule(swap.name)
		r.AddRule(swap.rule.Name, swap.rule.RuleFunc)
	}
	return r
}
