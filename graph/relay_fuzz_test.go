package graph

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/expresscs/cs/internal/apperr"
)

func FuzzParseGlobalID(f *testing.F) {
	for _, seed := range []string{GlobalID("Order", "0193a3f2-7c1e-7b1a-9f00-000000000001"), GlobalID("Staff", "a:b"),
		"", "Zm9v", "T3JkZXI6", "T3JkZXI6eA==", "T3JkZXI6eA\n", "T3JkZXI6eQ", "T3JkZXI6eR", "////", strings.Repeat("A", 10000), "\x00\u202e"} {
		f.Add(seed, "")
		f.Add(seed, "Order")
	}
	f.Fuzz(func(t *testing.T, id, want string) {
		typ, key, err := ParseGlobalID(id, want)
		if err != nil {
			if !apperr.Is(err, apperr.BadUserInput) {
				t.Fatalf("a bad id is BAD_USER_INPUT, not %v", err)
			}
			if msg := apperr.MessageFor(err, apperr.EN); strings.Contains(msg, id) && id != "" && len(id) > 3 {
				t.Fatalf("the message repeats what the client sent: %q", msg)
			}
			return
		}
		if typ == "" || key == "" || (want != "" && typ != want) {
			t.Fatalf("accepted %q as %q/%q (want %q)", id, typ, key, want)
		}
		if GlobalID(typ, key) != id {
			t.Fatalf("accepted %q, which is not the id of %s %q (%q): one record, two ids", id, typ, key, GlobalID(typ, key))
		}
	})
}

func FuzzDecodeCursor(f *testing.F) {
	for _, seed := range []string{EncodeCursor("0193a3f2-7c1e-7b1a-9f00-000000000001"), EncodeCursor(""), "", "Yzo", "Yzp4", "Yzp5", "Yzp4\n",
		"eDp5", "!!!!", EncodeCursor(strings.Repeat("k", 101)), "\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, c string) {
		key, err := DecodeCursor(&c)
		if err != nil {
			if !apperr.Is(err, apperr.BadUserInput) {
				t.Fatalf("a bad cursor is BAD_USER_INPUT, not %v", err)
			}
			return
		}
		if c != "" && EncodeCursor(key) != c {
			t.Fatalf("accepted %q, which is not the cursor of %q", c, key)
		}
		if len(key) > maxCursorKey {
			t.Fatalf("a %d-byte key", len(key))
		}
		// Row keys are visible ASCII; nothing else (a NUL, a bidi override) reaches SQL.
		if strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r > '~' }) || !utf8.ValidString(key) {
			t.Fatalf("accepted the key %q", key)
		}
	})
}
