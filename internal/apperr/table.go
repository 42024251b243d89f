package apperr

import (
	"sort"
	"strings"
)

// general are the codes any operation may answer; the table lists them first.
var general = []Code{Unauthenticated, Forbidden, NotFound, BadUserInput, Conflict, Internal}

// MarkdownTable is the public table of every code with its meaning and both messages,
// as the README shows it between the error-codes markers. Generated, so it cannot drift
// from the catalogue: TestReadmeErrorTable compares it with the README.
func MarkdownTable() string {
	rest := make([]Code, 0, len(catalogue))
	first := map[Code]bool{}
	for _, c := range general {
		first[c] = true
	}
	for _, c := range Codes() {
		if !first[c] {
			rest = append(rest, c)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	var b strings.Builder
	b.WriteString("| code | meaning | 中文 |\n|---|---|---|\n")
	for _, c := range append(append([]Code{}, general...), rest...) {
		m := catalogue[c]
		meaning := notes[c]
		if meaning == "" {
			meaning = m.EN
		}
		b.WriteString("| `" + string(c) + "` | " + cell(meaning) + " | " + cell(m.ZH) + " |\n")
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
