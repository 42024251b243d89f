package roster_test

import (
	"context"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

// Duty on a roster (Service.DutyOf): nights by shift type, weekends by the calendar
// (调休 working days are not weekends), public holidays apart from weekends.
func TestDutyCountsNightsWeekendRestDaysAndHolidays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		r := w.december()
		admin := w.as("CS9001")
		holiday, workday := roster.Holiday, roster.Workday
		_, err := w.svc.SetHoliday(admin, "2026-12-08", &holiday, "测试假日", "Test holiday")
		w.must(err)
		_, err = w.svc.SetHoliday(admin, "2026-12-13", &workday, "调休上班", "Make-up working day")
		w.must(err)
		_, err = w.svc.SetHoliday(admin, "2026-12-26", &holiday, "周末假日", "Weekend holiday")
		w.must(err)

		as, err := w.svc.AssignmentsOfRosters(ctx, []string{r.ID})
		w.must(err)
		duty, err := w.svc.DutyOf(ctx, w.depot, as)
		w.must(err)
		by := map[string]*roster.Duty{}
		for _, x := range duty {
			if x.RosterID != r.ID {
				t.Fatalf("duty of another roster: %+v", x)
			}
			by[x.StaffID] = x
		}
		for _, c := range []struct {
			name, no                                 string
			shifts, nights, weekends, holidays, rank int
		}{
			// Odd days: Sat 5, Sun 13 (made a working day), Sat 19, Sun 27.
			{"a make-up working day on a Sunday is not a weekend", "CS1001", 16, 0, 3, 0, -1},
			// Even days: Sun 6, Tue 8 (holiday), Sat 12, Sun 20, Sat 26 (holiday).
			{"a holiday on a weekday or a weekend counts as a holiday, not a weekend", "CS1002", 15, 0, 3, 2, 0},
			// Nights on Tue 1 and Wed 2, the senior shift on Sun 20.
			{"night shifts count by shift type", "CS1003", 3, 2, 1, 0, -1},
		} {
			t.Run(c.name, func(t *testing.T) {
				x := by[w.staff[c.no].ID]
				if x == nil || x.Shifts != c.shifts || x.Nights != c.nights || x.Weekends != c.weekends || x.Holidays != c.holidays {
					t.Fatalf("%s: %+v, want shifts %d nights %d weekends %d holidays %d", c.no, x, c.shifts, c.nights, c.weekends, c.holidays)
				}
				if c.rank >= 0 && duty[c.rank].StaffID != x.StaffID {
					t.Fatalf("%s is not at place %d of the most unpopular duty: %+v", c.no, c.rank, duty[0])
				}
			})
		}
		if len(by) != 4 {
			t.Fatalf("%d people counted, want 4", len(by))
		}

		none, err := w.svc.DutyOf(ctx, w.depot, nil)
		if err != nil || len(none) != 0 {
			t.Fatalf("no assignments: %v %v", none, err)
		}
	})
}
