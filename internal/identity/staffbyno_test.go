package identity_test

import (
	"context"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
)

// StaffWithEmployeeNos finds exactly the people named, with their roles.
func TestStaffWithEmployeeNosFindsThePeopleNamedWithTheirRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newService(t, d)
		got, err := identity.StaffWithEmployeeNos(context.Background(), d.R, []string{"CS1001", "CS2001", "NOBODY"})
		if err != nil {
			t.Fatal(err)
		}
		roles := map[string]bool{}
		for _, s := range got {
			roles[s.EmployeeNo] = s.HasRole(identity.RoleSupervisor)
		}
		if len(got) != 2 || roles["CS1001"] || !roles["CS2001"] {
			t.Fatalf("found %d people, supervisor by number %v", len(got), roles)
		}
		if none, err := identity.StaffWithEmployeeNos(context.Background(), d.R, nil); err != nil || len(none) != 0 {
			t.Fatalf("no numbers: %v, %v", none, err)
		}
	})
}
