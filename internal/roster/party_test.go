package roster_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/today"
)

// 刘强 approves 王芳's leave first; he named her his delegate and is away, so the
// delegate would be deciding her own case. It goes one level up, to 郑涛.
func TestNoOneDecidesTheirOwnLeaveEvenAsDelegate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.now = time.Date(2026, 11, 1, 10, 0, 0, 0, shanghai)
		annual := leaveType(w, "ANNUAL")
		away, _, err := w.svc.RequestLeave(w.as("CS3001"), w.key(), roster.LeaveInput{LeaveTypeID: annual, StartDay: "2026-11-10", EndDay: "2026-11-10", Reason: "休假"})
		w.must(err)
		_, _, err = w.svc.DecideLeave(w.as("CS3000"), w.key(), away.ID, away.Version, roster.Approve, "")
		w.must(err)
		_, err = w.svc.SetDelegate(w.as("CS3001"), w.staff["CS2001"].ID)
		w.must(err)
		own, _, err := w.svc.RequestLeave(w.as("CS2001"), w.key(), roster.LeaveInput{LeaveTypeID: annual, StartDay: "2026-11-20", EndDay: "2026-11-20", Reason: "探亲"})
		w.must(err)

		w.now = time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai) // 刘强 is on leave today
		_, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), own.ID, own.Version, roster.Approve, "")
		wantCode(t, err, apperr.PartyCannotDecide)
		inbox, err := w.svc.Inbox(w.as("CS2001"))
		w.must(err)
		for _, it := range inbox {
			if it.Leave != nil && it.Leave.ID == own.ID {
				t.Fatal("王芳's inbox lists her own leave")
			}
		}
		inbox, err = w.svc.Inbox(w.as("CS3000"))
		w.must(err)
		var found *roster.InboxItem
		for _, it := range inbox {
			if it.Leave != nil && it.Leave.ID == own.ID {
				found = it
			}
		}
		if found == nil || found.OnBehalfOf == nil || *found.OnBehalfOf != w.staff["CS3001"].ID {
			t.Fatalf("郑涛 does not see the leave he stands in for: %+v", found)
		}
		// The badge counts it for him as the inbox lists it, and not for her.
		counts := &today.Service{DB: d, Zone: shanghai, Now: func() time.Time { return w.now }}
		for no, want := range map[string]int{"CS3000": 1, "CS2001": 0} {
			c, err := counts.Mine(w.as(no))
			w.must(err)
			if c.ApprovalsWaiting != want {
				t.Fatalf("%s's approvals badge is %d, want %d", no, c.ApprovalsWaiting, want)
			}
		}
		_, _, err = w.svc.DecideLeave(w.as("CS2002"), w.key(), own.ID, own.Version, roster.Approve, "")
		wantCode(t, err, apperr.NotFound) // another depot's supervisor does not see it
		l, _, err := w.svc.DecideLeave(w.as("CS3000"), w.key(), own.ID, own.Version, roster.Approve, "")
		w.must(err)
		if l.CurrentLevel != 2 || l.Status != roster.LeavePending {
			t.Fatalf("郑涛 stood in for level 1: %+v", l)
		}
	})
}

// A swap between two agents is the depot supervisor's to decide; her own swap is not.
func TestASwapGoesUpOnlyWhenEverySupervisorIsAParty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		sw, _, err := w.svc.RequestShiftSwap(w.as("CS1001"), w.key(), w.proposal("CS1001", 3, "CS1002", 4), "私事")
		w.must(err)
		sw, _, err = w.svc.RespondToShiftSwap(w.as("CS1002"), w.key(), sw.ID, sw.Version, true)
		w.must(err)
		if sw.ApproverUnitID != nil {
			t.Fatalf("a swap of two agents went up to %s", *sw.ApproverUnitID)
		}
		_, _, err = w.svc.DecideShiftSwap(w.as("CS1002"), w.key(), sw.ID, sw.Version, roster.Approve, "")
		wantCode(t, err, apperr.PartyCannotDecide)
		_, _, err = w.svc.DecideShiftSwap(w.as("CS2001"), w.key(), sw.ID, sw.Version, roster.Approve, "")
		w.must(err)
	})
}
