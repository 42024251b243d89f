package identity

import (
	"context"

	"github.com/uptrace/bun"
)

// StaffWithEmployeeNos loads the staff members with these employee numbers, active or
// not, with their roles, in no particular order. It checks no caller: the demo loader
// finds the people it has just created.
func StaffWithEmployeeNos(ctx context.Context, idb bun.IDB, nos []string) ([]*Staff, error) {
	out := []*Staff{}
	if len(nos) == 0 {
		return out, nil
	}
	if err := idb.NewSelect().Model(&out).Where("employee_no IN (?)", bun.List(nos)).Scan(ctx); err != nil {
		return nil, err
	}
	return out, LoadRoles(ctx, idb, out...)
}
