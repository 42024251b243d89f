// Package text owns the one rule for free text that people and partners type: names,
// addresses, reasons, remarks, notes, searches. Every capability cleans its free-text
// inputs here, so the same input is refused the same way everywhere.
//
// A Rule trims surrounding white space (ASCII and Unicode, the full-width space U+3000
// included), normalises to NFC, and refuses with BAD_USER_INPUT naming the field:
//   - invalid UTF-8;
//   - control characters (NUL and the rest of Unicode's Cc), except line breaks and tabs
//     in multi-line fields;
//   - bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069),
//     which can make a name or an address read differently from what is stored;
//   - blank text (only white space or invisible format characters) where text is required;
//   - text longer than the field's limit, counted in characters (runes), not bytes.
//
// A request whose JSON is not Unicode text (bytes that are not UTF-8, a lone surrogate
// escape) never reaches a rule: graph/request refuses it whole with BAD_REQUEST, since
// encoding/json would have read it as U+FFFD, which a rule cannot tell from a U+FFFD the
// client sent. The UTF-8 check here is for text that reaches a rule another way.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/expresscs/cs/internal/apperr"
)

// Rule says how one free-text field is checked.
type Rule struct {
	// Field is the input's name as the API spells it (e.g. "consigneeName"); it is
	// returned in extensions.field.
	Field string
	// Max is the longest accepted text in characters after trimming; 0 means 200.
	Max int
	// Optional accepts empty (or all-blank) text, returned as "".
	Optional bool
	// Multiline accepts line breaks and tabs inside the text (remarks, descriptions).
	Multiline bool
}

// DefaultMax is the limit of a Rule without one.
const DefaultMax = 200

// Common limits, so the same kind of field has the same limit everywhere.
const (
	NameMax    = 50   // a person's or a company's name
	PhoneMax   = 30   // a phone number as typed, before its own checks
	AddressMax = 200  // a postal address
	ShortMax   = 100  // a title, a goods name, a place
	ReasonMax  = 500  // a reason, a note, a remark
	LongMax    = 4000 // a description or a comment
	SearchMax  = 100  // a search box
)

// Clean returns s trimmed and normalised, or BAD_USER_INPUT naming r.Field.
func (r Rule) Clean(op, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", r.refuse(op, "包含无效字符编码", "is not valid UTF-8 text")
	}
	s = norm.NFC.String(strings.TrimFunc(s, unicode.IsSpace))
	visible := false
	for _, c := range s {
		switch {
		case isBidiControl(c):
			return "", r.refuse(op, "包含不允许的文字方向控制字符", "contains a bidirectional control character")
		case unicode.Is(unicode.Cc, c):
			if !(r.Multiline && (c == '\n' || c == '\t' || c == '\r')) {
				return "", r.refuse(op, "包含不允许的控制字符", "contains a control character")
			}
		case !unicode.IsSpace(c) && !unicode.Is(unicode.Cf, c):
			visible = true
		}
	}
	if !visible {
		if r.Optional {
			return "", nil
		}
		return "", r.refuse(op, "不能为空", "must not be blank")
	}
	if max := r.max(); utf8.RuneCountInString(s) > max {
		return "", apperr.Invalid(op, r.Field,
			"不能超过 "+itoa(max)+" 个字符", "must be at most "+itoa(max)+" characters").With("maxLength", max)
	}
	return s, nil
}

// CleanPtr cleans an optional input that may be absent: nil stays nil, and blank text
// becomes nil when the rule is Optional.
func (r Rule) CleanPtr(op string, s *string) (*string, error) {
	if s == nil {
		return nil, nil
	}
	v, err := r.Clean(op, *s)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return nil, nil
	}
	return &v, nil
}

// CleanAtLeast cleans *v in place by r and then wants at least min characters: blank or
// shorter text is refused with zh/en, the field's own words for what to write (r.Optional
// is ignored when min > 0; with min 0 the text is optional and blank becomes ""). Other
// refusals are Clean's.
func (r Rule) CleanAtLeast(op string, v *string, min int, zh, en string) error {
	r.Optional = min == 0
	c, err := r.Clean(op, *v)
	if err != nil {
		if min > 0 && IsBlank(*v) {
			return apperr.Invalid(op, r.Field, zh, en)
		}
		return err
	}
	if utf8.RuneCountInString(c) < min {
		return apperr.Invalid(op, r.Field, zh, en)
	}
	*v = c
	return nil
}

// IsBlank reports text of only white space and invisible format characters (empty text
// too): what a required field refuses as blank.
func IsBlank(s string) bool {
	for _, c := range s {
		if !unicode.IsSpace(c) && !unicode.Is(unicode.Cf, c) {
			return false
		}
	}
	return true
}

func (r Rule) max() int {
	if r.Max > 0 {
		return r.Max
	}
	return DefaultMax
}

func (r Rule) refuse(op, zh, en string) error {
	return apperr.Invalid(op, r.Field, zh, en)
}

// isBidiControl reports the explicit bidirectional formatting characters that reorder
// text: embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI,
// PDI). The implicit marks LRM/RLM/ALM do not reorder other characters and are allowed.
func isBidiControl(c rune) bool {
	return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
