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
	"unicode/utf8"

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
// object (a batch array, trailing data, a syntax error), text that is not Unicode (see
// CheckEncoding), JSON nested deeper than MaxJSONDepth, and a parameter of the wrong type.
// The explanation never quotes the body, which may hold passwords and phone numbers.
func DecodeBody(body []byte, params *graphql.RawParams) *apperr.Error {
	if len(bytes.TrimSpace(body)) == 0 {
		return BadRequest("", "请求体为空,请发送 JSON 格式的 GraphQL 请求", "The request body is empty; send a GraphQL request as JSON")
	}
	if err := checkJSON(body); err != nil {
		return err
	}
	var req requestBody
	if err := DecodeOne(body, &req); errors.Is(err, ErrTrailingJSON) {
		return BadRequest("", "请求体只能包含一个 JSON 对象", "The request body must hold exactly one JSON object")
	} else if err != nil {
		return decodeError(err)
	}
	req.into(params)
	return nil
}

// ErrTrailingJSON is DecodeOne's error for text that holds more after its first value.
var ErrTrailingJSON = errors.New("more than one JSON value")

// DecodeOne decodes b, which must hold exactly one JSON value (white space around it
// aside), into v, numbers into an any as json.Number: ErrTrailingJSON when anything
// follows the value, the decoder's error when the value itself does not decode.
func DecodeOne(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return ErrTrailingJSON
	}
	return nil
}

// DecodeQuery reads the parameters of a GraphQL GET request from its query string,
// with the refusals of DecodeBody for variables and extensions. A parameter that is not
// UTF-8 once percent-decoded (%FF) is refused, naming it.
func DecodeQuery(rawQuery string, params *graphql.RawParams) *apperr.Error {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return BadRequest("", "请求地址的参数格式错误", "The URL's query string is malformed")
	}
	for _, name := range []string{"query", "operationName", "variables", "extensions"} {
		if !utf8.ValidString(q.Get(name)) {
			return BadRequest(name, "请求参数 "+name+" 不是有效的 UTF-8 文本", "The "+name+" parameter is not valid UTF-8 text")
		}
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
	if err := checkJSON(raw); err != nil {
		err.Field = name
		return err
	}
	var m map[string]any
	if err := DecodeOne(raw, &m); err != nil {
		return wrongType(name)
	}
	*into = m
	return nil
}

// CheckEncoding refuses, with BAD_REQUEST, JSON text that does not stand for Unicode
// text: bytes that are not UTF-8, and a \u escape of a surrogate (\uD800–\uDFFF) that is
// not one half of a pair (a high one followed at once by a low one). encoding/json would
// silently read either as U+FFFD, so a name or a password would be stored, or compared,
// as something the client never sent; refusing here covers every string of the request,
// not only the free text internal/text checks. A U+FFFD the client sends, as its UTF-8
// bytes or as \uFFFD, is text like any other.
func CheckEncoding(b []byte) *apperr.Error { return checkText(b, false) }

// checkJSON is CheckEncoding and the nesting depth (MaxJSONDepth), in the same pass.
func checkJSON(b []byte) *apperr.Error { return checkText(b, true) }

func checkText(b []byte, depth bool) *apperr.Error {
	if !utf8.Valid(b) {
		return BadRequest("", "请求体不是有效的 UTF-8 文本", "The request body is not valid UTF-8 text")
	}
	return scanJSON(b, depth)
}

func unpairedSurrogate() *apperr.Error {
	return BadRequest("", "请求的 JSON 含有不成对的 Unicode 代理项转义(\\uD800–\\uDFFF)", "The request's JSON has a surrogate escape (\\uD800–\\uDFFF) that is not one half of a pair")
}

// scanJSON scans JSON without decoding it, so a deeply nested body costs one pass over its
// bytes and no allocation: the escapes of surrogates inside strings must pair up, and,
// when depth is set, the nesting must not pass MaxJSONDepth. Bytes that are not JSON are
// left to the decoder.
func scanJSON(b []byte, depth bool) *apperr.Error {
	level, inString := 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString:
			switch c {
			case '"':
				inString = false
			case '\\':
				i++
				if i < len(b) && b[i] == 'u' {
					n, ok := surrogateEscape(b, i)
					if !ok {
						return unpairedSurrogate()
					}
					i += n
				}
			}
		case c == '"':
			inString = true
		case depth && (c == '{' || c == '['):
			level++
			if level > MaxJSONDepth {
				return BadRequest("", "请求的 JSON 嵌套层级过深", "The request's JSON is nested too deeply").With("maxDepth", MaxJSONDepth)
			}
		case depth && (c == '}' || c == ']'):
			level--
		}
	}
	return nil
}

// surrogateEscape looks at the escape whose 'u' is at b[i]. It reports false for a
// surrogate that is not one half of a pair, and otherwise how many bytes after the 'u' the
// escape, or the pair, takes (0 for an escape that is not a surrogate, or not four hex
// digits, which the decoder refuses).
func surrogateEscape[T string | []byte](b T, i int) (int, bool) {
	r, ok := hex4(b, i+1)
	switch {
	case !ok || r < 0xD800 || r > 0xDFFF:
		return 0, true
	case r >= 0xDC00:
		return 0, false // a low half with no high half before it
	}
	// A high half: the next six bytes must be the escape of a low half.
	if i+10 >= len(b) || b[i+5] != '\\' || b[i+6] != 'u' {
		return 0, false
	}
	if lo, ok := hex4(b, i+7); !ok || lo < 0xDC00 || lo > 0xDFFF {
		return 0, false
	}
	return 10, true
}

// hex4 reads four hex digits at b[i:], if there are four.
func hex4[T string | []byte](b T, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for j := i; j < i+4; j++ {
		switch c := b[j]; {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
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
