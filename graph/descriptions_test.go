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
