package request

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
)

var varSchema = gqlparser.MustLoadSchema(&ast.Source{Input: `
type Query { x: Int }
type Mutation {
  proposeClaim(input: ClaimInput!): Int
  rate(n: Int, f: Float, b: Boolean, s: String, id: ID, ns: [Int!], e: Kind, m: [Many!]): Int
}
enum Kind { A B }
enum Many { V1 V2 V3 V4 V5 V6 V7 V8 V9 V10 V11 V12 V13 }
input ClaimInput { amountFen: Int!, weightKg: Float, lines: [LineInput!], note: String }
input LineInput { qty: Int! }
`})

// checkVars decodes body's variables as the server does (UseNumber), runs CheckVariables
// and then the engine's coercion, which must then accept whatever CheckVariables let by.
func checkVars(t *testing.T, doc, vars string) (map[string]any, *gqlerror.Error) {
	t.Helper()
	var p graphql.RawParams
	if err := DecodeBody([]byte(`{"query":"x","variables":`+vars+`}`), &p); err != nil {
		t.Fatalf("%s: %v", vars, err)
	}
	q, errs := gqlparser.LoadQueryWithRules(varSchema, doc, nil) // nil: the default rules
	if errs != nil {
		t.Fatalf("%s: %v", doc, errs)
	}
	if err := CheckVariables(varSchema, q.Operations[0], p.Variables); err != nil {
		return nil, err
	}
	coerced, err := validator.VariableValues(varSchema, q.Operations[0], p.Variables)
	if err != nil {
		t.Fatalf("%s: let by, then refused by the engine: %v", vars, err)
	}
	return coerced, nil
}

// Variables coerce as the GraphQL spec's input coercion says, and a refusal says what is
// wrong without quoting the value. Int and Float take JSON numbers only: the engine alone
// read "100" as 100, and refused a nested 1.5, 1e308 or 2^63 with "cannot use string as
// Int". String takes strings only (the engine read 123 as "123"), ID strings and integers
// (it passed 1.5 on), an enum its values spelled exactly (it took "a" for A and quoted
// what it refused, bidi overrides included).
func TestVariablesCoerceAsTheSpecSays(t *testing.T) {
	const claim = `mutation($i: ClaimInput!) { proposeClaim(input: $i) }`
	const rate = `mutation($n: Int, $f: Float, $b: Boolean, $ns: [Int!]) { rate(n: $n, f: $f, b: $b, ns: $ns) }`
	const vals = `mutation($s: String, $id: ID, $e: Kind, $m: [Many!]) { rate(s: $s, id: $id, e: $e, m: $m) }`
	for _, c := range []struct{ doc, vars, path, msg string }{
		{claim, `{"i":{"amountFen":"100"}}`, "variable.i.amountFen", "Int cannot represent a string"},
		{claim, `{"i":{"amountFen":""}}`, "variable.i.amountFen", "Int cannot represent a string"},
		{claim, `{"i":{"amountFen":1.5}}`, "variable.i.amountFen", "Int cannot represent a non-integer number"},
		{claim, `{"i":{"amountFen":1e308}}`, "variable.i.amountFen", "outside the 32-bit signed range"},
		{claim, `{"i":{"amountFen":1e400}}`, "variable.i.amountFen", "outside the 32-bit signed range"},
		{claim, `{"i":{"amountFen":9223372036854775808}}`, "variable.i.amountFen", "outside the 32-bit signed range"},
		{claim, `{"i":{"amountFen":2147483648}}`, "variable.i.amountFen", "outside the 32-bit signed range"},
		{claim, `{"i":{"amountFen":-2147483649}}`, "variable.i.amountFen", "outside the 32-bit signed range"},
		{claim, `{"i":{"amountFen":` + strings.Repeat("9", 10000) + `}}`, "variable.i.amountFen", "outside the 32-bit signed range"},
		{claim, `{"i":{"amountFen":1,"weightKg":"2.5"}}`, "variable.i.weightKg", "Float cannot represent a string"},
		{claim, `{"i":{"amountFen":1,"weightKg":"NaN"}}`, "variable.i.weightKg", "Float cannot represent a string"},
		{claim, `{"i":{"amountFen":1,"weightKg":-1e400}}`, "variable.i.weightKg", "Float cannot represent a number beyond"},
		{claim, `{"i":{"amountFen":1,"lines":[{"qty":1},{"qty":"2"}]}}`, "variable.i.lines[1].qty", "Int cannot represent a string"},
		{claim, `{"i":{"amountFen":1,"lines":{"qty":0.5}}}`, "variable.i.lines.qty", "Int cannot represent a non-integer number"},
		{rate, `{"n":"7"}`, "variable.n", "Int cannot represent a string"},
		{rate, `{"n":1.5}`, "variable.n", "Int cannot represent a non-integer number"},
		{rate, `{"n":4294967296}`, "variable.n", "outside the 32-bit signed range"},
		{rate, `{"f":"1.5"}`, "variable.f", "Float cannot represent a string"},
		{rate, `{"ns":[1,"2"]}`, "variable.ns[1]", "Int cannot represent a string"},
		{rate, `{"ns":"3"}`, "variable.ns", "Int cannot represent a string"},
		{rate, `{"b":1}`, "variable.b", "Boolean cannot represent a number"},
		{vals, `{"s":123}`, "variable.s", "String cannot represent a number"},
		{vals, `{"s":1.5}`, "variable.s", "String cannot represent a number"},
		{claim, `{"i":{"amountFen":1,"note":100}}`, "variable.i.note", "String cannot represent a number"},
		{vals, `{"id":1.5}`, "variable.id", "ID cannot represent a number that is not an integer"},
		{vals, `{"id":1e2}`, "variable.id", "ID cannot represent a number that is not an integer"},
		{vals, `{"id":-0.0}`, "variable.id", "ID cannot represent a number that is not an integer"},
		{vals, `{"e":"a"}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":"A "}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":"\u202eA"}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":"A\u0000"}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":1}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":true}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":["A"]}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":{"A":1}}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"e":"` + strings.Repeat("B", 10000) + `"}`, "variable.e", "not a value of Kind: A, B"},
		{vals, `{"m":["V1","v2"]}`, "variable.m[1]", "not a value of Many; see the schema for its values"},
	} {
		_, err := checkVars(t, c.doc, c.vars)
		if err == nil {
			t.Errorf("%.80s: accepted", c.vars)
			continue
		}
		if err.Path.String() != c.path || !strings.Contains(err.Message, c.msg) || err.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("%.80s: %s %q %v, want %s %q", c.vars, err.Path, err.Message, err.Extensions, c.path, c.msg)
		}
		if strings.Contains(err.Message, "100") || strings.Contains(err.Message, "999") || strings.Contains(err.Message, "\u202e") ||
			strings.Contains(err.Message, "BB") || strings.ContainsRune(err.Message, 0) {
			t.Errorf("%.80s: the message quotes the value: %s", c.vars, err.Message)
		}
	}

	for _, c := range []struct {
		doc, vars, name string
		want            any
	}{
		{claim, `{"i":{"amountFen":100}}`, "i", map[string]any{"amountFen": int64(100)}},
		{claim, `{"i":{"amountFen":-2147483648,"weightKg":2}}`, "i", map[string]any{"amountFen": int64(-2147483648), "weightKg": 2.0}},
		{claim, `{"i":{"amountFen":2147483647,"weightKg":1e308}}`, "i", map[string]any{"amountFen": int64(2147483647), "weightKg": 1e308}},
		{claim, `{"i":{"amountFen":100.0,"lines":[{"qty":1e2}]}}`, "i", map[string]any{"amountFen": int64(100), "lines": []any{map[string]any{"qty": int64(100)}}}},
		{claim, `{"i":{"amountFen":-0.0,"note":"100"}}`, "i", map[string]any{"amountFen": int64(0), "note": "100"}},
		{rate, `{"n":7}`, "n", int64(7)},
		{rate, `{"n":7.0}`, "n", int64(7)},
		{rate, `{"f":7}`, "f", 7.0},
		{rate, `{"f":1.5e-3}`, "f", 0.0015},
		{rate, `{"n":null,"f":null}`, "n", nil},
		{rate, `{"ns":[1,2]}`, "ns", []any{int64(1), int64(2)}},
		{rate, `{"b":true}`, "b", true},
		{vals, `{"s":"123"}`, "s", "123"},
		{vals, `{"s":""}`, "s", ""},
		{vals, `{"id":"T3JkZXI6MQ=="}`, "id", "T3JkZXI6MQ=="},
		{vals, `{"id":42}`, "id", "42"},
		{vals, `{"id":123456789012345678901234567890}`, "id", "123456789012345678901234567890"},
		{vals, `{"e":"B"}`, "e", "B"},
		{vals, `{"e":null}`, "e", nil},
		{vals, `{"m":["V13","V1"]}`, "m", []any{"V13", "V1"}},
	} {
		got, err := checkVars(t, c.doc, c.vars)
		if err != nil {
			t.Errorf("%s: refused: %v", c.vars, err)
			continue
		}
		if !sameNumbers(got[c.name], c.want) {
			t.Errorf("%s: %s = %#v, want %#v", c.vars, c.name, got[c.name], c.want)
		}
	}
}

// sameNumbers compares decoded values, reading a json.Number as the number it is.
func sameNumbers(got, want any) bool {
	switch g := got.(type) {
	case json.Number:
		switch w := want.(type) {
		case int64:
			n, err := g.Int64()
			return err == nil && n == w
		case float64:
			f, err := g.Float64()
			return err == nil && f == w
		case string: // an integer ID, passed on as the engine reads it
			return string(g) == w
		}
		return false
	case map[string]any:
		w, ok := want.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k := range g {
			if !sameNumbers(g[k], w[k]) {
				return false
			}
		}
		return true
	case []any:
		w, ok := want.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range g {
			if !sameNumbers(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return got == want
}
