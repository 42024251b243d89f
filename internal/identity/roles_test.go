package identity_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
)

// staffByNo reads one staff row by employee number, roles not loaded.
func staffByNo(t *testing.T, d *db.DB, no string) *identity.Staff {
	t.Helper()
	st := new(identity.Staff)
	if err := d.R.NewSelect().Model(st).Where("employee_no = ?", no).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestRolesAreRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		sup := staffByNo(t, d, "CS2001")

		t.Run("reading roles that were not loaded panics rather than answering none", func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("Roles on an unloaded staff row did not panic")
				}
			}()
			sup.HasRole(identity.RoleSupervisor)
		})

		if err := identity.LoadRoles(ctx, d.R, sup); err != nil {
			t.Fatal(err)
		}
		if !sup.HasRole(identity.RoleSupervisor) || sup.HasRole(identity.RoleAdmin) {
			t.Fatalf("CS2001's roles read back as %v", sup.Roles())
		}

		t.Run("a new staff member's roles are stored one row each, in a fixed order", func(t *testing.T) {
			var st *identity.Staff
			err := d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
				var err error
				st, err = svc.CreateStaff(ctx, tx, identity.NewStaff{EmployeeNo: "CS7001", Name: "新同事", Phone: "13800007001",
					DepotID: sup.DepotID, Roles: []identity.Role{identity.RoleSupervisor, identity.RoleAgent, identity.RoleAgent}, Password: "correct horse 7001"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var rows []*identity.StaffRole
			if err := d.R.NewSelect().Model(&rows).Where("staff_id = ?", st.ID).OrderExpr("role").Scan(ctx); err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0].Role != identity.RoleAgent || rows[1].Role != identity.RoleSupervisor {
				t.Fatalf("rows %+v", rows)
			}
			back := staffByNo(t, d, "CS7001")
			if err := identity.LoadRoles(ctx, d.R, back); err != nil {
				t.Fatal(err)
			}
			if want := []identity.Role{identity.RoleAgent, identity.RoleSupervisor}; !slices.Equal(back.Roles(), want) || !slices.Equal(st.Roles(), want) {
				t.Fatalf("read back %v, created %v, want %v", back.Roles(), st.Roles(), want)
			}
			sups, err := identity.StaffWithRole(ctx, d.R, identity.RoleSupervisor, []string{sup.DepotID})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(sups, func(s *identity.Staff) bool { return s.ID == st.ID }) ||
				slices.ContainsFunc(sups, func(s *identity.Staff) bool { return !s.HasRole(identity.RoleSupervisor) }) {
				t.Fatalf("supervisors of the depot: %v", sups)
			}
		})

		t.Run("an unknown role is refused and nothing is stored", func(t *testing.T) {
			for _, r := range []identity.Role{identity.RolePartner, "SUPERVISOR,ADMIN", "", "ADMIN\x00"} {
				err := d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
					_, err := svc.CreateStaff(ctx, tx, identity.NewStaff{EmployeeNo: "CS7002", Name: "冒名", Phone: "13800007002",
						DepotID: sup.DepotID, Roles: []identity.Role{identity.RoleAgent, r}, Password: "correct horse 7002"})
					return err
				})
				wantCode(t, err, apperr.BadUserInput)
			}
			n, err := d.R.NewSelect().Model((*identity.Staff)(nil)).Where("employee_no = ?", "CS7002").Count(ctx)
			if err != nil || n != 0 {
				t.Fatalf("refused staff stored: %d %v", n, err)
			}
		})

		t.Run("a login's token carries the roles from the rows", func(t *testing.T) {
			p, err := svc.PrincipalOf(ctx, staffByNo(t, d, "CS2001"))
			if err != nil {
				t.Fatal(err)
			}
			if !p.HasRole(identity.RoleSupervisor) {
				t.Fatalf("principal roles %v", p.Roles)
			}
		})

		t.Run("only an active holder of the role is found", func(t *testing.T) {
			found, err := identity.ActiveStaffWithAnyRole(ctx, d.R, sup.ID, identity.RoleAdmin, identity.RoleVerifier)
			if err != nil || found != nil {
				t.Fatalf("a supervisor found as admin or verifier: %v %v", found, err)
			}
			found, err = identity.ActiveStaffWithAnyRole(ctx, d.R, sup.ID, identity.RoleAgent, identity.RoleSupervisor)
			if err != nil || found == nil || found.ID != sup.ID {
				t.Fatalf("the supervisor not found: %v %v", found, err)
			}
			if _, err := d.W.NewUpdate().Model((*identity.Staff)(nil)).Set("active = ?", false).Where("id = ?", sup.ID).Exec(ctx); err != nil {
				t.Fatal(err)
			}
			found, err = identity.ActiveStaffWithAnyRole(ctx, d.R, sup.ID, identity.RoleSupervisor)
			if err != nil || found != nil {
				t.Fatalf("an inactive supervisor found: %v %v", found, err)
			}
			ids, err := identity.ActiveOfDepotWithRole(ctx, d.R, sup.DepotID, []string{sup.ID}, identity.RoleSupervisor)
			if err != nil || len(ids) != 0 {
				t.Fatalf("an inactive supervisor among the depot's: %v %v", ids, err)
			}
		})
	})
}

// The migration to rows moves every role of the comma-separated column, and nothing else.
func TestRolesMigrateFromTheCommaSeparatedColumn(t *testing.T) {
	dbtest.EachBefore(t, "20261207050000", func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		if _, err := d.W.NewRaw(`INSERT INTO org_units (id, parent_id, kind, code, name, time_zone, created_at) VALUES ('u1', NULL, 'DEPOT', 'D1', '网点', 'Asia/Shanghai', ?)`, now).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		for _, r := range []struct{ id, roles string }{
			{"s1", "AGENT"}, {"s2", "SUPERVISOR,AGENT"}, {"s3", "MANAGER,VERIFIER,ADMIN"}, {"s4", "SUPERVISORS"}, {"s5", ""},
		} {
			if _, err := d.W.NewRaw(`INSERT INTO staff (id, employee_no, name, phone, depot_id, roles, password_hash, created_at, updated_at)
				VALUES (?, ?, 'x', '13800000000', 'u1', ?, 'h', ?, ?)`, r.id, "CS9"+r.id, r.roles, now, now).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var rows []*identity.StaffRole
		if err := d.R.NewSelect().Model(&rows).OrderExpr("staff_id, role").Scan(ctx); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.StaffID+":"+string(r.Role))
		}
		want := []string{"s1:AGENT", "s2:AGENT", "s2:SUPERVISOR", "s3:ADMIN", "s3:MANAGER", "s3:VERIFIER"}
		if !slices.Equal(got, want) {
			t.Fatalf("rows %v, want %v", got, want)
		}
		cols, err := d.Columns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(cols["staff"], "roles") {
			t.Fatal("staff.roles is still there")
		}
	})
}
