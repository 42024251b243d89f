package apperr

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's error table from the catalogue")

const (
	tableStart = "<!-- error-codes:start (generated from internal/apperr by `make generate`; edit notes.go and messages.go, not this table) -->\n"
	tableEnd   = "<!-- error-codes:end -->"
)

// TestReadmeErrorTable holds the README's error table to the catalogue: every code, its
// note and both messages. `make generate` rewrites it.
func TestReadmeErrorTable(t *testing.T) {
	const path = "../../README.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i := strings.Index(readme, tableStart)
	j := strings.Index(readme, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("the README has no error-codes markers")
	}
	want := MarkdownTable()
	got := readme[i+len(tableStart) : j]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:i+len(tableStart)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's error table differs from internal/apperr; run `make generate`")
}

func TestEveryNoteNamesACode(t *testing.T) {
	for c := range notes {
		if _, ok := catalogue[c]; !ok {
			t.Errorf("note for %s, which is not in the catalogue", c)
		}
	}
}
