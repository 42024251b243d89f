// Package request reads GraphQL-over-HTTP requests and sizes up their documents before
// the engine sees them: bodies and query strings decoded once, depth-bounded and never
// quoted back (DecodeBody, DecodeQuery), and the counts that make validation expensive
// (CheckDocument). It is kept apart from the generated schema so that it builds, tests
// and fuzzes in seconds.
package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/apperr"
)

// MaxJSONDepth bounds the nesting of a request's JSON (the body, and variables or
// extensions sent in a GET query string). The deepest input object of the schema is a
// few levels; 32 leaves room and refuses a 100,000-deep body after one cheap scan,
// before the decoder builds anything.
const MaxJSONDepth = 32

// DecodeBody reads a GraphQL-over-HTTP JSON body ({query, operationName,
// variables, extensions}) into params. It refuses with BAD_REQUEST (extensions.field
// naming the parameter at fault, when one is): an empty body, bytes that are not one JSON
// object (a batch array, trailing data, a syntax error), JSON nested deeper than
// MaxJSONDepth, and a parameter of the wrong type. The explanation never quotes the
// body, which may hold passwords and phone numbers.
func DecodeBody(body []byte, params *graphql.RawParams) *apperr.Error {
	if len(bytes.TrimSpace(body)) == 0 {
		return BadRequest("", "请求体为空,请发送 JSON 格式的 GraphQL 请求", "The request body is empty; send a GraphQL request as JSON")
	}
	if err := checkDepth(body); err != nil {
		return err
	}
	var req requestBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return BadRequest("", "请求体只能包含一个 JSON 对象", "The request body must hold exactly one JSON object")
	}
	req.into(params)
	return nil
}

// DecodeQuery reads the parameters of a GraphQL GET request from its query string,
// with the refusals of DecodeBody for variables and extensions.
func DecodeQuery(rawQuery string, params *graphql.RawParams) *apperr.Error {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return BadRequest("", "请求地址的参数格式错误", "The URL's query string is malformed")
	}
	params.Query = q.Get("query")
	params.OperationName = q.Get("operationName")
	for _, p := range []struct {
		name string
		into *map[string]any
	}{{"variables", &params.Variables}, {"extensions", &params.Extensions}} {
		raw := q.Get(p.name)
		if raw == "" {
			continue
		}
		if err := decodeObject(p.name, []byte(raw), p.into); err != nil {
			return err
		}
	}
	return nil
}

// requestBody is the wire shape; pointers tell null from absent and a string from
// anything else.
type requestBody struct {
	Query         *string        `json:"query"`
	OperationName *string        `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

func (b *requestBody) into(p *graphql.RawParams) {
	if b.Query != nil {
		p.Query = *b.Query
	}
	if b.OperationName != nil {
		p.OperationName = *b.OperationName
	}
	p.Variables, p.Extensions = b.Variables, b.Extensions
}

// decodeObject decodes one JSON object parameter (variables or extensions in a URL).
func decodeObject(name string, raw []byte, into *map[string]any) *apperr.Error {
	if err := checkDepth(raw); err != nil {
		err.Field = name
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return wrongType(name)
	}
	if _, err := dec.Token(); err != io.EOF {
		return wrongType(name)
	}
	*into = m
	return nil
}

// checkDepth scans JSON for its nesting depth without decoding it, so a deeply nested
// body costs one pass over its bytes and no allocation.
func checkDepth(b []byte) *apperr.Error {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > MaxJSONDepth {
				return BadRequest("", "请求的 JSON 嵌套层级过深", "The request's JSON is nested too deeply").With("maxDepth", MaxJSONDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// decodeError explains a decoding failure by the parameter it concerns, never by value.
func decodeError(err error) *apperr.Error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		switch typeErr.Field {
		case "":
			if typeErr.Value == "array" {
				return BadRequest("", "不支持批量请求,请每次发送一个操作", "Batched requests are not supported; send one operation per request")
			}
			return BadRequest("", "请求体须为 JSON 对象", "The request body must be a JSON object")
		case "query", "operationName", "variables", "extensions":
			return wrongType(typeErr.Field)
		default:
			// A value inside variables or extensions cannot have the wrong type: they
			// are decoded as free JSON. Only the top level is typed.
			return BadRequest("", "请求参数类型错误", "A request parameter has the wrong type")
		}
	}
	return BadRequest("", "请求体不是有效的 JSON", "The request body is not valid JSON")
}

func wrongType(field string) *apperr.Error {
	switch field {
	case "query", "operationName":
		return BadRequest(field, "请求参数 "+field+" 须为字符串", "The "+field+" parameter must be a string")
	default:
		return BadRequest(field, "请求参数 "+field+" 须为 JSON 对象", "The "+field+" parameter must be a JSON object")
	}
}

// BadRequest is a malformed request's refusal, naming the parameter at fault (field, may
// be empty) and explaining in both languages.
func BadRequest(field, zh, en string) *apperr.Error {
	return &apperr.Error{Op: "graph.decodeRequest", Code: apperr.BadRequest, Field: field, Detail: &apperr.Message{ZH: zh, EN: en}}
}
