package graph

import (
	"errors"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/expresscs/cs/graph/generated"
	"github.com/expresscs/cs/graph/request"
	"github.com/expresscs/cs/internal/partner"
)

// schemaAST is the parsed schema, for checking documents partners register.
var schemaAST = sync.OnceValue(func() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
})

// validateDocument checks a document a partner registers as a request's document is
// checked: the parser's token limit, the document limits before validation, then the
// schema's rules without suggestions (a partner may not introspect, so no "Did you mean"
// names the schema to it).
func validateDocument(doc string) error {
	parsed, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: doc}, DefaultLimits.MaxTokens)
	if err != nil {
		return err
	}
	if e := request.CheckDocument(parsed, DefaultLimits.Document()); e != nil {
		return errors.New(e.Detail.EN)
	}
	if errs := validator.ValidateWithRules(schemaAST(), parsed, validationRules(false)); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// optional turns "" into null.
// optionalFailure is a failure class, or null when there was none.
func optionalFailure(f partner.Failure) *partner.Failure {
	if f == "" {
		return nil
	}
	return &f
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optionalKey decodes an optional global id of type typ; nil is "".
func optionalKey(id *string, typ string) (string, error) {
	if id == nil || *id == "" {
		return "", nil
	}
	return keyOf(*id, typ)
}
