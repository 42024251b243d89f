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

func TestCoverCandidatesForANightShift(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		// Leave on CS1003's night shift is refused: the app offers a cover swap instead.
		_, _, err := w.svc.RequestLeave(w.as("CS1003"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-01", EndDay: "2026-12-01", Reason: "家中有事"})
		wantCode(t, err, apperr.LeaveNightShift)
		// CS1012 is on leave on Dec 1, so cannot take that night.
		_, _, err = w.svc.RequestLeave(w.as("CS1012"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-01", EndDay: "2026-12-01", Reason: "看病"})
		w.must(err)
		// CS1003 also works the Dec 31 night, when every colleague's last shift has begun.
		_, _, err = w.svc.AssignShifts(w.as("CS2001"), w.key(), w.depot, "2026-12",
			[]roster.AssignmentInput{{StaffID: w.staff["CS1003"].ID, Day: "2026-12-31", ShiftTypeID: w.types["NIGHT"].ID}})
		w.must(err)

		cases := []struct {
			name    string
			day     int
			now     time.Time
			col     string
			payBack []string // days; nil when excluded
			reason  apperr.Code
		}{
			{"a free colleague is offered with the shifts they could be paid back", 1, time.Time{}, "CS1001", []string{"2026-12-01"}, ""},
			{"a colleague on leave that day is excluded", 1, time.Time{}, "CS1012", nil, apperr.SwapLeaveConflict},
			{"a colleague whose next shift would overlap the night is excluded as double-booked", 1, time.Time{}, "CS1002", nil, apperr.SwapDoubleBooked},
			{"a colleague not qualified for the shift is excluded", 20, time.Time{}, "CS1001", nil, apperr.SwapNotQualified},
			{"a colleague with no shift left in the month is excluded", 31, time.Date(2026, 12, 31, 10, 0, 0, 0, shanghai), "CS1002", nil, apperr.CoverNoPayBackShift},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				saved := w.now
				if !c.now.IsZero() {
					w.now = c.now
				}
				defer func() { w.now = saved }()
				got, err := w.svc.CoverCandidates(w.as("CS1003"), w.shift("CS1003", c.day))
				w.must(err)
				i := slices.IndexFunc(got, func(cc *roster.CoverCandidate) bool { return cc.Colleague.EmployeeNo == c.col })
				if i < 0 {
					t.Fatalf("%s not listed", c.col)
				}
				cand := got[i]
				var days []string
				for _, a := range cand.PayBack {
					days = append(days, a.Day)
				}
				if !slices.Equal(days, c.payBack) || cand.Available() != (c.payBack != nil) {
					t.Fatalf("pay-back days %v, want %v", days, c.payBack)
				}
				if c.reason == "" && len(cand.Reasons) != 0 {
					t.Fatalf("an available colleague has reasons: %+v", cand.Reasons)
				}
				if c.reason != "" && !slices.Contains(codes(cand.Reasons), c.reason) {
					t.Fatalf("reasons %v, want %s", codes(cand.Reasons), c.reason)
				}
				for _, v := range cand.Reasons {
					if v.ZH == "" || v.EN == "" || v.ZH == v.EN {
						t.Errorf("reason %s lacks an explanation in both languages", v.Code)
					}
				}
			})
		}

		t.Run("only rostered colleagues are listed, available first", func(t *testing.T) {
			got, err := w.svc.CoverCandidates(w.as("CS1003"), w.shift("CS1003", 1))
			w.must(err)
			var nos []string
			for _, c := range got {
				nos = append(nos, c.Colleague.EmployeeNo)
			}
			if !slices.Equal(nos, []string{"CS1001", "CS1002", "CS1012"}) {
				t.Fatalf("candidates %v", nos)
			}
		})

		t.Run("only the shift's owner may look for cover", func(t *testing.T) {
			_, err := w.svc.CoverCandidates(w.as("CS1001"), w.shift("CS1003", 1))
			wantCode(t, err, apperr.Forbidden)
			_, err = w.svc.CoverCandidates(w.as("CS1003"), "no-such-shift")
			wantCode(t, err, apperr.NotFound)
		})

		t.Run("a candidate's pay-back shift makes a swap request that is accepted", func(t *testing.T) {
			got, err := w.svc.CoverCandidates(w.as("CS1003"), w.shift("CS1003", 1))
			w.must(err)
			c := got[0]
			sw, _, err := w.svc.RequestShiftSwap(w.as("CS1003"), w.key(), roster.SwapProposal{RequesterAssignmentID: w.shift("CS1003", 1),
				ColleagueID: c.Colleague.ID, ColleagueAssignmentID: c.PayBack[0].ID}, "夜班找人顶班")
			w.must(err)
			if sw.Status != roster.SwapPendingColleague || sw.ColleagueID != w.staff["CS1001"].ID {
				t.Fatalf("swap %+v", sw)
			}
		})
	})
}
