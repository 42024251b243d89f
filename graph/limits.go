package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/graph/request"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/partner"
)

// Limits bound what one request may ask of the server.
type Limits struct {
	MaxDepth      int // nesting of selections, fragments expanded
	MaxComplexity int // gqlgen complexity: one per field, lists multiplied by page size
	MaxTokens     int // parser tokens in the document
	// Checked before validation (see request.CheckDocument): field selections with fragments
	// expanded, fields answering under one name in one selection set, aliases and
	// directives in the document.
	MaxFields         int
	MaxSameNameFields int
	MaxAliases        int
	MaxDirectives     int
}

// Document is the part of the limits checked before validation.
func (l Limits) Document() request.Limits {
	return request.Limits{MaxFields: l.MaxFields, MaxSameNameFields: l.MaxSameNameFields, MaxAliases: l.MaxAliases, MaxDirectives: l.MaxDirectives}
}

// DefaultLimits fit the PWA's largest screen with room to spare (a full page of 100 rows
// with a dozen fields each costs about 1,300), and the standard introspection query.
var DefaultLimits = Limits{MaxDepth: 15, MaxComplexity: 5000, MaxTokens: 10000,
	MaxFields: 2000, MaxSameNameFields: 20, MaxAliases: 100, MaxDirectives: 50}

// DepthLimit refuses operations nested deeper than Max (QUERY_TOO_DEEP) before any
// resolver runs.
type DepthLimit struct{ Max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = DepthLimit{}

// ExtensionName names the extension for gqlgen.
func (DepthLimit) ExtensionName() string { return "DepthLimit" }

// Validate is required by gqlgen; there is nothing to check.
func (DepthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the operation's depth.
func (d DepthLimit) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	depth := selectionDepth(rc.Operation.SelectionSet, map[string]bool{}, 0, d.Max)
	if depth > d.Max {
		err := gqlerror.Errorf("depth %d exceeds the limit of %d", depth, d.Max)
		err.Message = apperr.Text(apperr.QueryTooDeep, apperr.LocaleFrom(ctx)) + ": " + err.Message
		err.Extensions = map[string]any{"code": string(apperr.QueryTooDeep), "depth": depth, "maxDepth": d.Max}
		return err
	}
	return nil
}

// selectionDepth returns the deepest field nesting, stopping early past limit. Fragments
// being expanded are tracked so a cycle (already refused by validation) cannot loop.
func selectionDepth(set ast.SelectionSet, expanding map[string]bool, depth, limit int) int {
	if depth > limit {
		return depth
	}
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			d = depth + 1
			if len(s.SelectionSet) > 0 {
				d = selectionDepth(s.SelectionSet, expanding, depth+1, limit)
			}
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, expanding, depth, limit)
		case *ast.FragmentSpread:
			if s.Definition == nil || expanding[s.Name] {
				continue
			}
			expanding[s.Name] = true
			d = selectionDepth(s.Definition.SelectionSet, expanding, depth, limit)
			delete(expanding, s.Name)
		}
		if d > deepest {
			deepest = d
		}
	}
	return deepest
}

// CostReport adds extensions.cost {requested, limit} to every response, so clients can
// see how close they are to the complexity limit; partner requests also get remaining
// and budgetPerMinute (their client's budget after this request).
type CostReport struct{ Limit int }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = CostReport{}

// ExtensionName names the extension for gqlgen.
func (CostReport) ExtensionName() string { return "CostReport" }

// Validate is required by gqlgen; there is nothing to check.
func (CostReport) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse attaches the cost of the operation.
func (c CostReport) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || !graphql.HasOperationContext(ctx) {
		// A request refused before it had an operation (a body that could not be read)
		// has no cost to report.
		return resp
	}
	if stats := extension.GetComplexityStats(ctx); stats != nil {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		cost := map[string]int{"requested": stats.Complexity, "limit": c.Limit}
		if a := partner.AdmissionFrom(ctx); a != nil {
			cost["remaining"], cost["budgetPerMinute"] = a.Remaining(), a.Budget
		}
		resp.Extensions["cost"] = cost
	}
	return resp
}
