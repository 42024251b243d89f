package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
)

// SensitiveFields allows each security-sensitive root field at most once per operation:
// the fields that check a secret (login, refreshSession, issuePartnerToken), guess at one
// (customerTracking) or reveal personal data (every reveal… field). Aliases would
// otherwise multiply one request into many password checks or guesses, run at once. A
// second occurrence, under any alias, directly or through fragments and inline fragments
// at the root, refuses the whole operation with FIELD_REPEATED (extensions.field) before
// any field runs, over every transport (POST, GET, SSE, WebSocket), since each builds its
// operation through the same executor. Selections with the same response name merge into
// one execution, as GraphQL prescribes, and count once.
type SensitiveFields struct {
	// root type name → field names, read from the schema by Validate.
	fields map[string]map[string]bool
}

// sensitiveRootFields are the fields named explicitly; every root field whose name starts
// with sensitivePrefix is sensitive too, so a new reveal… field is covered when added.
var sensitiveRootFields = []string{"login", "refreshSession", "issuePartnerToken", "customerTracking"}

const sensitivePrefix = "reveal"

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &SensitiveFields{}

// ExtensionName names the extension for gqlgen.
func (*SensitiveFields) ExtensionName() string { return "SensitiveFields" }

// Validate finds the sensitive fields of the schema's root types.
func (s *SensitiveFields) Validate(es graphql.ExecutableSchema) error {
	s.fields = sensitiveFieldsOf(es.Schema())
	return nil
}

func sensitiveFieldsOf(schema *ast.Schema) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation, schema.Subscription} {
		if root == nil {
			continue
		}
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, sensitivePrefix) || slices.Contains(sensitiveRootFields, f.Name) {
				if out[root.Name] == nil {
					out[root.Name] = map[string]bool{}
				}
				out[root.Name][f.Name] = true
			}
		}
	}
	return out
}

// MutateOperationContext refuses an operation that repeats a sensitive field.
func (s *SensitiveFields) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	var root string
	switch rc.Operation.Operation {
	case ast.Mutation:
		root = "Mutation"
	case ast.Subscription:
		root = "Subscription"
	default:
		root = "Query"
	}
	sensitive := s.fields[root]
	if len(sensitive) == 0 {
		return nil
	}
	// field name → response names it is selected under
	seen := map[string]map[string]bool{}
	if name := repeated(rc.Operation.SelectionSet, sensitive, seen, map[string]bool{}); name != "" {
		return codedError(ctx, apperr.E("graph.sensitiveFields", apperr.FieldRepeated).With("field", name))
	}
	return nil
}

// repeated walks the root selections (through fragments, each expanded once per path) and
// returns the first sensitive field selected under a second response name, or "".
func repeated(set ast.SelectionSet, sensitive map[string]bool, seen map[string]map[string]bool, expanding map[string]bool) string {
	for _, sel := range set {
		switch f := sel.(type) {
		case *ast.Field:
			if !sensitive[f.Name] {
				continue
			}
			key := f.Alias
			if key == "" {
				key = f.Name
			}
			if seen[f.Name] == nil {
				seen[f.Name] = map[string]bool{}
			}
			seen[f.Name][key] = true
			if len(seen[f.Name]) > 1 {
				return f.Name
			}
		case *ast.InlineFragment:
			if name := repeated(f.SelectionSet, sensitive, seen, expanding); name != "" {
				return name
			}
		case *ast.FragmentSpread:
			if f.Definition == nil || expanding[f.Name] {
				continue
			}
			expanding[f.Name] = true
			name := repeated(f.Definition.SelectionSet, sensitive, seen, expanding)
			delete(expanding, f.Name)
			if name != "" {
				return name
			}
		}
	}
	return ""
}
