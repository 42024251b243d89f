package request

import (
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/expresscs/cs/internal/apperr"
)

// SelectOperation is the operation of doc that a request runs: the one operationName
// names, or the only one when it names none. Otherwise it refuses, with
// GRAPHQL_VALIDATION_FAILED (the code the engine gives these refusals), saying which case
// it is: the document has no operation (only fragments; extensions.field query), no
// operation of that name, or several and no name to choose (extensions.field
// operationName). The refusal never quotes
// operationName, which is whatever the client sent: control characters, a right-to-left
// override that turns the message around on screen, 100,000 characters. The engine's own
// "operation X not found" quoted it, and in English only.
func SelectOperation(doc *ast.QueryDocument, operationName string) (*ast.OperationDefinition, *apperr.Error) {
	if op := doc.Operations.ForName(operationName); op != nil {
		return op, nil
	}
	switch {
	case len(doc.Operations) == 0:
		e := invalidOperation("文档中没有可执行的操作(只有片段)", "The document has no operation to run (only fragments)")
		e.Field = "query"
		return nil, e
	case operationName != "":
		return nil, invalidOperation("文档中没有 operationName 所指名称的操作", "The document has no operation of the name given in operationName")
	default:
		return nil, invalidOperation("文档有多个操作,请用 operationName 指明执行哪一个", "The document has several operations; name the one to run in operationName")
	}
}

func invalidOperation(zh, en string) *apperr.Error {
	return &apperr.Error{Op: "graph.selectOperation", Code: apperr.GraphQLInvalid, Field: "operationName", Detail: &apperr.Message{ZH: zh, EN: en}}
}

// CheckSubscriptionFields refuses, with GRAPHQL_VALIDATION_FAILED, a subscription that
// selects more than one top-level field, counted as the GraphQL spec counts them: by the
// name each answers under, so the same field under two aliases is two, and through
// fragments (looked up in doc, which need not be validated yet). gqlparser's rule counts
// field names, so trackingUpdated twice under two aliases passed validation and the
// engine refused it while running, in English: "must subscribe to exactly one stream".
func CheckSubscriptionFields(doc *ast.QueryDocument, op *ast.OperationDefinition) *apperr.Error {
	if op.Operation != ast.Subscription {
		return nil
	}
	keys := map[string]bool{}
	seen := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				key := sel.Alias
				if key == "" {
					key = sel.Name
				}
				keys[key] = true
			case *ast.InlineFragment:
				walk(sel.SelectionSet)
			case *ast.FragmentSpread:
				if f := doc.Fragments.ForName(sel.Name); f != nil && !seen[sel.Name] {
					seen[sel.Name] = true
					walk(f.SelectionSet)
				}
			}
		}
	}
	walk(op.SelectionSet)
	if len(keys) > 1 {
		e := invalidOperation("订阅只能选择一个顶层字段(别名不同也算不同字段)", "A subscription selects exactly one top-level field (the same field under two aliases is two)")
		e.Field = "query"
		return e
	}
	return nil
}
