package migrations

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestShippedMigrationsAreByteIdentical holds every migration listed in SHA256SUMS to the
// checksum it shipped with, and every migration not yet listed to sort after all of those:
// a database that applied the shipped ones must reach the same schema as a fresh one.
func TestShippedMigrationsAreByteIdentical(t *testing.T) {
	f, err := os.Open("SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	listed := map[string]bool{}
	newest := map[string]string{} // dialect -> newest listed file name
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("malformed line %q", sc.Text())
		}
		body, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Errorf("%s is listed as shipped but is missing: %v", name, err)
			continue
		}
		got := sha256.Sum256(body)
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s was edited after it shipped; revert it and add a new migration instead", name)
		}
		listed[name] = true
		dialect, file, _ := strings.Cut(name, "/")
		if file > newest[dialect] {
			newest[dialect] = file
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(listed) == 0 {
		t.Fatal("SHA256SUMS lists no migrations")
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		names, err := fs.Glob(FS, dialect+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(names)
		for _, name := range names {
			_, file, _ := strings.Cut(name, "/")
			if !listed[name] && file <= newest[dialect] {
				t.Errorf("%s is new but sorts before the shipped %s/%s; give it a later timestamp", name, dialect, newest[dialect])
			}
		}
	}
}
