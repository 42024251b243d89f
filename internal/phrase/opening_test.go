package phrase_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/expresscs/cs/internal/phrase"
)

// The same vectors run in the phone app (pwa/src/features/phrases/opening.test.ts), which
// checks replies offline with the list the server ships.
func TestARepliesOpeningIsCheckedAfterWhitespaceAndPunctuation(t *testing.T) {
	b, err := os.ReadFile("testdata/openings.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Name, Reply, Forbidden string }
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			got, ok := phrase.OpensForbidden(c.Reply)
			if got != c.Forbidden || ok != (c.Forbidden != "") {
				t.Fatalf("OpensForbidden(%q) = %q, %v; want %q", c.Reply, got, ok, c.Forbidden)
			}
		})
	}
}

func TestTheHandbooksForbiddenOpeningsAreAllListed(t *testing.T) {
	for _, f := range []string{"不行", "没办法", "不知道", "不清楚", "这不归我管", "你自己看"} {
		if got, ok := phrase.OpensForbidden(f + "。"); !ok || got != f {
			t.Errorf("%s is not recognised as a forbidden opening (got %q)", f, got)
		}
	}
}

// testdata/lists.json is the list the server ships, read by the phone app's test of the
// same rule; it must not drift from the Go lists.
func TestThePhoneAppsTestListsAreTheServers(t *testing.T) {
	want, _ := json.MarshalIndent(map[string][]string{"forbiddenOpenings": phrase.ForbiddenOpenings, "politeOpenings": phrase.PoliteOpenings}, "", "  ")
	got, err := os.ReadFile("testdata/lists.json")
	if err != nil || string(got) != string(want)+"\n" {
		if os.Getenv("UPDATE_TESTDATA") != "" {
			_ = os.WriteFile("testdata/lists.json", append(want, '\n'), 0o644)
			return
		}
		t.Fatal("testdata/lists.json differs from ForbiddenOpenings/PoliteOpenings: run with UPDATE_TESTDATA=1")
	}
}
