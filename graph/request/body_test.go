package request

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

func TestBodiesAreDecodedOnceOrRefusedWithoutQuotingThem(t *testing.T) {
	var p graphql.RawParams
	if err := DecodeBody([]byte(`{"query":"query Q($a: Int) { x }","operationName":"Q","variables":{"a":12345678901234567890,"s":"[[[{{{"},"extensions":{"e":true}}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Query != "query Q($a: Int) { x }" || p.OperationName != "Q" || p.Variables["a"] == nil || p.Extensions["e"] != true {
		t.Fatalf("%+v", p)
	}
	if n, ok := p.Variables["a"].(interface{ String() string }); !ok || n.String() != "12345678901234567890" {
		t.Errorf("a huge number lost its digits: %#v", p.Variables["a"])
	}
	cases := map[string]string{
		"brackets in a string do not count as depth": `{"query":"{ x }","variables":{"s":"` + strings.Repeat("[", 100) + `"}}`,
		"escaped quotes inside a string":             `{"query":"{ x }","variables":{"s":"\"[[[[\\\\"}}`,
		"depth at the limit":                         `{"variables":` + strings.Repeat(`{"a":`, MaxJSONDepth-1) + `1` + strings.Repeat("}", MaxJSONDepth-1) + `}`,
	}
	for name, body := range cases {
		if err := DecodeBody([]byte(body), &graphql.RawParams{}); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
	if err := DecodeBody([]byte(`{"variables":`+strings.Repeat(`{"a":`, MaxJSONDepth)+`1`+strings.Repeat("}", MaxJSONDepth)+`}`), &graphql.RawParams{}); err == nil || err.Extra["maxDepth"] != MaxJSONDepth {
		t.Errorf("one level past the limit: %v", err)
	}
}

func TestAGETRequestsParametersAreDecodedLikeABodys(t *testing.T) {
	var p graphql.RawParams
	if err := DecodeQuery(`query=%7B+x+%7D&operationName=Q&variables=%7B%22a%22%3A1%7D&extensions=%7B%7D`, &p); err != nil {
		t.Fatal(err)
	}
	if p.Query != "{ x }" || p.OperationName != "Q" || p.Variables["a"] == nil || p.Extensions == nil {
		t.Fatalf("%+v", p)
	}
	for name, q := range map[string]string{
		"variables not JSON":    "query=x&variables=%7B",
		"variables an array":    "query=x&variables=%5B%5D",
		"extensions a string":   "query=x&extensions=%22x%22",
		"variables too deep":    "query=x&variables=" + strings.Repeat("%5B", MaxJSONDepth+1),
		"a malformed URL query": "query=%zz",
	} {
		if err := DecodeQuery(q, &graphql.RawParams{}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
