package retention_test

import (
	"context"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/retention"
)

type fixture struct {
	t     *testing.T
	d     *db.DB
	ids   *identity.Service
	svc   *retention.Service
	staff map[string]*identity.Staff
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ids := identity.NewService(d, nil)
	ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), ids, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 10, 1, 0, 0, 0, time.UTC)
	f := &fixture{t: t, d: d, ids: ids, svc: &retention.Service{DB: d, Now: func() time.Time { return now }}, staff: map[string]*identity.Staff{}}
	var all []*identity.Staff
	f.must(d.R.NewSelect().Model(&all).Scan(context.Background()))
	for _, s := range all {
		f.staff[s.EmployeeNo] = s
	}
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) as(no string) context.Context {
	p, err := f.ids.PrincipalOf(context.Background(), f.staff[no])
	f.must(err)
	return identity.WithPrincipal(context.Background(), p)
}

// otherAdmin adds a second organisation with an admin and returns their context.
func (f *fixture) otherAdmin() context.Context {
	ctx := context.Background()
	group, err := f.ids.CreateOrgUnit(ctx, f.d.W, identity.NewOrgUnit{Kind: identity.KindGroup, Code: "OT", Name: "另一集团", TimeZone: "Asia/Shanghai"})
	f.must(err)
	depot, err := f.ids.CreateOrgUnit(ctx, f.d.W, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "OT-01", Name: "另一网点", ParentID: &group.ID, TimeZone: "Asia/Shanghai"})
	f.must(err)
	st, err := f.ids.CreateStaff(ctx, f.d.W, identity.NewStaff{EmployeeNo: "OT9001", Name: "外部", Phone: "13700000000", DepotID: depot.ID,
		Roles: []identity.Role{identity.RoleAdmin}, Password: demo.Password})
	f.must(err)
	f.staff["OT9001"] = st
	return f.as("OT9001")
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func days(n int) *int { return &n }

func TestRetentionSettingsDefaultToForeverAndAdminsSetThem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		admin := f.as("CS9001")
		st, err := f.svc.Settings(admin)
		f.must(err)
		if st.HistoryDays != nil || st.Version != 1 {
			t.Fatalf("default: %+v", st)
		}
		st, err = f.svc.UpdateSettings(admin, st.Version, days(365))
		f.must(err)
		got, err := f.svc.Settings(admin)
		f.must(err)
		if got.HistoryDays == nil || *got.HistoryDays != 365 || got.Version != st.Version || st.Version != 2 {
			t.Fatalf("after the update: %+v", got)
		}
		back, err := f.svc.UpdateSettings(admin, got.Version, nil)
		f.must(err)
		if back.HistoryDays != nil || back.Version != 3 {
			t.Fatalf("back to forever: %+v", back)
		}
	})
}

func TestRetentionSettingsBoundsAre180To36500Days(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		admin := f.as("CS9001")
		for _, n := range []int{-1, 0, 179, 36501} {
			_, err := f.svc.UpdateSettings(admin, 1, days(n))
			wantCode(t, err, apperr.BadUserInput)
		}
		st, err := f.svc.Settings(admin)
		f.must(err)
		if st.HistoryDays != nil || st.Version != 1 {
			t.Fatalf("bad input changed the settings: %+v", st)
		}
		for _, n := range []int{180, 36500} {
			st, err = f.svc.UpdateSettings(admin, st.Version, days(n))
			f.must(err)
		}
	})
}

func TestRetentionSettingsStaleVersionIsAConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		admin := f.as("CS9001")
		_, err := f.svc.UpdateSettings(admin, 1, days(200))
		f.must(err)
		_, err = f.svc.UpdateSettings(admin, 1, days(300))
		wantCode(t, err, apperr.Conflict)
		st, err := f.svc.Settings(admin)
		f.must(err)
		if *st.HistoryDays != 200 {
			t.Fatalf("the loser's value was stored: %+v", st)
		}
	})
}

func TestRetentionSettingsReach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, no := range []string{"CS3000", "CS3001", "CS2001", "CS1001"} { // managers, a supervisor, an agent
			_, err := f.svc.Settings(f.as(no))
			wantCode(t, err, apperr.Forbidden)
			_, err = f.svc.UpdateSettings(f.as(no), 1, days(200))
			wantCode(t, err, apperr.Forbidden)
		}
		partner := identity.WithPrincipal(context.Background(), &identity.Principal{Kind: identity.KindPartner, ID: "client-1"})
		_, err := f.svc.Settings(partner)
		wantCode(t, err, apperr.Forbidden)
		_, err = f.svc.UpdateSettings(partner, 1, days(200))
		wantCode(t, err, apperr.Forbidden)
		_, err = f.svc.Settings(context.Background())
		wantCode(t, err, apperr.Unauthenticated)

		// Another organisation's admin sets their own organisation's, never ours.
		other := f.otherAdmin()
		_, err = f.svc.UpdateSettings(other, 1, days(200))
		f.must(err)
		ours, err := f.svc.Settings(f.as("CS9001"))
		f.must(err)
		if ours.HistoryDays != nil || ours.Version != 1 {
			t.Fatalf("another organisation's admin changed ours: %+v", ours)
		}
		theirs, err := f.svc.Settings(other)
		f.must(err)
		if theirs.HistoryDays == nil || *theirs.HistoryDays != 200 {
			t.Fatalf("theirs: %+v", theirs)
		}
	})
}
