package phrase

import (
	"strings"
	"unicode"
)

// ForbiddenOpenings are what the handbook forbids as a first answer: refusing, shrugging
// or sending the customer elsewhere (不行 / 没办法 / 不知道 / 不清楚 / 这不归我管 / 你自己看
// and their like). A reply that opens with one gets a gentle suggestion, never a refusal.
// Longer entries come first so the longest match is the one named.
var ForbiddenOpenings = []string{
	"这个不归我管", "这不归我管", "不归我管", "我不管", "不关我的事", "与我无关",
	"我也没办法", "没有办法", "没办法", "办不了", "不可能", "不行",
	"我也不知道", "我不知道", "不知道", "我不清楚", "不清楚",
	"你自己看", "你自己查", "自己看", "你去问别人", "这是规定",
	"i don't know", "i dont know", "no way", "not my job", "not my problem", "nothing i can do", "can't help",
}

// PoliteOpenings begin like a forbidden opening but are courteous questions
// ("不知道您是否方便…", "不清楚的地方…"); they take precedence.
var PoliteOpenings = []string{"不知道您", "不清楚的地方", "不清楚您", "不行的话"}

// OpensForbidden reports whether reply opens, after leading whitespace, punctuation and
// symbols, with a forbidden opening, and which. Latin letters compare case-insensitively
// and a Latin opening must end at a word boundary ("no wayside" is not "no way").
func OpensForbidden(reply string) (string, bool) {
	s := strings.ToLower(strings.ReplaceAll(strings.TrimLeftFunc(reply, leading), "’", "'"))
	for _, p := range PoliteOpenings {
		if strings.HasPrefix(s, p) {
			return "", false
		}
	}
	for _, f := range ForbiddenOpenings {
		if !strings.HasPrefix(s, f) {
			continue
		}
		rest := []rune(s[len(f):])
		if isLatin(f) && len(rest) > 0 && (unicode.IsLetter(rest[0]) || unicode.IsDigit(rest[0])) {
			continue
		}
		return f, true
	}
	return "", false
}

func leading(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.In(r, unicode.Zs)
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}
