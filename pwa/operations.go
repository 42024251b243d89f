package pwa

import (
	"embed"
	"io/fs"
	"sort"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// The phone app's GraphQL documents, next to the features that use them.
//
//go:embed src/*/*.graphql src/*/*/*.graphql
var documents embed.FS

// OperationNames are the names of every operation the phone app sends, read from its
// documents. The server reports these by name in its metrics and everything else as
// "other", so a client cannot mint label values.
func OperationNames() []string {
	var names []string
	_ = fs.WalkDir(documents, "src", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := documents.ReadFile(path)
		if err != nil {
			return err
		}
		doc, perr := parser.ParseQuery(&ast.Source{Name: path, Input: string(body)})
		if perr != nil {
			return nil // the app's own build fails on such a document first
		}
		for _, op := range doc.Operations {
			if op.Name != "" {
				names = append(names, op.Name)
			}
		}
		return nil
	})
	sort.Strings(names)
	return names
}
