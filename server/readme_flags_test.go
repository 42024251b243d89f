package main

import (
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

// TestReadmeNamesEveryFlag: every flag of `serve` is in the README's configuration table
// (the s3-* flags are described together on the --media-store row), so the README cannot
// fall behind the binary.
func TestReadmeNamesEveryFlag(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	bindConfig(fs)
	fs.VisitAll(func(f *flag.Flag) {
		row := "| `--" + f.Name + "` |"
		if strings.HasPrefix(f.Name, "s3-") {
			row = strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		}
		if !strings.Contains(readme, row) {
			t.Errorf("the README's configuration table lacks --%s", f.Name)
		}
	})
}
