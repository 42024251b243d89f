package identity_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

func FuzzNormalizeEmployeeNo(f *testing.F) {
	for _, seed := range []string{"CS1001", " CS1001\u3000", "cs-10.01_a", "", " ", "\u3000", "CS\x001001", "CS\u202e1001",
		"CS 1001", "工号01", strings.Repeat("9", 33), strings.Repeat("9", 32), "\xff\xfe", "A\u0301", "١٢٣"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		no, err := identity.NormalizeEmployeeNo("test", s)
		if err != nil {
			var ae *apperr.Error
			if !apperrAs(err, &ae) || ae.Code != apperr.BadUserInput || ae.Field != "employeeNo" {
				t.Fatalf("a bad number is BAD_USER_INPUT naming employeeNo, not %v", err)
			}
			return
		}
		if no == "" || utf8.RuneCountInString(no) > identity.EmployeeNoMax || !utf8.ValidString(no) {
			t.Fatalf("accepted %q as %q", s, no)
		}
		for _, c := range no {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("-_.", c) {
				t.Fatalf("accepted %q with %q in it", no, c)
			}
		}
		if again, err := identity.NormalizeEmployeeNo("test", no); err != nil || again != no {
			t.Fatalf("normalising %q again gives %q, %v", no, again, err)
		}
	})
}
