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
