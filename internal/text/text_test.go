package text

import (
	"errors"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
)

func TestRuleClean(t *testing.T) {
	name := Rule{Field: "consigneeName", Max: NameMax}
	optional := Rule{Field: "note", Optional: true}
	remark := Rule{Field: "remark", Max: ReasonMax, Multiline: true}
	cases := []struct {
		name    string
		rule    Rule
		in      string
		want    string
		refused bool
	}{
		{"surrounding spaces are trimmed", name, "  张三 ", "张三", false},
		{"a full-width space around a name is trimmed", name, "\u3000张三\u3000", "张三", false},
		{"a name of only spaces is refused as blank", name, "   ", "", true},
		{"a name of only full-width spaces is refused as blank", name, "\u3000\u3000", "", true},
		{"a name of only zero-width spaces is refused as blank", name, "\u200b\u200b", "", true},
		{"an empty required name is refused", name, "", "", true},
		{"a NUL inside a name is refused", name, "张\x00三", "", true},
		{"a bell character is refused", name, "张\a三", "", true},
		{"a right-to-left override is refused", name, "张三\u202Egnp.exe", "", true},
		{"a left-to-right isolate is refused", name, "\u2066张三", "", true},
		{"a line break in a name is refused", name, "张\n三", "", true},
		{"a line break in a multi-line remark is kept", remark, "第一行\n第二行", "第一行\n第二行", false},
		{"a NUL in a multi-line remark is refused", remark, "第一行\x00", "", true},
		{"invalid UTF-8 is refused", name, "\xff\xfe", "", true},
		{"a blank optional note is empty", optional, " \u3000 ", "", false},
		{"an optional note with a control character is still refused", optional, "a\x01", "", true},
		{"a name at the limit is accepted", name, strings.Repeat("张", NameMax), strings.Repeat("张", NameMax), false},
		{"a name one over the limit is refused", name, strings.Repeat("张", NameMax+1), "", true},
		{"ten thousand characters are refused under the default limit", Rule{Field: "x"}, strings.Repeat("a", 10000), "", true},
		{"decomposed text is normalised to NFC", name, "e\u0301", "\u00e9", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.rule.Clean("test.op", c.in)
			if c.refused {
				var ae *apperr.Error
				if !errors.As(err, &ae) || ae.Code != apperr.BadUserInput || ae.Field != c.rule.Field {
					t.Fatalf("Clean(%q) = %q, %v; want BAD_USER_INPUT on %s", c.in, got, err, c.rule.Field)
				}
				if ae.Detail == nil || ae.Detail.ZH == "" || ae.Detail.EN == "" {
					t.Fatalf("refusal without a message in both languages: %+v", ae)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Clean(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

func TestCleanPtr(t *testing.T) {
	r := Rule{Field: "note", Optional: true}
	if v, err := r.CleanPtr("op", nil); v != nil || err != nil {
		t.Fatalf("nil: %v %v", v, err)
	}
	blank := "  "
	if v, err := r.CleanPtr("op", &blank); v != nil || err != nil {
		t.Fatalf("blank optional should become nil: %v %v", v, err)
	}
	s := " 好 "
	if v, err := r.CleanPtr("op", &s); err != nil || v == nil || *v != "好" {
		t.Fatalf("trimmed: %v %v", v, err)
	}
}

func FuzzRuleClean(f *testing.F) {
	for _, s := range []string{"张三", " a ", "\u202E", "\x00", "\u3000", "e\u0301", "\xff"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		r := Rule{Field: "f", Max: 50, Multiline: multiline}
		got, err := r.Clean("fuzz", s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.BadUserInput {
				t.Fatalf("unexpected code for %q: %v", s, err)
			}
			return
		}
		// What is accepted is clean: trimmed, no NUL, no bidi control, not blank, within the limit.
		again, err := r.Clean("fuzz", got)
		if err != nil || again != got {
			t.Fatalf("accepted %q cleans again to %q, %v", got, again, err)
		}
		if strings.ContainsRune(got, 0) || strings.ContainsAny(got, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069") {
			t.Fatalf("accepted text keeps a control: %q", got)
		}
	})
}

func TestCleanAtLeastRefusesBlankAndShortTextInTheFieldsOwnWords(t *testing.T) {
	r := Rule{Field: "reason", Max: 10}
	cases := []struct {
		name, in, want string
		min            int
		own, refused   bool
	}{
		{"text is trimmed in place", "  请假  ", "请假", 2, false, false},
		{"blank text is refused in the field's words", "\u3000 ", "", 2, true, true},
		{"empty text is refused in the field's words", "", "", 1, true, true},
		{"one character under the minimum is refused in the field's words", "病", "", 2, true, true},
		{"a NUL is refused as a control character", "病\x00假", "", 2, false, true},
		{"over the limit is refused with the limit", strings.Repeat("假", 11), "", 2, false, true},
		{"with no minimum blank text becomes empty", " \u3000", "", 0, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := c.in
			err := r.CleanAtLeast("op", &v, c.min, "请填写事由", "Give a reason")
			if !c.refused {
				if err != nil || v != c.want {
					t.Fatalf("%q: %q, %v", c.in, v, err)
				}
				return
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.BadUserInput || ae.Field != "reason" {
				t.Fatalf("%q: want BAD_USER_INPUT on reason, got %v", c.in, err)
			}
			if own := ae.Detail.ZH == "请填写事由"; own != c.own {
				t.Fatalf("%q: message %q", c.in, ae.Detail.ZH)
			}
			if v != c.in {
				t.Fatalf("a refused text was changed: %q", v)
			}
		})
	}
}
