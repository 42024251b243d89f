package identity_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text/texttest"
)

// Every free-text input of identity (unit codes and names, staff names and phone
// numbers, partner client names, deactivation and phone-reveal reasons) goes through the
// one text rule: NUL, bidi overrides and other control characters, blank text where text
// is required (full-width spaces too) and 10,000 characters are BAD_USER_INPUT with the
// field, on both databases.
func TestEveryIdentityFreeTextInputRefusesControlBidiBlankAndOverlongText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		staff := map[string]*identity.Staff{}
		var all []*identity.Staff
		if err := d.R.NewSelect().Model(&all).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		for _, s := range all {
			staff[s.EmployeeNo] = s
		}
		as := func(no string) context.Context {
			p, err := svc.PrincipalOf(ctx, staff[no])
			if err != nil {
				t.Fatal(err)
			}
			return identity.WithPrincipal(ctx, p)
		}
		inTx := func(f func(tx bun.Tx) error) error {
			return d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error { return f(tx) })
		}
		depot := staff["CS1001"].DepotID
		unit := func(set func(u *identity.NewOrgUnit, v string)) func(string) error {
			return func(v string) error {
				u := identity.NewOrgUnit{Kind: identity.KindDepot, Code: "TX-01", Name: "测试网点", ParentID: nil, TimeZone: "Asia/Shanghai"}
				set(&u, v)
				return inTx(func(tx bun.Tx) error { _, err := svc.CreateOrgUnit(ctx, tx, u); return err })
			}
		}
		texttest.Check(t, "code", false, unit(func(u *identity.NewOrgUnit, v string) { u.Code = v }))
		texttest.Check(t, "name", false, unit(func(u *identity.NewOrgUnit, v string) { u.Name = v }))
		person := func(set func(s *identity.NewStaff, v string)) func(string) error {
			return func(v string) error {
				s := identity.NewStaff{EmployeeNo: "TX0001", Name: "测试员", Phone: "13900000001", DepotID: depot,
					Roles: []identity.Role{identity.RoleAgent}, Password: "Demo@2026"}
				set(&s, v)
				return inTx(func(tx bun.Tx) error { _, err := svc.CreateStaff(ctx, tx, s); return err })
			}
		}
		texttest.Check(t, "name", false, person(func(s *identity.NewStaff, v string) { s.Name = v }))
		texttest.Check(t, "phone", true, person(func(s *identity.NewStaff, v string) { s.Phone = v }))
		texttest.Check(t, "employeeNo", false, person(func(s *identity.NewStaff, v string) { s.EmployeeNo = v }))
		texttest.Check(t, "name", false, func(v string) error {
			return inTx(func(tx bun.Tx) error {
				_, _, err := svc.CreatePartnerClient(ctx, tx, v, "tx-client", []string{"orders:read"}, nil)
				return err
			})
		})
		admin := as("CS9001")
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := svc.Deactivate(admin, "text-deactivate-key-1", staff["CS1001"].ID, v)
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := svc.Reactivate(admin, "text-reactivate-key-1", staff["CS1001"].ID, v)
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, err := svc.RevealPhone(as("CS2001"), staff["CS1001"].ID, v)
			return err
		})
	})
}
