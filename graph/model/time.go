package model

import (
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/apperr"
)

// MarshalTime writes an instant as RFC 3339 with nanoseconds, and the zero time as null,
// exactly as gqlgen's own Time scalar does.
func MarshalTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

// UnmarshalTime reads an instant in RFC 3339 with its offset (the scalar's
// @specifiedBy), "2026-12-04T09:00:00+08:00" or "2026-12-04T01:00:00.5Z", and refuses
// anything else with BAD_USER_INPUT. gqlgen's own Time scalar refused with a plain error,
// which reached clients as INTERNAL; it also read "" as no time at all and a time without
// an offset ("2026-12-04 09:00:00") as UTC, eight hours off for a scanner in China.
// The refusal does not quote the value (it may be 10,000 characters of anything).
func UnmarshalTime(v any) (time.Time, error) {
	if v == nil {
		return time.Time{}, nil
	}
	if s, ok := v.(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, apperr.E("graphql.Time", apperr.BadUserInput).Explain(
		"时间须为带时区的 RFC 3339 格式,例如 2026-12-04T09:00:00+08:00",
		"Times are RFC 3339 with an offset, for example 2026-12-04T09:00:00+08:00")
}
