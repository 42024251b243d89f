package graph

import (
	"sync"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/expresscs/cs/graph/generated"
)

// schemaAST is the parsed schema, for checking documents partners register.
var schemaAST = sync.OnceValue(func() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
})

// validateDocument parses and validates a GraphQL document against the schema.
func validateDocument(doc string) error {
	if _, errs := gqlparser.LoadQueryWithRules(schemaAST(), doc, nil); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// optional turns "" into null.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
