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
type DocumentLimits struct {
	Limits Limits
	Cache  graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = DocumentLimits{}

// ExtensionName names the extension for gqlgen.
func (DocumentLimits) ExtensionName() string { return "DocumentLimits" }

// Validate is required by gqlgen; there is nothing to check.
func (DocumentLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters checks the document.
func (d DocumentLimits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil
	}
	if d.Cache != nil {
		if _, ok := d.Cache.Get(ctx, params.Query); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, d.Limits.MaxTokens)
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
	if e := request.CheckDocument(doc, d.Limits.Document()); e != nil {
		return codedError(ctx, e)
	}
	return nil
}
