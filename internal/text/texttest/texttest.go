// Package texttest is the table of attackers' text that every capability's tests send
// through each of its free-text inputs, and the check that each is refused by the one
// text rule (internal/text): BAD_USER_INPUT naming the field, never INTERNAL.
package texttest

import (
	"errors"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
)

// Bad is text that must never reach the database as it is: a NUL, a right-to-left
// override, other control characters and 10,000 characters are refused everywhere; blank
// text (ASCII or full-width spaces) is refused where text is required.
var Bad = []struct {
	Name  string
	Value string
	Blank bool // refused only where the field is required
}{
	{"NUL", "张\x00三", false},
	{"right-to-left override U+202E", "张\u202E三", false},
	{"left-to-right isolate U+2066", "\u2066张三", false},
	{"control character BEL", "张\a三", false},
	{"escape", "张\x1b[31m三", false},
	{"invalid UTF-8", "张\xff三", false},
	{"whitespace only", " \t ", true},
	{"full-width spaces only", "\u3000\u3000", true},
	{"10,000 characters", strings.Repeat("长", 10000), false},
}

// Check sends each Bad text through send and wants BAD_USER_INPUT naming field with a
// message in both languages (or, for blank text in an optional field, no refusal of that
// field), never INTERNAL.
func Check(t *testing.T, field string, optional bool, send func(v string) error) {
	t.Helper()
	for _, b := range Bad {
		err := send(b.Value)
		var e *apperr.Error
		if b.Blank && optional {
			if errors.As(err, &e) && e.Field == field {
				t.Errorf("%s: %s refused in an optional field: %v", field, b.Name, err)
			}
			continue
		}
		if !errors.As(err, &e) || e.Code != apperr.BadUserInput {
			t.Errorf("%s: %s: want BAD_USER_INPUT, got %v", field, b.Name, err)
			continue
		}
		if e.Field != field {
			t.Errorf("%s: %s: refused on field %q: %v", field, b.Name, e.Field, err)
		}
		if e.Detail == nil || e.Detail.ZH == "" || e.Detail.EN == "" {
			t.Errorf("%s: %s: refusal without a message in both languages: %+v", field, b.Name, e)
		}
	}
}
