package request

import (
	"strings"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
)

// Limits bound the document before validation (see CheckDocument): field selections
// with fragments expanded, fields answering under one name in one selection set, aliases
// and directives in the document.
type Limits struct {
	MaxFields         int
	MaxSameNameFields int
	MaxAliases        int
	MaxDirectives     int
}

// CheckDocument counts what makes validation expensive, before validation runs, and
// refuses a document over a limit with QUERY_TOO_COMPLEX (extensions.limit names which,
// extensions.max its value):
//   - fields: field selections with fragments expanded where they are spread (the walk
//     stops as soon as it passes the limit, so fragments spread inside fragments cannot
//     make it exponential);
//   - sameNameFields: fields answering under one name in one selection set, which the
//     "fields can be merged" rule compares pairwise (9,000 × __typename cost seconds);
//   - aliases and directives anywhere in the document.
//
// Counting is one walk over the parsed document: linear in its size, a few milliseconds
// for the largest document the token limit lets through.
func CheckDocument(doc *ast.QueryDocument, l Limits) *apperr.Error {
	c := docCounter{l: l, frags: map[string]*ast.FragmentDefinition{}, expanding: map[string]bool{}}
	for _, f := range doc.Fragments {
		c.frags[f.Name] = f
	}
	for _, op := range doc.Operations {
		c.directives(op.Directives)
		for _, v := range op.VariableDefinitions {
			c.directives(v.Directives)
		}
		c.set(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		// A fragment is validated on its own too (even when unused).
		c.directives(f.Directives)
		c.set(f.SelectionSet)
	}
	return c.err
}

type docCounter struct {
	l                         Limits
	frags                     map[string]*ast.FragmentDefinition
	expanding                 map[string]bool
	fields, aliases, directiv int
	err                       *apperr.Error
}

func (c *docCounter) refuse(limit string, max int) {
	if c.err == nil {
		c.err = apperr.E("graph.limits", apperr.QueryTooComplex).With("limit", limit).With("max", max).
			Explain("查询过于复杂:"+limitZH[limit]+"超过上限", "The query is too complex: too many "+limitEN[limit])
	}
}

var limitZH = map[string]string{"fields": "字段数", "sameNameFields": "同名字段数", "aliases": "别名数", "directives": "指令数"}
var limitEN = map[string]string{"fields": "fields", "sameNameFields": "fields under one name", "aliases": "aliases", "directives": "directives"}

// set checks one selection set: the names answered in it (through inline fragments and
// spreads, which merge into it), and each field's own selection set, depth first, so a
// fragment spread again below itself (a cycle, which validation refuses) is not followed.
func (c *docCounter) set(set ast.SelectionSet) {
	if c.err != nil || len(set) == 0 {
		return
	}
	c.collect(set, map[string]int{})
}

// collect counts the fields answered by set under each response name, expanding
// fragments, and checks the fields' selection sets.
func (c *docCounter) collect(set ast.SelectionSet, names map[string]int) {
	for _, sel := range set {
		if c.err != nil {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			c.fields++
			if c.fields > c.l.MaxFields {
				c.refuse("fields", c.l.MaxFields)
				return
			}
			if s.Alias != "" && s.Alias != s.Name {
				c.aliases++
				if c.aliases > c.l.MaxAliases {
					c.refuse("aliases", c.l.MaxAliases)
					return
				}
			}
			c.directives(s.Directives)
			names[s.Alias]++
			if names[s.Alias] > c.l.MaxSameNameFields {
				c.refuse("sameNameFields", c.l.MaxSameNameFields)
				return
			}
			c.set(s.SelectionSet)
		case *ast.InlineFragment:
			c.directives(s.Directives)
			c.collect(s.SelectionSet, names)
		case *ast.FragmentSpread:
			c.directives(s.Directives)
			f := c.frags[s.Name]
			if f == nil || c.expanding[s.Name] {
				continue // unknown or cyclic: validation says so
			}
			c.expanding[s.Name] = true
			c.collect(f.SelectionSet, names)
			delete(c.expanding, s.Name)
		}
	}
}

func (c *docCounter) directives(ds ast.DirectiveList) {
	c.directiv += len(ds)
	if c.directiv > c.l.MaxDirectives {
		c.refuse("directives", c.l.MaxDirectives)
	}
}

// CheckStringEscapes finds, in a document the parser accepted, a string whose \uXXXX
// escape is half of a surrogate pair without its other half ("\uDC00"). The GraphQL spec
// makes it a syntax error; the parser reads it as U+FFFD, which would be stored as if the
// client had sent it. It returns the error, located at the escape, or nil. Block strings
// (no escapes there) and comments are skipped; a document without "\u" costs one search.
func CheckStringEscapes(src string) *gqlerror.Error {
	if !strings.Contains(src, `\u`) {
		return nil
	}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '#': // a comment runs to the end of its line
			for i < len(src) && src[i] != '\n' && src[i] != '\r' {
				i++
			}
		case '"':
			if strings.HasPrefix(src[i:], `"""`) {
				for i += 3; i < len(src) && !strings.HasPrefix(src[i:], `"""`); i++ {
					if strings.HasPrefix(src[i:], `\"""`) {
						i += 3
					}
				}
				i += 2 // the closing quotes
				continue
			}
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n' && src[i] != '\r'; i++ {
				if src[i] != '\\' {
					continue
				}
				i++
				if i < len(src) && src[i] == 'u' {
					n, ok := surrogateEscape(src, i)
					if !ok {
						line, col := position(src, i-1)
						return gqlerror.ErrorLocf("", line, col,
							"Invalid Unicode escape sequence: %s is half of a surrogate pair without its other half.", src[i-1:i+5])
					}
					i += n
				}
			}
		}
	}
	return nil
}

// position is the line and column (in characters, from 1) of byte i of src, as the
// parser counts them: "\r\n", "\n" and "\r" end a line.
func position(src string, i int) (line, col int) {
	line, start := 1, 0
	for j := 0; j < i; j++ {
		switch src[j] {
		case '\n':
			line, start = line+1, j+1
		case '\r':
			if j+1 < i && src[j+1] == '\n' {
				j++
			}
			line, start = line+1, j+1
		}
	}
	return line, utf8.RuneCountInString(src[start:i]) + 1
}
