package roster_test

import (
	"slices"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

func TestLeaveRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		holiday := roster.Holiday
		_, err := w.svc.SetHoliday(w.as("CS9001"), "2026-12-25", &holiday, "公司庆典", "")
		w.must(err)
		_, _, err = w.svc.RequestShiftSwap(w.as("CS1001"), w.key(), w.proposal("CS1001", 3, "CS1002", 4), "")
		w.must(err)
		_, _, err = w.svc.RequestLeave(w.as("CS1012"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "ANNUAL"), StartDay: "2026-12-13", EndDay: "2026-12-14", Reason: "回老家"})
		w.must(err)

		cases := []struct {
			name, who, typ, from, to string
			want                     []apperr.Code
		}{
			{"leave on a day without rule problems is accepted", "CS1001", "ANNUAL", "2026-12-07", "2026-12-08", nil},
			{"no leave on a night shift", "CS1003", "ANNUAL", "2026-12-01", "2026-12-01", []apperr.Code{apperr.LeaveNightShift}},
			{"no leave on holiday duty", "CS1012", "ANNUAL", "2026-12-25", "2026-12-25", []apperr.Code{apperr.LeaveHolidayDuty}},
			{"no leave on a swapped day", "CS1001", "ANNUAL", "2026-12-03", "2026-12-03", []apperr.Code{apperr.LeaveOnSwapDay}},
			{"no leave on the pay-back day", "CS1002", "ANNUAL", "2026-12-03", "2026-12-04", []apperr.Code{apperr.LeaveOnSwapDay, apperr.LeaveOnSwapDay}},
			{"annual leave must be requested in advance", "CS1002", "ANNUAL", "2026-11-10", "2026-11-10", []apperr.Code{apperr.LeaveNotInAdvance}},
			{"sick leave may start today", "CS1002", "SICK", "2026-11-10", "2026-11-10", nil},
			{"leave overlapping one's own leave is refused", "CS1012", "PERSONAL", "2026-12-14", "2026-12-15", []apperr.Code{apperr.LeaveOverlap}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := w.svc.RequestLeave(w.as(c.who), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, c.typ), StartDay: c.from, EndDay: c.to, Reason: "测试事由"})
				if c.want == nil {
					w.must(err)
					return
				}
				wantCode(t, err, c.want[0])
				ae := err.(*apperr.Error)
				vs := ae.Extra["violations"].([]map[string]string)
				var got []apperr.Code
				for _, v := range vs {
					got = append(got, apperr.Code(v["code"]))
					if v["zh"] == "" || v["en"] == "" {
						t.Errorf("violation without explanation: %v", v)
					}
				}
				if !slices.Equal(got, c.want) {
					t.Fatalf("violations %v, want %v", got, c.want)
				}
			})
		}
		t.Run("the top of the chain has no approver", func(t *testing.T) {
			_, _, err := w.svc.RequestLeave(w.as("CS3000"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "ANNUAL"), StartDay: "2026-12-07", EndDay: "2026-12-07", Reason: "休假"})
			wantCode(t, err, apperr.LeaveNoApprover)
		})
	})
}

func TestLeaveIsApprovedLevelByLevel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		r := w.december()
		key := w.key()
		in := roster.LeaveInput{LeaveTypeID: leaveType(w, "MARRIAGE"), StartDay: "2026-12-29", EndDay: "2026-12-30", Reason: "结婚"}
		l, _, err := w.svc.RequestLeave(w.as("CS1001"), key, in)
		w.must(err)
		again, replayed, err := w.svc.RequestLeave(w.as("CS1001"), key, in)
		w.must(err)
		if !replayed || again.ID != l.ID {
			t.Fatal("a retried leave request must return the first")
		}
		if l.Levels != 2 || l.CurrentLevel != 1 {
			t.Fatalf("levels %d current %d", l.Levels, l.CurrentLevel)
		}
		_, _, err = w.svc.DecideLeave(w.as("CS3001"), w.key(), l.ID, l.Version, roster.Approve, "")
		wantCode(t, err, apperr.LeaveLevelSkipped)
		_, _, err = w.svc.DecideLeave(w.as("CS3000"), w.key(), l.ID, l.Version, roster.Approve, "")
		wantCode(t, err, apperr.Forbidden)
		l, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, l.Version, roster.Approve, "同意")
		w.must(err)
		if l.CurrentLevel != 2 || l.Status != roster.LeavePending {
			t.Fatalf("after level 1: %+v", l)
		}
		_, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, l.Version, roster.Approve, "")
		wantCode(t, err, apperr.Conflict)
		inbox, err := w.svc.Inbox(w.as("CS3001"))
		w.must(err)
		if len(inbox) != 1 || inbox[0].Kind != roster.InboxLeave || len(inbox[0].Coverage) != 1 {
			t.Fatalf("manager inbox: %+v", inbox)
		}
		l, _, err = w.svc.DecideLeave(w.as("CS3001"), w.key(), l.ID, l.Version, roster.Approve, "")
		w.must(err)
		if l.Status != roster.LeaveApproved {
			t.Fatalf("status %s", l.Status)
		}
		_, _, err = w.svc.DecideLeave(w.as("CS3001"), w.key(), l.ID, l.Version, roster.Reject, "撤回")
		wantCode(t, err, apperr.Conflict)
		shown, err := w.svc.ApprovedLeaveOfRosters(w.as("CS2001"), []string{r.ID})
		w.must(err)
		if len(shown[r.ID]) != 1 {
			t.Fatal("the roster must show approved leave")
		}
		// Approved leave takes the person off duty.
		w.now = time.Date(2026, 12, 29, 10, 0, 0, 0, shanghai)
		on, err := w.svc.OnDutyNow(w.as("CS2001"), w.depot)
		w.must(err)
		if slices.ContainsFunc(on, func(a *roster.Assignment) bool { return a.StaffID == w.staff["CS1001"].ID }) {
			t.Fatal("a person on leave is not on duty")
		}
	})
}

func TestAbsentApproverIsCoveredByDelegateNeverSkipped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		_, err := w.svc.SetDelegate(w.as("CS3001"), w.staff["CS3002"].ID)
		w.must(err)
		_, err = w.svc.SetDelegate(w.as("CS3001"), w.staff["CS3001"].ID)
		wantCode(t, err, apperr.BadUserInput)
		l, _, err := w.svc.RequestLeave(w.as("CS1012"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-08", EndDay: "2026-12-08", Reason: "办事"})
		w.must(err)
		l, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, l.Version, roster.Approve, "")
		w.must(err)
		_, _, err = w.svc.DecideLeave(w.as("CS3002"), w.key(), l.ID, l.Version, roster.Approve, "")
		wantCode(t, err, apperr.Forbidden) // the approver is at work
		_, _, err = w.svc.DecideLeave(w.as("CS3000"), w.key(), l.ID, l.Version, roster.Approve, "")
		wantCode(t, err, apperr.Forbidden) // the level above never stands in
		sick, _, err := w.svc.RequestLeave(w.as("CS3001"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "SICK"), StartDay: "2026-11-10", EndDay: "2026-11-12", Reason: "发烧"})
		w.must(err)
		_, _, err = w.svc.DecideLeave(w.as("CS3000"), w.key(), sick.ID, sick.Version, roster.Approve, "")
		w.must(err)
		inbox, err := w.svc.Inbox(w.as("CS3002"))
		w.must(err)
		if len(inbox) != 1 || inbox[0].OnBehalfOf == nil || *inbox[0].OnBehalfOf != w.staff["CS3001"].ID {
			t.Fatalf("delegate inbox: %+v", inbox)
		}
		l, _, err = w.svc.DecideLeave(w.as("CS3002"), w.key(), l.ID, l.Version, roster.Approve, "代审批")
		w.must(err)
		if l.Status != roster.LeaveApproved {
			t.Fatalf("status %s", l.Status)
		}
	})
}
