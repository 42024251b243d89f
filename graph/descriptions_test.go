package graph_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/expresscs/cs/graph/generated"
)

// The schema is the contract integrators read in GraphiQL or with codegen: every type,
// field, argument, input field, enum value and directive of ours says what it is.
func TestSchemaIsDescribed(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	missing := undescribed(schema)
	if len(missing) > 0 {
		t.Errorf("%d schema elements have no description:\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
}

// The walk itself finds what is missing, wherever it is.
func TestUndescribedFindsEachKind(t *testing.T) {
	schema := loadSchema(t, `
		"A scalar." scalar Stamp
		"Q." type Query {
			"F." f("A." a: Int, b: Int): Int
			g: Stamp
		}
		"E." enum Colour { "R." RED GREEN }
		input Filter { "X." x: Int, y: Int }
		"D." directive @limit("N." n: Int, m: Int) on FIELD_DEFINITION
		directive @bare on FIELD_DEFINITION
	`)
	got := undescribed(schema)
	want := []string{
		"Colour.GREEN",
		"Filter",
		"Filter.y",
		"Query.f(b:)",
		"Query.g",
		"@bare",
		"@limit(m:)",
	}
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("undescribed = %v, want %v", got, want)
	}
}

// A mutation's `input` argument lists its input's fields, required and optional, as they
// are: a field added to an input (or a merge of two changes) cannot leave it stale.
func TestInputArgumentDescriptionsNameTheirFields(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for _, def := range schema.Types {
		for _, f := range def.Fields {
			for _, a := range f.Arguments {
				in := schema.Types[a.Type.Name()]
				if a.Name != "input" || a.Type.Elem != nil || in == nil || in.Kind != ast.InputObject {
					continue
				}
				if want := inputDescription(in); a.Description != want {
					t.Errorf("%s.%s(input:) says %q\n  want %q", def.Name, f.Name, a.Description, want)
				}
			}
		}
	}
}

// inputDescription is what an `input` argument of type in says: its required fields
// (non-null without a default), then its optional ones.
func inputDescription(in *ast.Definition) string {
	var req, opt []string
	for _, x := range in.Fields {
		if x.Type.NonNull && x.DefaultValue == nil {
			req = append(req, "`"+x.Name+"`")
		} else {
			opt = append(opt, "`"+x.Name+"`")
		}
	}
	var parts []string
	if len(req) > 0 {
		parts = append(parts, "Required: "+strings.Join(req, ", "))
	}
	if len(opt) > 0 {
		word := "optional: "
		if len(req) == 0 {
			word = "Optional: "
		}
		parts = append(parts, word+strings.Join(opt, ", "))
	}
	return strings.Join(parts, "; ") + ". Each field is described on `" + in.Name + "`."
}

func loadSchema(t *testing.T, sdl string) *ast.Schema {
	t.Helper()
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: "test.graphqls", Input: sdl})
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// undescribed names, sorted, every element of our own schema (not GraphQL's built-ins)
// whose description is blank.
func undescribed(schema *ast.Schema) []string {
	var missing []string
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	for name, def := range schema.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		if blank(def.Description) {
			missing = append(missing, name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if blank(f.Description) {
				missing = append(missing, name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if blank(a.Description) {
					missing = append(missing, name+"."+f.Name+"("+a.Name+":)")
				}
			}
		}
		for _, v := range def.EnumValues {
			if blank(v.Description) {
				missing = append(missing, name+"."+v.Name)
			}
		}
	}
	for name, d := range schema.Directives {
		if isBuiltInDirective(d) {
			continue
		}
		if blank(d.Description) {
			missing = append(missing, "@"+name)
		}
		for _, a := range d.Arguments {
			if blank(a.Description) {
				missing = append(missing, "@"+name+"("+a.Name+":)")
			}
		}
	}
	sort.Strings(missing)
	return missing
}

// GraphQL's own directives come from gqlparser's prelude.
func isBuiltInDirective(d *ast.DirectiveDefinition) bool {
	return d.Position != nil && d.Position.Src != nil && d.Position.Src.BuiltIn
}
