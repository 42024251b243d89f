package roster_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

// A worked shift is one of the person's own, in a published roster, not on a day of their
// approved leave; other capabilities (self-checks, inspections) ask roster, not its tables.
func TestAWorkedShiftIsPublishedOwnAndNotOnApprovedLeave(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		ctx := context.Background()
		l, _, err := w.svc.RequestLeave(w.as("CS1001"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "ANNUAL"), StartDay: "2026-12-09", EndDay: "2026-12-09", Reason: "休假"})
		w.must(err)
		l, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, l.Version, roster.Approve, "")
		w.must(err)
		_, _, err = w.svc.DecideLeave(w.as("CS3001"), w.key(), l.ID, l.Version, roster.Approve, "")
		w.must(err)
		jan, _, err := w.svc.AssignShifts(w.as("CS2001"), w.key(), w.depot, "2027-01",
			[]roster.AssignmentInput{{StaffID: w.staff["CS1001"].ID, Day: "2027-01-05", ShiftTypeID: w.types["DAY"].ID}})
		w.must(err)
		var draft roster.Assignment
		w.must(d.R.NewSelect().Model(&draft).Where("roster_id = ?", jan.ID).Scan(ctx))

		me := w.staff["CS1001"].ID
		for _, c := range []struct {
			name, assignment string
			worked           bool
		}{
			{"one's own shift in the published roster", w.shift("CS1001", 3), true},
			{"a day of approved leave", w.shift("CS1001", 9), false},
			{"a colleague's shift", w.shift("CS1012", 3), false},
			{"a shift in a draft roster", draft.ID, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				a, err := roster.WorkedShift(ctx, d.R, c.assignment, me)
				switch {
				case c.worked && (err != nil || a.ID != c.assignment):
					t.Fatalf("want the shift, got %v %v", a, err)
				case !c.worked && !errors.Is(err, roster.ErrNotWorked):
					t.Fatalf("want ErrNotWorked, got %v %v", a, err)
				}
			})
		}

		at := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, shanghai) }
		for _, c := range []struct {
			name     string
			from, by time.Time
			want     []string
		}{
			{"the leave day is skipped; a shift starting exactly at startBy counts", at(8, 0, 0), at(11, 9, 0), []string{w.shift("CS1001", 11)}},
			{"a shift starting a minute after startBy does not", at(10, 0, 0), at(11, 8, 59), nil},
			{"a shift under way at from counts", at(11, 17, 0), at(11, 17, 0), []string{w.shift("CS1001", 11)}},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := w.svc.WorkedShifts(ctx, me, c.from, c.by)
				w.must(err)
				var ids []string
				for _, a := range got {
					ids = append(ids, a.ID)
				}
				if len(ids) != len(c.want) || (len(ids) > 0 && ids[0] != c.want[0]) {
					t.Fatalf("got %v, want %v", ids, c.want)
				}
			})
		}
	})
}

// Copying last month leaves out whoever is no longer active in the depot (identity says
// who is, through ActiveInDepot).
func TestCopyingAMonthLeavesOutWhoLeftTheDepot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		_, _, err := w.ids.Deactivate(w.as("CS9001"), w.key(), w.staff["CS1012"].ID, "离职")
		w.must(err)
		sup := w.as("CS2001")
		jan, _, err := w.svc.CopyPreviousMonth(sup, w.key(), w.depot, "2027-01")
		w.must(err)
		rows, err := w.svc.AssignmentsOfRosters(sup, []string{jan.ID})
		w.must(err)
		who := map[string]int{}
		for _, a := range rows {
			who[a.StaffID]++
		}
		if who[w.staff["CS1012"].ID] != 0 || who[w.staff["CS1001"].ID] != 16 {
			t.Fatalf("copied shifts per person: %v (CS1012 left, CS1001 has 16)", who)
		}
	})
}
