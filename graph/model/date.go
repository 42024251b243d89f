// Package model holds GraphQL-only types: generated inputs and payloads, and the Date
// scalar.
package model

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/apperr"
)

// Date is a calendar day, YYYY-MM-DD.
type Date = string

// MarshalDate writes a day as a JSON string.
func MarshalDate(d string) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(d)) })
}

// UnmarshalDate accepts only a real calendar day in YYYY-MM-DD form, and refuses anything
// else with BAD_USER_INPUT. The refusal does not quote the value (it may be 10,000
// characters, or a right-to-left override that turns the message around) and names no
// field: the error presenter names the argument or input field from the error's path
// ("on", "startDay"), where "day" was said of every one.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if ok {
		if _, err := time.Parse("2006-01-02", s); err == nil {
			return s, nil
		}
	}
	return "", apperr.E("graphql.Date", apperr.BadUserInput).Explain(
		"日期须为 YYYY-MM-DD 格式,例如 2026-11-24", "Dates are YYYY-MM-DD, for example 2026-11-24")
}
