package roster_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

func TestRosterBuildCopyPublishAndOnDuty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		dec := w.december()
		sup := w.as("CS2001")

		// Agents and other depots' supervisors may not build this depot's roster.
		_, _, err := w.svc.AssignShifts(w.as("CS1001"), w.key(), w.depot, "2027-01", []roster.AssignmentInput{{StaffID: w.staff["CS1001"].ID, Day: "2027-01-02", ShiftTypeID: w.types["DAY"].ID}})
		wantCode(t, err, apperr.Forbidden)
		_, _, err = w.svc.AssignShifts(w.as("CS2002"), w.key(), w.depot, "2027-01", []roster.AssignmentInput{{StaffID: w.staff["CS1001"].ID, Day: "2027-01-02", ShiftTypeID: w.types["DAY"].ID}})
		wantCode(t, err, apperr.Forbidden)
		_, _, err = w.svc.AssignShifts(sup, w.key(), w.depot, "2027-01", []roster.AssignmentInput{{StaffID: w.staff["CS1001"].ID, Day: "2027-02-02", ShiftTypeID: w.types["DAY"].ID}})
		wantCode(t, err, apperr.BadUserInput)
		_, _, err = w.svc.AssignShifts(sup, w.key(), w.depot, "2027-01", []roster.AssignmentInput{{StaffID: w.staff["CS1002"].ID, Day: "2027-01-02", ShiftTypeID: w.types["SENIOR"].ID}})
		wantCode(t, err, apperr.ShiftNotQualified)
		_, _, err = w.svc.AssignShifts(sup, w.key(), w.depot, "2027-01", []roster.AssignmentInput{{StaffID: w.staff["CS1004"].ID, Day: "2027-01-02", ShiftTypeID: w.types["DAY"].ID}})
		wantCode(t, err, apperr.BadUserInput)

		// Copy last month: day of month for day of month, as a draft staff cannot see.
		key := w.key()
		jan, _, err := w.svc.CopyPreviousMonth(sup, key, w.depot, "2027-01")
		w.must(err)
		again, replayed, err := w.svc.CopyPreviousMonth(sup, key, w.depot, "2027-01")
		w.must(err)
		if !replayed || again.ID != jan.ID {
			t.Fatal("a retried copy must return the first result")
		}
		decRows, err := w.svc.AssignmentsOfRosters(sup, []string{dec.ID})
		w.must(err)
		janRows, err := w.svc.AssignmentsOfRosters(sup, []string{jan.ID})
		w.must(err)
		if jan.Status != roster.RosterDraft || len(janRows) != len(decRows) {
			t.Fatalf("copied %d rows of %d, status %s", len(janRows), len(decRows), jan.Status)
		}
		night := janRows[slices.IndexFunc(janRows, func(a *roster.Assignment) bool { return a.ShiftTypeID == w.types["NIGHT"].ID })]
		if night.Day != "2027-01-01" || !night.EndsAt.Equal(time.Date(2027, 1, 2, 7, 0, 0, 0, shanghai)) {
			t.Fatalf("night shift copied to %s ending %s", night.Day, night.EndsAt)
		}
		seen, err := w.svc.RosterFor(w.as("CS1001"), w.depot, "2027-01")
		w.must(err)
		if seen != nil {
			t.Fatal("staff must not see a draft")
		}
		mine, err := w.svc.MyShifts(w.as("CS1001"), "2027-01")
		w.must(err)
		if len(mine) != 0 {
			t.Fatal("a draft is not in my roster")
		}
		jan, _, err = w.svc.PublishRoster(sup, w.key(), jan.ID, jan.Version)
		w.must(err)
		_, _, err = w.svc.PublishRoster(sup, w.key(), jan.ID, jan.Version)
		wantCode(t, err, apperr.Conflict)
		_, _, err = w.svc.CopyPreviousMonth(sup, w.key(), w.depot, "2027-01")
		wantCode(t, err, apperr.Conflict)
		mine, err = w.svc.MyShifts(w.as("CS1001"), "2027-01")
		w.must(err)
		if len(mine) != 16 {
			t.Fatalf("CS1001 has %d January shifts, want 16", len(mine))
		}

		// Who is on duty: the night shift crosses midnight.
		w.now = time.Date(2026, 12, 2, 2, 0, 0, 0, shanghai)
		on, err := w.svc.OnDutyNow(sup, w.depot)
		w.must(err)
		if len(on) != 1 || on[0].StaffID != w.staff["CS1003"].ID {
			t.Fatalf("at 02:00 on Dec 2 the night shift is on duty: %+v", on)
		}
		w.now = time.Date(2026, 12, 3, 10, 0, 0, 0, shanghai)
		on, err = w.svc.OnDutyAt(context.Background(), w.depot, w.now)
		w.must(err)
		if len(on) != 2 {
			t.Fatalf("at 10:00 on Dec 3 two are on duty, got %d", len(on))
		}
		_, err = w.svc.OnDutyNow(w.as("CS2002"), w.depot)
		wantCode(t, err, apperr.Forbidden)
	})
}

func TestHolidayCalendarDefaultsAndEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		days, err := w.svc.Holidays(w.as("CS1001"), 2026)
		w.must(err)
		by := map[string]*roster.HolidayDay{}
		for _, h := range days {
			by[h.Day] = h
		}
		for day, kind := range map[string]roster.HolidayKind{
			"2026-01-01": roster.Holiday, "2026-01-04": roster.Workday, "2026-02-14": roster.Workday, "2026-02-15": roster.Holiday,
			"2026-02-23": roster.Holiday, "2026-02-28": roster.Workday, "2026-04-06": roster.Holiday, "2026-05-05": roster.Holiday,
			"2026-05-09": roster.Workday, "2026-06-19": roster.Holiday, "2026-09-20": roster.Workday, "2026-09-27": roster.Holiday,
			"2026-10-07": roster.Holiday, "2026-10-10": roster.Workday,
		} {
			if by[day] == nil || by[day].Kind != kind {
				t.Errorf("%s: want %s, got %+v", day, kind, by[day])
			}
		}
		if len(days) != 39 {
			t.Errorf("2026 has %d calendar entries, want 39", len(days))
		}
		next, err := w.svc.Holidays(w.as("CS1001"), 2027)
		w.must(err)
		provisional := map[string]bool{}
		for _, h := range next {
			if h.Provisional {
				provisional[h.Day] = true
			}
		}
		if len(next) != 13 || len(provisional) != 7 {
			t.Errorf("2027 has %d entries (%d provisional), want the 6 fixed-date statutory days and 7 provisional lunar ones", len(next), len(provisional))
		}
		for _, day := range []string{"2027-02-05", "2027-02-08", "2027-04-05", "2027-06-09", "2027-09-15"} {
			if !provisional[day] {
				t.Errorf("%s should be a provisional holiday", day)
			}
		}
		for _, h := range days {
			if h.Provisional {
				t.Errorf("2026 follows the published notice; %s is not provisional", h.Day)
			}
		}
		holiday := roster.Holiday
		_, err = w.svc.SetHoliday(w.as("CS1001"), "2027-02-06", &holiday, "春节", "")
		wantCode(t, err, apperr.Forbidden)
		h, err := w.svc.SetHoliday(w.as("CS9001"), "2027-02-06", &holiday, "春节", "")
		w.must(err)
		if h.UpdatedBy == nil || *h.UpdatedBy != w.staff["CS9001"].ID {
			t.Fatal("an edit records who made it")
		}
		if h.Provisional {
			t.Fatal("setting a day by hand confirms it")
		}
		_, err = w.svc.SetHoliday(w.as("CS9001"), "2026-01-04", nil, "", "")
		w.must(err)
		days, err = w.svc.Holidays(w.as("CS1001"), 2026)
		w.must(err)
		if len(days) != 38 {
			t.Errorf("after clearing a day 2026 has %d entries", len(days))
		}
		var n int64
		n, err = d.R.NewSelect().Model((*roster.HolidayDay)(nil)).Count(context.Background())
		w.must(err)
		if n != 39+13-1 { // 2027-02-06 was confirmed in place, 2026-01-04 cleared
			t.Errorf("the defaults must load once: %d rows", n)
		}
	})
}

func TestLateArrivalAndEarlyLeaveAgainstTheRoster(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		punch := func(no string, kind roster.PunchKind, at time.Time) {
			w.now = at
			_, _, err := w.svc.RecordPunch(w.as(no), w.key(), kind, at)
			w.must(err)
		}
		at := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, shanghai) }
		// CS1012 has approved leave on Dec 5: excused, not absent.
		l, _, err := w.svc.RequestLeave(w.as("CS1012"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "ANNUAL"), StartDay: "2026-12-05", EndDay: "2026-12-05", Reason: "休假"})
		w.must(err)
		l, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, l.Version, roster.Approve, "")
		w.must(err)
		_, _, err = w.svc.DecideLeave(w.as("CS3001"), w.key(), l.ID, l.Version, roster.Approve, "")
		w.must(err)
		punch("CS1001", roster.ClockIn, at(3, 9, 3))    // within the 5-minute grace
		punch("CS1001", roster.ClockOut, at(3, 17, 30)) // 30 minutes early
		punch("CS1012", roster.ClockIn, at(3, 9, 20))   // 20 minutes late
		punch("CS1012", roster.ClockOut, at(3, 18, 5))
		w.now = at(3, 23, 0)
		recs, err := w.svc.DepotAttendance(w.as("CS2001"), w.depot, "2026-12-03")
		w.must(err)
		got := map[string]*roster.AttendanceRecord{}
		for _, r := range recs {
			got[r.Assignment.StaffID] = r
		}
		a, b := got[w.staff["CS1001"].ID], got[w.staff["CS1012"].ID]
		if a.LateMinutes != 0 || a.EarlyLeaveMinutes != 30 || b.LateMinutes != 20 || b.EarlyLeaveMinutes != 0 || a.Missing || b.Missing {
			t.Fatalf("CS1001 %+v, CS1012 %+v", a, b)
		}
		// A night shift's clock-out the next morning belongs to it.
		punch("CS1003", roster.ClockIn, at(1, 20, 50))
		punch("CS1003", roster.ClockOut, at(2, 6, 0))
		recs, err = w.svc.DepotAttendance(w.as("CS2001"), w.depot, "2026-12-01")
		w.must(err)
		i := slices.IndexFunc(recs, func(r *roster.AttendanceRecord) bool { return r.Assignment.StaffID == w.staff["CS1003"].ID })
		if recs[i].EarlyLeaveMinutes != 60 || recs[i].LateMinutes != 0 {
			t.Fatalf("night shift: %+v", recs[i])
		}
		j := slices.IndexFunc(recs, func(r *roster.AttendanceRecord) bool { return r.Assignment.StaffID == w.staff["CS1001"].ID })
		if !recs[j].Missing {
			t.Fatal("a shift without a clock-in is missing")
		}
		_, err = w.svc.DepotAttendance(w.as("CS1001"), w.depot, "2026-12-01")
		wantCode(t, err, apperr.Forbidden)
		mine, err := w.svc.MyAttendanceRecords(w.as("CS1012"), "2026-12")
		w.must(err)
		if len(mine) != 16 || mine[1].LateMinutes != 20 {
			t.Fatalf("my records: %d", len(mine))
		}
		w.now = at(6, 12, 0)
		recs, err = w.svc.DepotAttendance(w.as("CS2001"), w.depot, "2026-12-05")
		w.must(err)
		k := slices.IndexFunc(recs, func(r *roster.AttendanceRecord) bool { return r.Assignment.StaffID == w.staff["CS1012"].ID })
		o := slices.IndexFunc(recs, func(r *roster.AttendanceRecord) bool { return r.Assignment.StaffID == w.staff["CS1001"].ID })
		if !recs[k].OnLeave || recs[k].Missing || recs[o].OnLeave || !recs[o].Missing {
			t.Fatalf("approved leave is not absence: CS1012 %+v, CS1001 %+v", recs[k], recs[o])
		}
	})
}
