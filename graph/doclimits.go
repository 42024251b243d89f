package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/expresscs/cs/graph/request"
)

// DocumentLimits applies request.CheckDocument to every document gqlgen has not already
// validated (its parsed-query cache holds only valid documents), before gqlgen's
// validation. It parses with the same token limit; a document that does not parse is
// refused here as gqlgen would refuse it, so it is not parsed twice. A document that
// parses has its strings checked for a lone surrogate escape (request.CheckStringEscapes),
// which the parser would read as U+FFFD.
//
// It then picks the operation to run (request.SelectOperation), so that a request naming
// none of the document's operations is refused without its operationName quoted back, and
// refuses a subscription of more than one top-level field (request.CheckSubscriptionFields).
//
// With Schema set, it also checks the numbers among the variables against the types the
// operation declares (request.CheckVariables), cached document or not: gqlgen's own
// coercion, which runs next, reads "100" as an Int and misdescribes a refused 1.5. The
// check needs the parsed document, which is why it is here and not an extension of its own
// that would parse every new document once more.
type DocumentLimits struct {
	Limits Limits
	Cache  graphql.Cache[*ast.QueryDocument]
	Schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = DocumentLimits{}

// ExtensionName names the extension for gqlgen.
func (DocumentLimits) ExtensionName() string { return "DocumentLimits" }

// Validate is required by gqlgen; there is nothing to check.
func (DocumentLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters checks the document and the variables.
func (d DocumentLimits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil
	}
	var doc *ast.QueryDocument
	if d.Cache != nil {
		doc, _ = d.Cache.Get(ctx, params.Query)
	}
	if doc == nil {
		parsed, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, d.Limits.MaxTokens)
		if err != nil {
			gqlErr, ok := err.(*gqlerror.Error)
			if !ok {
				gqlErr = gqlerror.Wrap(err)
			}
			errcode.Set(gqlErr, errcode.ParseFailed)
			return gqlErr
		}
		if gqlErr := request.CheckStringEscapes(params.Query); gqlErr != nil {
			errcode.Set(gqlErr, errcode.ParseFailed)
			return gqlErr
		}
		if e := request.CheckDocument(parsed, d.Limits.Document()); e != nil {
			return codedError(ctx, e)
		}
		doc = parsed
	}
	op, e := request.SelectOperation(doc, params.OperationName)
	if e == nil {
		e = request.CheckSubscriptionFields(doc, op)
	}
	if e != nil {
		return codedError(ctx, e)
	}
	if d.Schema != nil && len(params.Variables) > 0 {
		return request.CheckVariables(d.Schema, op, params.Variables)
	}
	return nil
}
