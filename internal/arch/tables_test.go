// Package arch holds tests about the shape of the code rather than its behaviour.
package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// owners says which capability owns each table the migrations create: only the owner
// names the table in SQL or queries it through a bun model. Others ask the owner.
// Tables with a bun model belong to the model's package; the others are listed here.
// partner_clients has two owners: identity authenticates partner clients (client
// credentials, scopes in tokens) and partner administers them (budgets, webhooks).
var owners = map[string][]string{
	"dangerous_goods_catalogues": {"order"},
	"dangerous_goods_defaults":   {"order"},
	"orders_rebuild":             {"order"}, // a migration's scratch table
	"orders_name_keys":           {"order"}, // SQLite's name-search index (with orders_name_fts)
	"orders_name_fts":            {"order"},
	"tracking_event_keys":        {"tracking"}, // PostgreSQL: event keys unique across the monthly partitions
	"tracking_events_default":    {"tracking"}, // PostgreSQL: the partition for months without one
	"tracking_events_new":        {"tracking"}, // a migration's scratch name for the partitioned table
	"partner_budgets":            {"partner"},
	"partner_clients":            {"identity", "partner"},
	"rate_buckets":               {"ratelimit"},
	"tracking_lookup_failures":   {"tracking"},
}

// crossReads lists what non-test code still names another capability's table, as
// "package -> table", with the reason it is left. Each entry is a debt: the test fails
// when one is paid and the entry is not removed. Empty since issue 18 was paid: a new
// entry needs a reason a reviewer accepts (and, better, a method of the owner instead).
var crossReads = map[string]string{}

// A table is named in SQL after FROM, JOIN, UPDATE, INTO or TABLE, in front of one of
// its columns (staff.depot_id), or alone as a bun TableExpr ("staff AS s"). Prose that
// says "orders" names no table.
var (
	afterKeyword = regexp.MustCompile(`(?i)\b(?:from|join|update|into|table)\s+"?([a-z_][a-z0-9_]*)`)
	qualifier    = regexp.MustCompile(`\b([a-z_][a-z0-9_]*)\.[a-z_]`)
	tableExpr    = regexp.MustCompile(`(?i)^\s*([a-z_][a-z0-9_]*)(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?\s*$`)
)

func tablesIn(s string) []string {
	var out []string
	for _, re := range []*regexp.Regexp{afterKeyword, qualifier, tableExpr} {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
	}
	return out
}

func TestNoPackageNamesAnotherCapabilitysTable(t *testing.T) {
	root := filepath.Join("..", "..")
	tables := migrationTables(t, root)
	models := modelTables(t, root)
	owner := map[string]map[string]bool{}
	for _, tbl := range tables {
		owner[tbl] = map[string]bool{}
		for _, p := range owners[tbl] {
			owner[tbl][p] = true
		}
	}
	for pkg, m := range models {
		for _, tbl := range m {
			if owner[tbl] == nil {
				owner[tbl] = map[string]bool{}
			}
			if len(owners[tbl]) == 0 {
				owner[tbl][pkg] = true
			}
		}
	}
	var unowned []string
	for _, tbl := range tables {
		if len(owner[tbl]) == 0 {
			unowned = append(unowned, tbl)
		}
	}
	if len(unowned) > 0 {
		t.Errorf("tables without an owner (add them to owners): %v", unowned)
	}

	found := map[string][]string{}
	for _, dir := range packageDirs(t, root) {
		pkg := filepath.Base(dir)
		for _, f := range goFiles(t, dir) {
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if ast.IsGenerated(file) {
				continue
			}
			imports := importNames(file)
			for _, use := range modelUses(file, imports, pkg, models) {
				if tbl := use.table; !owner[tbl][pkg] {
					k := pkg + " -> " + tbl
					found[k] = append(found[k], fset.Position(use.pos).String()+" ("+use.name+")")
				}
			}
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					if n.Kind != token.STRING {
						return true
					}
					s, err := strconv.Unquote(n.Value)
					if err != nil {
						return true
					}
					for _, w := range tablesIn(s) {
						if o, ok := owner[w]; ok && !o[pkg] {
							found[pkg+" -> "+w] = append(found[pkg+" -> "+w], fset.Position(n.Pos()).String())
						}
					}
				}
				return true
			})
		}
	}
	var keys []string
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := crossReads[k]; ok {
			continue
		}
		t.Errorf("%s: names another capability's table; ask its owner through a method instead:\n\t%s", k, strings.Join(found[k], "\n\t"))
	}
	for k := range crossReads {
		if _, ok := found[k]; !ok {
			t.Errorf("crossReads lists %q but the code no longer does it: remove the entry", k)
		}
	}
}

// migrationTables returns the tables the SQLite migrations create (the PostgreSQL ones
// create the same; a migration test proves it).
func migrationTables(t *testing.T, root string) []string {
	t.Helper()
	// Both engines: some tables exist on one only (PostgreSQL's tracking_event_keys,
	// SQLite's FTS5 name index).
	files, err := filepath.Glob(filepath.Join(root, "migrations", "*", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	create := regexp.MustCompile(`(?i)create\s+(?:virtual\s+)?table\s+(?:if\s+not\s+exists\s+)?"?([a-z_][a-z0-9_]*)`)
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range create.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// modelTables returns, per package, its bun model types and their tables.
func modelTables(t *testing.T, root string) map[string]map[string]string {
	t.Helper()
	tag := regexp.MustCompile(`bun:"table:([a-z_][a-z0-9_]*)`)
	out := map[string]map[string]string{}
	for _, dir := range packageDirs(t, root) {
		pkg := filepath.Base(dir)
		for _, f := range goFiles(t, dir) {
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if !ok {
					return true
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					return true
				}
				for _, fld := range st.Fields.List {
					if fld.Tag == nil {
						continue
					}
					if m := tag.FindStringSubmatch(fld.Tag.Value); m != nil {
						if out[pkg] == nil {
							out[pkg] = map[string]string{}
						}
						out[pkg][ts.Name.Name] = m[1]
					}
				}
				return true
			})
		}
	}
	return out
}

// packageDirs returns internal/* (and their subpackages), graph and server.
func packageDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	for _, top := range []string{"internal", "graph", "server"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if d.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dirs
}

func goFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			out = append(out, f)
		}
	}
	return out
}

// importNames maps the name a file uses for each of the module's packages to the
// package's directory name.
func importNames(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		if !strings.HasPrefix(p, "github.com/expresscs/cs/") {
			continue
		}
		base := p[strings.LastIndex(p, "/")+1:]
		name := base
		if im.Name != nil {
			name = im.Name.Name
		}
		out[name] = base
	}
	return out
}

type modelUse struct {
	pos   token.Pos
	name  string
	table string
}

// modelUses finds the bun queries of a file over another package's model: a Model(...)
// call whose argument is such a type ((*identity.Staff)(nil), &order.Order{},
// new(identity.Staff)) or a variable of the function declared with one (var rows
// []*identity.Staff; o := new(order.Order)). A model type used as a plain value (handed
// out by its owner's method) is no query.
func modelUses(f *ast.File, imports map[string]string, pkg string, models map[string]map[string]string) []modelUse {
	typeIn := func(n ast.Node) (string, string) {
		var name, tbl string
		ast.Inspect(n, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || tbl != "" {
				return tbl == ""
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if other, ok := imports[id.Name]; ok && other != pkg {
				if t, ok := models[other][sel.Sel.Name]; ok {
					name, tbl = id.Name+"."+sel.Sel.Name, t
				}
			}
			return true
		})
		return name, tbl
	}
	var out []modelUse
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		vars := map[string][2]string{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				var src ast.Node = n.Type
				if src == nil && len(n.Values) > 0 {
					src = n.Values[0]
				}
				if src != nil {
					if name, tbl := typeIn(src); tbl != "" {
						for _, id := range n.Names {
							vars[id.Name] = [2]string{name, tbl}
						}
					}
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							if name, tbl := typeIn(n.Rhs[i]); tbl != "" {
								vars[id.Name] = [2]string{name, tbl}
							}
						}
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Model" || len(n.Args) != 1 {
					return true
				}
				arg := n.Args[0]
				if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
					arg = u.X
				}
				if id, ok := arg.(*ast.Ident); ok {
					if v, ok := vars[id.Name]; ok {
						out = append(out, modelUse{n.Pos(), v[0], v[1]})
					}
				} else if name, tbl := typeIn(arg); tbl != "" {
					out = append(out, modelUse{n.Pos(), name, tbl})
				}
			}
			return true
		})
	}
	return out
}
