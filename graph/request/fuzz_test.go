package request

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/expresscs/cs/internal/apperr"
)

// FuzzDecodeBody: whatever bytes arrive, decoding answers parameters or a
// BAD_REQUEST, never panics, never quotes the body back, and accepts exactly the bodies
// that are one JSON object of the right parameter types.
func FuzzDecodeBody(f *testing.F) {
	for _, seed := range []string{
		`{"query":"{ me { name } }"}`,
		`{"query":"query($a: Int) { x }","variables":{"a":1},"operationName":"Q","extensions":{"persistedQuery":{"version":1,"sha256Hash":"ab"}}}`,
		`{"query": 0}`, `[{"query":"{ x }"}]`, `{"query":"x",}`, `{"variables":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`,
		``, `null`, `"x"`, `{"query":"\u0000"}`, `{"query":"x"} {}`, `{"variables":null,"extensions":null,"operationName":null}`,
		`{"query":"\"}`, `{"variables":{"s":"\\\"{{{{"}}`,
		"{\"query\":\"\xff\"}", `{"query":"\udc00"}`, `{"query":"\ud83d\ude00"}`, `{"query":"\ud83d\u"}`, `{"query":"\\ud800"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var p graphql.RawParams
		err := DecodeBody(body, &p)
		if err != nil {
			if err.Code != apperr.BadRequest || err.Detail == nil {
				t.Fatalf("refusal %+v", err)
			}
			if len(body) > 8 && (strings.Contains(err.Detail.EN, string(body)) || strings.Contains(err.Detail.ZH, string(body))) {
				t.Fatalf("the refusal quotes the body: %+v", err.Detail)
			}
			return
		}
		// Accepted: it must be Unicode text, and one JSON object whose parameters have the
		// right types.
		if !utf8.Valid(body) {
			t.Fatalf("accepted a body that is not UTF-8")
		}
		var m map[string]any
		if jerr := json.Unmarshal(body, &m); jerr != nil {
			t.Fatalf("accepted a body that is not a JSON object: %v", jerr)
		}
		// No string was read as U+FFFD unless the client sent one (\uFFFD or its bytes).
		if out, _ := json.Marshal(m); bytes.Contains(out, []byte("\ufffd")) &&
			!bytes.Contains(body, []byte("\ufffd")) && !bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`)) {
			t.Fatalf("accepted a body that decodes to U+FFFD it does not hold")
		}
		for k, want := range map[string]string{"query": "string", "operationName": "string", "variables": "object", "extensions": "object"} {
			v, ok := lookupFold(m, k)
			if !ok || v == nil {
				continue
			}
			switch v.(type) {
			case string:
				if want != "string" {
					t.Fatalf("%s accepted as a string", k)
				}
			case map[string]any:
				if want != "object" {
					t.Fatalf("%s accepted as an object", k)
				}
			default:
				t.Fatalf("%s accepted as %T", k, v)
			}
		}
	})
}

// lookupFold finds a key as encoding/json matches struct fields (case-insensitively),
// the last match winning as the decoder's does.
func lookupFold(m map[string]any, key string) (any, bool) {
	var v any
	found := false
	for k, x := range m {
		if strings.EqualFold(k, key) {
			v, found = x, true
		}
	}
	return v, found
}

// FuzzCheckDocument: any document the parser accepts is counted without panicking, and
// quickly: the walk stops at the limits, so its work is bounded whatever the document.
func FuzzCheckDocument(f *testing.F) {
	for _, seed := range []string{
		`{ me { name } }`,
		`{ ...A } fragment A on Query { ...B ...B } fragment B on Query { __typename }`,
		`query { me { ...A } } fragment A on Staff { superior { ...A } }`,
		`{ a: me { n: name } b: me { name @include(if: true) } }`,
		"{ " + strings.Repeat("__typename ", 30) + "}",
		`subscription S($v: Int @deprecated) { x(a: [1, {b: $v}]) @skip(if: false) { ... on T @x { y } } }`,
	} {
		f.Add(seed)
	}
	limits := Limits{MaxFields: 200, MaxSameNameFields: 5, MaxAliases: 20, MaxDirectives: 10}
	f.Fuzz(func(t *testing.T, src string) {
		doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: src}, 2000)
		if err != nil {
			return
		}
		if e := CheckDocument(doc, limits); e != nil && (e.Code != apperr.QueryTooComplex || e.Extra["limit"] == nil) {
			t.Fatalf("refusal %+v", e)
		}
	})
}
