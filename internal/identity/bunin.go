package identity

import "github.com/uptrace/bun"

// bunIn renders a slice as an IN list; an empty slice matches nothing.
func bunIn(ids []string) any {
	if len(ids) == 0 {
		return bun.In([]string{""})
	}
	return bun.In(ids)
}
