package roster_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// world is the demo organisation with a published December roster at SH-PD-01:
// CS1001 and CS1012 work the day shift on odd days, CS1002 on even days (the early
// shift on Dec 2), CS1003 nights on Dec 1–2 and the senior shift on Dec 20.
type world struct {
	t     *testing.T
	ids   *identity.Service // reach of the callers
	d     *db.DB
	svc   *roster.Service
	now   time.Time
	staff map[string]*identity.Staff
	depot string
	types map[string]*roster.ShiftType
	keyN  int
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ids := identity.NewService(d, nil)
	ids.Password = identity.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), ids, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ids: ids, d: d, staff: map[string]*identity.Staff{}, types: map[string]*roster.ShiftType{},
		now: time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai)}
	w.svc = &roster.Service{DB: d, Zone: shanghai, Now: func() time.Time { return w.now }, ShiftInUse: checklist.ShiftsWithChecks}
	var all []*identity.Staff
	if err := d.R.NewSelect().Model(&all).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		w.staff[s.EmployeeNo] = s
	}
	w.depot = w.staff["CS1001"].DepotID
	return w
}

// as returns a context in which employeeNo is the caller.
func (w *world) as(no string) context.Context {
	p, err := w.ids.PrincipalOf(context.Background(), w.staff[no])
	w.must(err)
	return identity.WithPrincipal(context.Background(), p)
}

func (w *world) key() string { w.keyN++; return fmt.Sprintf("test-key-%04d", w.keyN) }

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// december builds and publishes the December roster described on world.
func (w *world) december() *roster.Roster {
	w.t.Helper()
	sup := w.as("CS2001")
	for _, st := range []roster.NewShiftType{
		{Code: "DAY", Name: "白班", StartMinute: 9 * 60, EndMinute: 18 * 60},
		{Code: "EARLY", Name: "早班", StartMinute: 6 * 60, EndMinute: 14 * 60},
		{Code: "NIGHT", Name: "夜班", StartMinute: 21 * 60, EndMinute: 7 * 60, Night: true},
		{Code: "SENIOR", Name: "组长班", StartMinute: 9 * 60, EndMinute: 18 * 60, RequiresQualification: true},
	} {
		st.DepotID = w.depot
		t, err := w.svc.CreateShiftType(sup, st)
		w.must(err)
		w.types[t.Code] = t
	}
	w.must(w.svc.SetQualification(sup, w.staff["CS1003"].ID, w.types["SENIOR"].ID, true))
	var items []roster.AssignmentInput
	put := func(no string, day int, code string) {
		items = append(items, roster.AssignmentInput{StaffID: w.staff[no].ID, Day: fmt.Sprintf("2026-12-%02d", day), ShiftTypeID: w.types[code].ID})
	}
	for day := 1; day <= 31; day++ {
		if day%2 == 1 {
			put("CS1001", day, "DAY")
			put("CS1012", day, "DAY")
		} else if day == 2 {
			put("CS1002", day, "EARLY")
		} else {
			put("CS1002", day, "DAY")
		}
	}
	put("CS1003", 1, "NIGHT")
	put("CS1003", 2, "NIGHT")
	put("CS1003", 20, "SENIOR")
	r, _, err := w.svc.AssignShifts(sup, w.key(), w.depot, "2026-12", items)
	w.must(err)
	r, _, err = w.svc.PublishRoster(sup, w.key(), r.ID, r.Version)
	w.must(err)
	return r
}

// shift returns the id of a person's assignment on a December day.
func (w *world) shift(no string, day int) string {
	w.t.Helper()
	var a roster.Assignment
	w.must(w.d.R.NewSelect().Model(&a).Where("staff_id = ? AND day = ?", w.staff[no].ID, fmt.Sprintf("2026-12-%02d", day)).Scan(context.Background()))
	return a.ID
}

func (w *world) proposal(req string, reqDay int, col string, colDay int) roster.SwapProposal {
	return roster.SwapProposal{RequesterAssignmentID: w.shift(req, reqDay), ColleagueID: w.staff[col].ID, ColleagueAssignmentID: w.shift(col, colDay)}
}

func codes(vs []roster.Violation) []apperr.Code {
	var out []apperr.Code
	for _, v := range vs {
		out = append(out, v.Code)
	}
	return out
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func leaveType(w *world, code string) string {
	ts, err := w.svc.LeaveTypes(w.as("CS1001"))
	w.must(err)
	i := slices.IndexFunc(ts, func(t *roster.LeaveType) bool { return t.Code == code })
	if i < 0 {
		w.t.Fatalf("no leave type %s", code)
	}
	return ts[i].ID
}
