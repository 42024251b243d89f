package identity

import (
	"unicode"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/text"
)

// EmployeeNoMax is the longest employee number accepted, in characters.
const EmployeeNoMax = 32

// MaxPasswordLen is the longest password accepted, in bytes: far above any passphrase,
// low enough that a request cannot make the server hash megabytes.
const MaxPasswordLen = 1024

// NormalizeEmployeeNo cleans an employee number as typed (工号): surrounding white space
// (full-width included) is trimmed and the text normalised as every free-text input is;
// what remains must be 1 to 32 letters, digits, '-', '_' or '.'. Anything else is
// BAD_USER_INPUT naming employeeNo, before any query: the format is public, so refusing
// it tells nothing about who exists.
func NormalizeEmployeeNo(op, s string) (string, error) {
	no, err := text.Rule{Field: "employeeNo", Max: EmployeeNoMax}.Clean(op, s)
	if err != nil {
		if s == "" || apperr.Is(err, apperr.BadUserInput) && isBlank(s) {
			return "", apperr.Invalid(op, "employeeNo", "请输入工号", "Enter your employee number")
		}
		return "", err
	}
	for _, c := range no {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-' && c != '_' && c != '.' {
			return "", apperr.Invalid(op, "employeeNo", "工号只能包含字母、数字和 - _ .", "An employee number has only letters, digits and - _ .")
		}
	}
	return no, nil
}

func isBlank(s string) bool {
	for _, c := range s {
		if !unicode.IsSpace(c) {
			return false
		}
	}
	return true
}
