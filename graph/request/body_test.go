package request

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/apperr"
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

// A body is refused as a whole when it does not stand for Unicode text: bytes that are
// not UTF-8, or a \u escape of half a surrogate pair without its other half. encoding/json
// would read either as U+FFFD, and the server would store text the client never sent.
func TestBodiesThatAreNotUnicodeTextAreRefusedWhole(t *testing.T) {
	const q = `{"query":"mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id } } }","variables":{"in":`
	for name, body := range map[string]string{
		"bytes that are not UTF-8":             q + "{\"summary\":\"bad utf8 \xff\xfe here\",\"customerName\":\"\xc3\x28test\"}}}",
		"a truncated UTF-8 sequence":           q + "{\"summary\":\"\xe4\xb8\"}}}",
		"an encoded surrogate (CESU-8)":        q + "{\"summary\":\"\xed\xb0\x80\"}}}",
		"bad bytes outside any string":         "{\"query\":\"{ me { name } }\"}\xff",
		"a lone low surrogate":                 q + `{"summary":"\udc00"}}}`,
		"a lone high surrogate":                q + `{"summary":"\ud83d!"}}}`,
		"a high surrogate at the string's end": q + `{"summary":"x\uD83D"}}}`,
		"two high surrogates":                  q + `{"summary":"\ud83d\ud83d"}}}`,
		"a pair the wrong way round":           q + `{"summary":"\ude00\ud83d"}}}`,
		"a high surrogate and an escaped n":    q + `{"summary":"\ud83d\n"}}}`,
		"in a key":                             q + `{"\udc00":"x"}}}`,
		"in the query":                         `{"query":"{ me { name } } # \udfff"}`,
		"in the extensions":                    `{"query":"{ me { name } }","extensions":{"e":"\uDBFF"}}`,
	} {
		err := DecodeBody([]byte(body), &graphql.RawParams{})
		if err == nil || err.Code != apperr.BadRequest || err.Detail == nil || err.Detail.ZH == "" || err.Detail.EN == "" {
			t.Errorf("%s: %+v", name, err)
			continue
		}
		if strings.Contains(err.Detail.EN, "here") || strings.Contains(err.Detail.EN, "test") {
			t.Errorf("%s: the refusal quotes the body: %s", name, err.Detail.EN)
		}
	}
	for name, c := range map[string]struct{ body, want string }{
		"Chinese text":                       {`{"query":"x","variables":{"s":"陈先生,杭州市西湖区文三路 90 号"}}`, "陈先生,杭州市西湖区文三路 90 号"},
		"a surrogate pair":                   {`{"query":"x","variables":{"s":"\ud83d\ude00 \uD83D\uDE00"}}`, "😀 😀"},
		"U+FFFD escaped":                     {`{"query":"x","variables":{"s":"\ufffd"}}`, "\ufffd"},
		"U+FFFD as UTF-8":                    {"{\"query\":\"x\",\"variables\":{\"s\":\"\xef\xbf\xbd\"}}", "\ufffd"},
		"an escaped backslash, then u":       {`{"query":"x","variables":{"s":"\\udc00"}}`, `\udc00`},
		"an escaped quote, then the escape":  {`{"query":"x","variables":{"s":"\"\u00e9"}}`, `"é`},
		"a BMP escape that is no surrogate":  {`{"query":"x","variables":{"s":"\u4e2d\uE000\uFFFF"}}`, "中\ue000\uffff"},
		"surrogate-like text outside escape": {`{"query":"x","variables":{"s":"udc00 \\ud800"}}`, `udc00 \ud800`},
	} {
		var p graphql.RawParams
		if err := DecodeBody([]byte(c.body), &p); err != nil {
			t.Errorf("%s: refused: %v", name, err)
			continue
		}
		if p.Variables["s"] != c.want {
			t.Errorf("%s: %q, want %q", name, p.Variables["s"], c.want)
		}
	}
}

func TestAGETRequestsParametersMustBeUnicodeText(t *testing.T) {
	for q, field := range map[string]string{
		"query=%7B+me+%7B+name+%7D+%7D+%23%FF":              "query",
		"query=x&operationName=%C3%28":                      "operationName",
		"query=x&variables=%7B%22s%22%3A%22%FF%22%7D":       "variables",
		"query=x&variables=%7B%22s%22%3A%22%5Cudc00%22%7D":  "variables",
		"query=x&extensions=%7B%22s%22%3A%22%5Cud800%22%7D": "extensions",
	} {
		err := DecodeQuery(q, &graphql.RawParams{})
		if err == nil || err.Code != apperr.BadRequest || err.Field != field {
			t.Errorf("%s: %+v, want BAD_REQUEST on %s", q, err, field)
		}
	}
	var p graphql.RawParams
	if err := DecodeQuery("query=x&variables=%7B%22s%22%3A%22%E9%99%88%5Cud83d%5Cude00%22%7D", &p); err != nil || p.Variables["s"] != "陈😀" {
		t.Errorf("Chinese and a surrogate pair: %v %q", err, p.Variables["s"])
	}
}
