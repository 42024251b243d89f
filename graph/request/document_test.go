package request

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// The parser reads a string's lone surrogate escape as U+FFFD; the GraphQL spec makes it
// a syntax error, and CheckStringEscapes finds it, where it is.
func TestADocumentsLoneSurrogateEscapeIsFound(t *testing.T) {
	for src, at := range map[string][2]int{
		`mutation { createTicket(input: {summary: "\udc00"}) { ticket { id } } }`: {1, 43},
		"{\n  orders(search: \"陈\\uD83D\") { totalCount } }":                      {2, 20},
		"{\r\n a(s: \"\\ud83d\\ud83d\") }":                                        {2, 8},
		`{ a(s: "ok \u00e9", t: "\\", u: "\udfff") }`:                             {1, 34},
		`{ a(s: """\udc00""", t: "\ud800x") }`:                                    {1, 26},
		"# \\udc00 in a comment\n{ a(s: \"\\udc00\") }":                           {2, 9},
		`{ a(s: """a \""" \udc00""", t: "\udc00") }`:                              {1, 33},
	} {
		if _, err := parser.ParseQuery(&ast.Source{Input: src}); err != nil {
			t.Fatalf("%s does not parse: %v", src, err)
		}
		err := CheckStringEscapes(src)
		if err == nil {
			t.Errorf("%s: not found", src)
			continue
		}
		if len(err.Locations) != 1 || err.Locations[0].Line != at[0] || err.Locations[0].Column != at[1] {
			t.Errorf("%s: at %+v, want line %d column %d (%s)", src, err.Locations, at[0], at[1], err.Message)
		}
	}
	for _, src := range []string{
		`{ me { name } }`,
		`{ a(s: "\ud83d\ude00 \uD83D\uDE00 \ufffd \u4e2d") }`,
		`{ a(s: "\\udc00") }`,
		`{ a(s: """\udc00 \ud800""") }`,
		"# \\udc00\n{ a }",
		`{ a(s: "\u{1F600}") }`,
	} {
		if err := CheckStringEscapes(src); err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
}
