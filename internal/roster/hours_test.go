package roster_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

var standard = roster.HoursLimits{DailyMinutes: 8 * 60, WeeklyMinutes: 44 * 60, MonthlyOvertimeCapMinutes: 36 * 60,
	MonthlyStandardMinutes: roster.DefaultMonthlyStandardMinutes}

// worked is a shift of one person starting on day (YYYY-MM-DD) at hour (local) lasting
// hours.
func worked(day string, hour, hours float64) *roster.Assignment {
	d, _ := time.ParseInLocation("2006-01-02", day, shanghai)
	start := d.Add(time.Duration(hour * float64(time.Hour)))
	return &roster.Assignment{ID: day, StaffID: "p", Day: day, StartsAt: start.UTC(), EndsAt: start.Add(time.Duration(hours * float64(time.Hour))).UTC()}
}

// days returns shifts of hours from 09:00 on each day of December given.
func decDays(hours float64, days ...int) []*roster.Assignment {
	var out []*roster.Assignment
	for _, d := range days {
		out = append(out, worked(fmt.Sprintf("2026-12-%02d", d), 9, hours))
	}
	return out
}

// dec returns shifts of hours from hour on each day of December given.
func dec(hour, hours float64, days ...int) []*roster.Assignment {
	var out []*roster.Assignment
	for _, d := range days {
		out = append(out, worked(fmt.Sprintf("2026-12-%02d", d), hour, hours))
	}
	return out
}

func withType(typeID string, as []*roster.Assignment) []*roster.Assignment {
	for _, a := range as {
		a.ShiftTypeID = typeID
	}
	return as
}

type excess struct {
	rule    roster.HoursRule
	period  string
	minutes int
}

func excesses(ph *roster.PersonHours) []excess {
	var out []excess
	for _, e := range ph.Excess {
		out = append(out, excess{e.Rule, e.Period, e.Minutes})
	}
	return out
}

// Lawful hours (roster.MonthHours): 44 hours a week, 8 a day, 36 hours of overtime a
// month; weeks checked whole across month ends; night shifts split at midnight.
func TestHoursRules(t *testing.T) {
	comprehensive := standard
	comprehensive.Comprehensive = true
	for _, c := range []struct {
		name      string
		limits    roster.HoursLimits
		month     string
		shifts    []*roster.Assignment
		minutes   int
		overtime  int
		want      []excess
		weekHours map[string]int
		breaks    roster.Breaks
	}{
		{name: "an unpaid break is not working time: five 08:30-17:30 days with an hour's lunch are 40 hours, no overtime", limits: standard, month: "2026-12",
			shifts: withType("LUNCH", dec(8.5, 9, 7, 8, 9, 10, 11)), breaks: roster.Breaks{"LUNCH": 60}, minutes: 40 * 60},
		{name: "a night shift's break comes off the day holding its middle", limits: standard, month: "2026-12",
			shifts: withType("NIGHT", []*roster.Assignment{worked("2026-12-06", 21, 10)}), breaks: roster.Breaks{"NIGHT": 60}, minutes: 9 * 60,
			weekHours: map[string]int{"2026-11-30": 3 * 60, "2026-12-07": 6 * 60}},
		{name: "exactly 44 hours in a week passes", limits: standard, month: "2026-12",
			shifts: append(decDays(8, 7, 8, 9, 10, 11), worked("2026-12-12", 9, 4)), minutes: 44 * 60},
		{name: "44.5 hours in a week is over the weekly standard", limits: standard, month: "2026-12",
			shifts: append(decDays(8, 7, 8, 9, 10, 11), worked("2026-12-12", 9, 4.5)), minutes: 44*60 + 30, overtime: 30,
			want: []excess{{roster.WeeklyHours, "2026-12-07", 44*60 + 30}}},
		{name: "a week straddling the month end is checked whole, its days counting in their own months", limits: standard, month: "2026-12",
			shifts: append([]*roster.Assignment{worked("2026-11-30", 9, 8)}, decDays(8, 1, 2, 3, 4, 5)...), minutes: 40 * 60, overtime: 4 * 60,
			want: []excess{{roster.WeeklyHours, "2026-11-30", 48 * 60}}},
		{name: "the month before sees the same straddling week, and none of the overtime worked after it", limits: standard, month: "2026-11",
			shifts: append([]*roster.Assignment{worked("2026-11-30", 9, 8)}, decDays(8, 1, 2, 3, 4, 5)...), minutes: 8 * 60,
			want: []excess{{roster.WeeklyHours, "2026-11-30", 48 * 60}}},
		{name: "a night shift crossing midnight counts on each side of it", limits: standard, month: "2026-12",
			shifts: []*roster.Assignment{worked("2026-12-06", 21, 10)}, minutes: 10 * 60,
			weekHours: map[string]int{"2026-11-30": 3 * 60, "2026-12-07": 7 * 60}},
		{name: "a night shift into the month counts its morning in the month", limits: standard, month: "2026-12",
			shifts: []*roster.Assignment{worked("2026-11-30", 21, 10)}, minutes: 7 * 60},
		{name: "a night shift out of the month leaves its morning to the next", limits: standard, month: "2026-12",
			shifts: []*roster.Assignment{worked("2026-12-31", 21, 10)}, minutes: 3 * 60},
		{name: "hours beyond 8 a day are overtime; exactly 36 hours of overtime a month passes", limits: standard, month: "2026-12",
			shifts: decDays(11, 7, 8, 9, 14, 15, 16, 21, 22, 23, 28, 29, 30), minutes: 12 * 11 * 60, overtime: 36 * 60},
		{name: "36.5 hours of overtime a month is over the cap", limits: standard, month: "2026-12",
			shifts: append(decDays(11, 7, 8, 9, 14, 15, 16, 21, 22, 23, 28, 29, 30), worked("2026-12-31", 9, 8.5)), minutes: 12*11*60 + 510, overtime: 36*60 + 30,
			want: []excess{{roster.MonthlyOvertime, "2026-12", 36*60 + 30}}},
		{name: "a comprehensive-hours scheme has no weekly standard; 36 hours beyond its standard month passes", limits: comprehensive, month: "2026-12",
			shifts: append(decDays(12, 1, 2, 3, 4, 7, 8, 9, 10, 14, 15, 16, 17), append(decDays(11, 21, 22, 23, 24, 28), worked("2026-12-29", 9, 4))...), minutes: 167*60 + 36*60, overtime: 36 * 60},
		{name: "a comprehensive-hours scheme refuses overtime beyond the cap", limits: comprehensive, month: "2026-12",
			shifts: append(decDays(12, 1, 2, 3, 4, 7, 8, 9, 10, 14, 15, 16, 17), append(decDays(11, 21, 22, 23, 24, 28), worked("2026-12-29", 9, 4.5))...), minutes: 167*60 + 36*60 + 30, overtime: 36*60 + 30,
			want: []excess{{roster.MonthlyOvertime, "2026-12", 36*60 + 30}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := roster.MonthHours(c.limits, shanghai, c.month, c.shifts, c.breaks)
			if len(ps) != 1 {
				t.Fatalf("%d people", len(ps))
			}
			ph := ps[0]
			if ph.Minutes != c.minutes || ph.OvertimeMinutes != c.overtime {
				t.Errorf("minutes %d overtime %d, want %d and %d", ph.Minutes, ph.OvertimeMinutes, c.minutes, c.overtime)
			}
			if got := excesses(ph); !slices.Equal(got, c.want) {
				t.Errorf("excess %+v, want %+v", got, c.want)
			}
			for monday, m := range c.weekHours {
				i := slices.IndexFunc(ph.Weeks, func(w roster.WeekHours) bool { return w.Monday == monday })
				if i < 0 || ph.Weeks[i].Minutes != m {
					t.Errorf("week of %s: %+v, want %d minutes", monday, ph.Weeks, m)
				}
			}
		})
	}
}

// A change is blamed only for the excess it creates or makes larger (roster.HoursChange).
func TestHoursChangeBlamesOnlyWhatItAdds(t *testing.T) {
	before := append(decDays(8, 7, 8, 9, 10, 11), worked("2026-12-12", 9, 5)) // 45 h: over already
	same := append(decDays(8, 7, 8, 9, 10, 11), worked("2026-12-13", 9, 5))   // moved, still 45 h
	more := append(decDays(8, 7, 8, 9, 10, 11), worked("2026-12-12", 9, 6))   // 46 h
	if got := roster.HoursChange(standard, shanghai, "p", before, same, []string{"2026-12"}, nil); len(got) != 0 {
		t.Errorf("an excess that did not grow is blamed on the change: %+v", got)
	}
	got := roster.HoursChange(standard, shanghai, "p", before, more, []string{"2026-12"}, nil)
	if len(got) != 1 || got[0].Rule != roster.WeeklyHours || got[0].Minutes != 46*60 {
		t.Errorf("a larger excess is not blamed on the change: %+v", got)
	}
	zh, en := got[0].Explain("张伟", "张伟")
	if zh != "张伟 12月7日起的一周排班 46 小时,超过每周标准工时 44 小时" || en != "张伟 is rostered 46 h in the week from 7 Dec, over the standard week of 44 h" {
		t.Errorf("explanation: %q / %q", zh, en)
	}
}

// Swaps are checked against the same limits (SWAP_HOURS_LIMIT), the limits are the
// organisation's settings and the depot's scheme, and changing them is versioned.
func TestSwapHoursLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.december()
		// CS1001 works odd days, CS1002 even days, 9 hours each: 36 hours in the weeks
		// of 7 and 14 December at most. Swapping CS1001's Sunday 13 for CS1002's
		// Monday 14 gives each a 36-hour week they did not have.
		prop := w.proposal("CS1001", 13, "CS1002", 14)
		vs, err := w.svc.CheckShiftSwap(w.as("CS1001"), prop)
		w.must(err)
		if slices.Contains(codes(vs), apperr.SwapHoursLimit) {
			t.Fatalf("within 44 hours: %v", vs)
		}

		admin := w.as("CS9001")
		st, err := w.svc.Settings(admin)
		w.must(err)
		if st.DailyStandardMinutes != 480 || st.WeeklyStandardMinutes != 2640 || st.MonthlyOvertimeCapMinutes != 2160 {
			t.Fatalf("defaults: %+v", st)
		}
		weekly := 35 * 60
		_, err = w.svc.UpdateSettings(w.as("CS2001"), roster.SettingsChange{Version: st.Version, WeeklyStandardMinutes: &weekly})
		wantCode(t, err, apperr.Forbidden)
		tooMany := 169 * 60
		_, err = w.svc.UpdateSettings(admin, roster.SettingsChange{Version: st.Version, WeeklyStandardMinutes: &tooMany})
		wantCode(t, err, apperr.BadUserInput)
		_, err = w.svc.UpdateSettings(admin, roster.SettingsChange{Version: st.Version, WeeklyStandardMinutes: &weekly})
		w.must(err)
		_, err = w.svc.UpdateSettings(w.as("CS3001"), roster.SettingsChange{Version: st.Version, WeeklyStandardMinutes: &weekly})
		wantCode(t, err, apperr.Conflict)

		vs, err = w.svc.CheckShiftSwap(w.as("CS1001"), prop)
		w.must(err)
		var hours []roster.Violation
		for _, v := range vs {
			if v.Code == apperr.SwapHoursLimit {
				hours = append(hours, v)
			}
		}
		if len(hours) != 2 || hours[0].ZH != "换班后申请人 12月14日起的一周排班 36 小时,超过每周标准工时 35 小时" ||
			hours[1].EN != "After the swap the colleague is rostered 36 h in the week from 7 Dec, over the standard week of 35 h" {
			t.Fatalf("hours violations: %+v", hours)
		}
		_, _, err = w.svc.RequestShiftSwap(w.as("CS1001"), w.key(), prop, "")
		if !slices.Contains(codes(violationsOf(t, err)), apperr.SwapHoursLimit) {
			t.Fatalf("request not refused for hours: %v", err)
		}

		// A comprehensive-hours scheme has no weekly standard: the swap is within limits.
		_, err = w.svc.SetHoursScheme(w.as("CS2001"), w.depot, true, 167*60, 0)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.SetHoursScheme(w.as("CS3002"), w.depot, true, 167*60, 0)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.SetHoursScheme(w.as("CS3001"), w.depot, true, 0, 0)
		wantCode(t, err, apperr.BadUserInput)
		sc, err := w.svc.SetHoursScheme(w.as("CS3001"), w.depot, true, 167*60, 0)
		w.must(err)
		_, err = w.svc.SetHoursScheme(admin, w.depot, false, 167*60, 0)
		wantCode(t, err, apperr.Conflict)
		got, err := w.svc.HoursSchemeOf(w.as("CS2001"), w.depot)
		w.must(err)
		if !got.Comprehensive || got.Version != sc.Version {
			t.Fatalf("scheme %+v", got)
		}
		_, err = w.svc.HoursSchemeOf(w.as("CS2002"), w.depot)
		wantCode(t, err, apperr.Forbidden)
		vs, err = w.svc.CheckShiftSwap(w.as("CS1001"), prop)
		w.must(err)
		if slices.Contains(codes(vs), apperr.SwapHoursLimit) {
			t.Fatalf("comprehensive scheme: %v", vs)
		}

		// The exported check the open shifts use: four more hours in the week of 14 Dec.
		l, err := w.svc.HoursLimitsOf(ctx, d.R, w.depot)
		w.must(err)
		if !l.Comprehensive || l.WeeklyMinutes != weekly {
			t.Fatalf("limits %+v", l)
		}
		_, err = w.svc.SetHoursScheme(admin, w.depot, false, 167*60, sc.Version)
		w.must(err)
		extra := worked("2026-12-14", 9, 9)
		ex, err := w.svc.CheckProposedHours(ctx, d.R, w.depot, w.staff["CS1001"].ID, []*roster.Assignment{extra})
		w.must(err)
		if len(ex) != 1 || ex[0].Rule != roster.WeeklyHours || ex[0].Period != "2026-12-14" || ex[0].Minutes != 36*60 {
			t.Fatalf("proposed hours: %+v", ex)
		}
	})
}

// The roster's hours and warnings name the person and the week (Service.HoursOfRoster).
func TestHoursOfRosterWarnsNamingPersonAndWeek(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		r := w.december()
		rh, err := w.svc.HoursOfRoster(context.Background(), r)
		w.must(err)
		if len(rh.People) != 4 || len(rh.Warnings) != 0 {
			t.Fatalf("people %d warnings %+v", len(rh.People), rh.Warnings)
		}
		sup := w.as("CS2001")
		var items []roster.AssignmentInput
		for _, day := range []string{"2026-12-08", "2026-12-10", "2026-12-12"} {
			items = append(items, roster.AssignmentInput{StaffID: w.staff["CS1001"].ID, Day: day, ShiftTypeID: w.types["DAY"].ID})
		}
		_, _, err = w.svc.AssignShifts(sup, w.key(), w.depot, "2026-12", items)
		w.must(err)
		rh, err = w.svc.HoursOfRoster(context.Background(), r)
		w.must(err)
		if len(rh.Warnings) != 1 || rh.Warnings[0].Violation.ZH != "张伟 12月7日起的一周排班 63 小时,超过每周标准工时 44 小时" ||
			rh.Warnings[0].Violation.Code != apperr.RosterHoursOverLimit {
			t.Fatalf("warnings %+v", rh.Warnings)
		}
	})
}

func violationsOf(t *testing.T, err error) []roster.Violation {
	t.Helper()
	var ae *apperr.Error
	if err == nil || !errors.As(err, &ae) {
		t.Fatalf("not refused: %v", err)
	}
	var out []roster.Violation
	list, _ := ae.Extra["violations"].([]map[string]string)
	for _, v := range list {
		out = append(out, roster.Violation{Code: apperr.Code(v["code"]), ZH: v["zh"], EN: v["en"]})
	}
	return out
}
