package roster_test

import (
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/text/texttest"
)

// Every free-text input of the roster (shift type and leave type names, holiday names,
// leave and swap reasons, approvers' comments) goes through the one text rule: NUL, bidi
// overrides and other control characters, blank text where text is required (full-width
// spaces too) and 10,000 characters are BAD_USER_INPUT with the field, on both databases.
func TestEveryRosterFreeTextInputRefusesControlBidiBlankAndOverlongText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		admin, sup, agent := w.as("CS9001"), w.as("CS2001"), w.as("CS1001")
		texttest.Check(t, "name", false, func(v string) error {
			_, err := w.svc.CreateShiftType(sup, roster.NewShiftType{DepotID: w.depot, Code: "LATE", Name: v, StartMinute: 12 * 60, EndMinute: 21 * 60})
			return err
		})
		texttest.Check(t, "name", false, func(v string) error {
			_, err := w.svc.SaveLeaveType(admin, "STUDY", v, "Study leave", false, true)
			return err
		})
		texttest.Check(t, "name", false, func(v string) error {
			_, err := w.svc.SaveLeaveType(admin, "STUDY", "学习假", v, false, true)
			return err
		})
		holiday := roster.Holiday
		texttest.Check(t, "name", false, func(v string) error {
			_, err := w.svc.SetHoliday(admin, "2026-12-25", &holiday, v, "Company Day")
			return err
		})
		texttest.Check(t, "nameEn", true, func(v string) error {
			_, err := w.svc.SetHoliday(admin, "2026-12-25", &holiday, "公司庆典", v)
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := w.svc.RequestLeave(agent, w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "ANNUAL"), StartDay: "2026-12-10", EndDay: "2026-12-10", Reason: v})
			return err
		})
		texttest.Check(t, "reason", true, func(v string) error {
			_, _, err := w.svc.RequestShiftSwap(agent, w.key(), w.proposal("CS1001", 3, "CS1002", 4), v)
			return err
		})
		texttest.Check(t, "comment", false, func(v string) error {
			_, _, err := w.svc.DecideLeave(sup, w.key(), "no-such-leave", 1, roster.Reject, v)
			return err
		})
		texttest.Check(t, "comment", true, func(v string) error {
			_, _, err := w.svc.DecideLeave(sup, w.key(), "no-such-leave", 1, roster.Approve, v)
			return err
		})
		texttest.Check(t, "comment", false, func(v string) error {
			_, _, err := w.svc.DecideShiftSwap(sup, w.key(), "no-such-swap", 1, roster.Reject, v)
			return err
		})
	})
}
