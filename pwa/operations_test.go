package pwa

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestOperationNamesCoverEveryDocument: every operation in every *.graphql file under
// src/ is known to the server, wherever the file lives (the embed patterns cover its depth).
func TestOperationNamesCoverEveryDocument(t *testing.T) {
	known := OperationNames()
	op := regexp.MustCompile(`(?m)^(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)`)
	seen := 0
	err := filepath.WalkDir("src", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".graphql" {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range op.FindAllStringSubmatch(string(body), -1) {
			seen++
			if !slices.Contains(known, m[1]) {
				t.Errorf("%s: operation %s is not among the server's known operations", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 || len(known) != seen {
		t.Errorf("found %d operations in the files and %d known", seen, len(known))
	}
}
