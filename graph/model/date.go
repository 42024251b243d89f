// Package model holds GraphQL-only types: generated inputs and payloads, and the Date
// scalar.
package model

import (
	"fmt"
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

// UnmarshalDate accepts only a real calendar day in YYYY-MM-DD form.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if ok {
		if _, err := time.Parse("2006-01-02", s); err == nil {
			return s, nil
		}
	}
	return "", apperr.Invalid("graphql.Date", "day", fmt.Sprintf("日期格式应为 YYYY-MM-DD: %v", v), fmt.Sprintf("Dates are YYYY-MM-DD: %v", v))
}
