package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

// demoOrg is the demo organisation's staff and units by employee number and code.
type demoOrg struct {
	staff map[string]*identity.Staff
	unit  map[string]string
}

func loadDemoOrg(t *testing.T, d *db.DB) demoOrg {
	t.Helper()
	o := demoOrg{staff: map[string]*identity.Staff{}, unit: map[string]string{}}
	var all []*identity.Staff
	if err := d.R.NewSelect().Model(&all).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		o.staff[s.EmployeeNo] = s
	}
	var units []*identity.OrgUnit
	if err := d.R.NewSelect().Model(&units).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		o.unit[u.Code] = u.ID
	}
	return o
}

func (o demoOrg) depots(codes ...string) []string {
	var out []string
	for _, c := range codes {
		out = append(out, o.unit[c])
	}
	slices.Sort(out)
	return out
}

func TestEachRoleReachesItsUnitsAndNoMore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		o := loadDemoOrg(t, d)
		all := o.depots("SH-PD-01", "SH-XH-02", "HZ-XH-01", "HZ-BJ-02")
		cases := []struct {
			name, who string
			roles     []identity.Role
			want      []string
		}{
			{"an agent reaches their depot", "CS1001", identity.StaffRoles, o.depots("SH-PD-01")},
			{"a supervisor reaches their depot", "CS2002", identity.OverseerRoles, o.depots("SH-XH-02")},
			{"the Shanghai branch manager reaches the Shanghai depots", "CS3001", identity.StaffRoles, o.depots("SH-PD-01", "SH-XH-02")},
			{"the Hangzhou branch manager reaches the Hangzhou depots only", "CS3002", identity.StaffRoles, o.depots("HZ-XH-01", "HZ-BJ-02")},
			{"the regional manager reaches every depot of the region", "CS3000", identity.StaffRoles, all},
			{"an admin reaches the organisation", "CS9001", identity.StaffRoles, all},
			{"a verifier reaches the organisation's register", "CS4001", []identity.Role{identity.RoleVerifier}, all},
			{"a verifier reaches no depot as staff", "CS4001", identity.StaffRoles, nil},
			{"a manager's reach is not an agent's", "CS3002", []identity.Role{identity.RoleAgent}, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p, err := svc.PrincipalOf(ctx, o.staff[c.who])
				if err != nil {
					t.Fatal(err)
				}
				if got := p.Reach().Depots(c.roles...); !slices.Equal(got, c.want) {
					t.Fatalf("depots = %v, want %v", got, c.want)
				}
				for _, dep := range all {
					if p.Reach().Covers(dep, c.roles...) != slices.Contains(c.want, dep) {
						t.Errorf("Covers(%s) disagrees with Depots", dep)
					}
				}
			})
		}
	})
}

func TestTheReachInATokenNeedsNoStatement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		o := loadDemoOrg(t, d)
		sess, err := svc.LogIn(ctx, "CS3002", demo.Password)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Tree(ctx); err != nil { // the snapshot is warm, as on a running server
			t.Fatal(err)
		}
		counter := &db.StatementCounter{}
		p, err := svc.Authenticate(db.WithStatementCounter(ctx, counter), sess.AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		if counter.Count() != 0 {
			t.Errorf("authenticating with the reach ran %d statements, want 0", counter.Count())
		}
		if p.ManagedUnitID != o.unit["HZ"] || !slices.Equal(p.Reach().Depots(identity.RoleManager), o.depots("HZ-XH-01", "HZ-BJ-02")) {
			t.Fatalf("the token did not carry the managed unit: %+v %v", p, p.Reach().Depots(identity.RoleManager))
		}
	})
}

func TestANewUnitIsReachedOnceItsTransactionCommits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		o := loadDemoOrg(t, d)
		before, err := svc.PrincipalOf(ctx, o.staff["CS3002"])
		if err != nil {
			t.Fatal(err)
		}
		hz := o.unit["HZ"]
		var depot *identity.OrgUnit
		err = d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
			depot, err = svc.CreateOrgUnit(ctx, tx, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "HZ-XS-03",
				Name: "杭州萧山网点", ParentID: &hz, TimeZone: "Asia/Shanghai"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if before.Reach().Covers(depot.ID, identity.RoleManager) {
			t.Error("a reach already computed changed under its request")
		}
		after, err := svc.PrincipalOf(ctx, o.staff["CS3002"])
		if err != nil {
			t.Fatal(err)
		}
		if !after.Reach().Covers(depot.ID, identity.RoleManager) {
			t.Error("the Hangzhou manager does not reach the new Hangzhou depot")
		}
		sh, err := svc.PrincipalOf(ctx, o.staff["CS3001"])
		if err != nil {
			t.Fatal(err)
		}
		if sh.Reach().Covers(depot.ID, identity.StaffRoles...) {
			t.Error("the Shanghai manager reaches a Hangzhou depot")
		}
	})
}

func TestTheTreeAnswersQuestionsAboutUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		o := loadDemoOrg(t, d)
		tree, err := svc.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := tree.AncestorIDs(o.unit["HZ-BJ-02"]); !slices.Equal(got, []string{o.unit["HZ-BJ-02"], o.unit["HZ"], o.unit["SD-EC"], o.unit["SD"]}) {
			t.Errorf("ancestors = %v", got)
		}
		if tree.OrgOf(o.unit["SH-XH-02"]) != o.unit["SD"] || tree.AncestorOfKind(o.unit["SH-XH-02"], identity.KindBranch) != o.unit["SH"] {
			t.Error("organisation or branch of a depot")
		}
		if got := tree.DepotsUnder(o.unit["SH"]); !slices.Equal(got, o.depots("SH-PD-01", "SH-XH-02")) {
			t.Errorf("depots under Shanghai = %v", got)
		}
		if got := len(tree.UnitsUnder(o.unit["SD"])); got != 8 {
			t.Errorf("units under the group = %d, want 8", got)
		}
		sups, err := identity.StaffWithRole(ctx, d.R, identity.RoleSupervisor, tree.DepotsUnder(o.unit["HZ"]))
		if err != nil || len(sups) != 2 || sups[0].EmployeeNo != "CS2003" || sups[1].EmployeeNo != "CS2004" {
			t.Errorf("supervisors under Hangzhou = %v %v", sups, err)
		}
		unit, managers, err := identity.NextManagers(ctx, d.R, tree, o.unit["SH-PD-01"])
		if err != nil || unit != o.unit["SH"] || len(managers) != 1 || managers[0].EmployeeNo != "CS3001" {
			t.Errorf("next level up from Zhangjiang = %s %v %v", unit, managers, err)
		}
		unit, managers, err = identity.NextManagers(ctx, d.R, tree, o.unit["SH-PD-01"], o.staff["CS3001"].ID)
		if err != nil || unit != o.unit["SD-EC"] || len(managers) != 1 || managers[0].EmployeeNo != "CS3000" {
			t.Errorf("next level up without 刘强 = %s %v %v", unit, managers, err)
		}
	})
}

func TestFiltersAndObjectChecksAgree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _ := newService(t, d)
		o := loadDemoOrg(t, d)
		for _, who := range []string{"CS1001", "CS2002", "CS3001", "CS3002", "CS3000", "CS9001", "CS4001"} {
			p, err := svc.PrincipalOf(ctx, o.staff[who])
			if err != nil {
				t.Fatal(err)
			}
			var inSQL []string
			err = p.Reach().Filter(d.R.NewSelect().Model((*identity.OrgUnit)(nil)).Column("id").Where("kind = 'DEPOT'"),
				"id", identity.StaffRoles...).OrderExpr("id").Scan(ctx, &inSQL)
			if err != nil {
				t.Fatal(err)
			}
			for _, dep := range o.depots("SH-PD-01", "SH-XH-02", "HZ-XH-01", "HZ-BJ-02") {
				if slices.Contains(inSQL, dep) != p.Reach().Covers(dep, identity.StaffRoles...) {
					t.Errorf("%s: the SQL filter and Covers disagree on %s", who, dep)
				}
			}
		}
	})
}
