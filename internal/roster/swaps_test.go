package roster_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

func TestShiftSwapRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		holiday := roster.Holiday
		_, err := w.svc.SetHoliday(w.as("CS3001"), "2026-12-25", &holiday, "公司庆典", "")
		w.must(err)
		_, _, err = w.svc.RequestLeave(w.as("CS1012"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-09", EndDay: "2026-12-09", Reason: "家中有事"})
		w.must(err)
		_, _, err = w.svc.RequestLeave(w.as("CS1001"), w.key(), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-16", EndDay: "2026-12-16", Reason: "家中有事"})
		w.must(err)

		cases := []struct {
			name   string
			req    string
			reqDay int
			col    string
			colDay int
			now    time.Time
			want   []apperr.Code
		}{
			{"a swap between free days breaks no rule", "CS1001", 3, "CS1002", 4, time.Time{}, nil},
			{"a swap with oneself is refused", "CS1001", 3, "CS1001", 5, time.Time{}, []apperr.Code{apperr.SwapWithSelf}},
			{"a swap of a shift that has started is refused", "CS1001", 3, "CS1002", 4, time.Date(2026, 12, 3, 9, 30, 0, 0, shanghai), []apperr.Code{apperr.SwapInPast}},
			{"holiday duty cannot be swapped", "CS1001", 25, "CS1002", 26, time.Time{}, []apperr.Code{apperr.SwapHolidayDuty}},
			{"no swap of a day with leave on it", "CS1012", 9, "CS1002", 10, time.Time{}, []apperr.Code{apperr.SwapLeaveConflict}},
			{"no leave on the pay-back day", "CS1001", 15, "CS1002", 16, time.Time{}, []apperr.Code{apperr.SwapLeaveConflict}},
			{"both must be qualified for the shift they take", "CS1001", 21, "CS1003", 20, time.Time{}, []apperr.Code{apperr.SwapNotQualified}},
			{"a swap onto a day one already works is double-booking", "CS1001", 3, "CS1012", 5, time.Time{}, []apperr.Code{apperr.SwapDoubleBooked, apperr.SwapDoubleBooked}},
			{"a night shift overlapping the next early shift is double-booking", "CS1002", 4, "CS1003", 1, time.Time{}, []apperr.Code{apperr.SwapDoubleBooked}},
			{"every broken rule is reported at once", "CS1001", 25, "CS1012", 9, time.Time{}, []apperr.Code{apperr.SwapHolidayDuty, apperr.SwapLeaveConflict, apperr.SwapDoubleBooked, apperr.SwapDoubleBooked}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				saved := w.now
				if !c.now.IsZero() {
					w.now = c.now
				}
				defer func() { w.now = saved }()
				vs, err := w.svc.CheckShiftSwap(w.as(c.req), w.proposal(c.req, c.reqDay, c.col, c.colDay))
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(codes(vs), c.want) {
					t.Fatalf("violations %v, want %v (%+v)", codes(vs), c.want, vs)
				}
				for _, v := range vs {
					if v.ZH == "" || v.EN == "" || v.ZH == v.EN {
						t.Errorf("violation %s lacks an explanation in both languages: %+v", v.Code, v)
					}
				}
				if len(c.want) > 0 {
					_, _, err := w.svc.RequestShiftSwap(w.as(c.req), w.key(), w.proposal(c.req, c.reqDay, c.col, c.colDay), "")
					wantCode(t, err, c.want[0])
				}
			})
		}

		t.Run("a shift of another person cannot be offered", func(t *testing.T) {
			p := w.proposal("CS1001", 3, "CS1002", 4)
			p.RequesterAssignmentID = w.shift("CS1012", 3)
			_, err := w.svc.CheckShiftSwap(w.as("CS1001"), p)
			wantCode(t, err, apperr.BadUserInput)
		})

		t.Run("the fourth swap in a month is refused and consecutive swaps are refused", func(t *testing.T) {
			for _, days := range [][2]int{{1, 2}, {5, 6}, {19, 20}} {
				_, _, err := w.svc.RequestShiftSwap(w.as("CS1001"), w.key(), w.proposal("CS1001", days[0], "CS1002", days[1]), "私事")
				w.must(err)
			}
			vs, err := w.svc.CheckShiftSwap(w.as("CS1001"), w.proposal("CS1001", 27, "CS1002", 28))
			w.must(err)
			if !slices.Contains(codes(vs), apperr.SwapMonthlyLimit) {
				t.Fatalf("fourth swap: %v", codes(vs))
			}
			vs, err = w.svc.CheckShiftSwap(w.as("CS1001"), w.proposal("CS1001", 7, "CS1002", 8))
			w.must(err)
			if !slices.Contains(codes(vs), apperr.SwapConsecutive) {
				t.Fatalf("consecutive swap: %v", codes(vs))
			}
			// The limit is the organisation's: raising it to 4 lets the fourth through.
			st, err := w.svc.Settings(w.as("CS3001"))
			w.must(err)
			four := 4
			_, err = w.svc.UpdateSettings(w.as("CS3001"), roster.SettingsChange{Version: st.Version, MaxSwapsPerMonth: &four})
			w.must(err)
			vs, err = w.svc.CheckShiftSwap(w.as("CS1001"), w.proposal("CS1001", 27, "CS1002", 28))
			w.must(err)
			if len(vs) != 0 {
				t.Fatalf("with a limit of 4: %v", codes(vs))
			}
			_, err = w.svc.UpdateSettings(w.as("CS3001"), roster.SettingsChange{Version: st.Version, MaxSwapsPerMonth: &four})
			wantCode(t, err, apperr.Conflict)
			_, err = w.svc.UpdateSettings(w.as("CS1001"), roster.SettingsChange{Version: st.Version + 1, MaxSwapsPerMonth: &four})
			wantCode(t, err, apperr.Forbidden)
		})
	})
}

func TestShiftSwapFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		in := w.proposal("CS1001", 3, "CS1002", 4)
		key := w.key()
		sw, replayed, err := w.svc.RequestShiftSwap(w.as("CS1001"), key, in, "孩子开家长会")
		w.must(err)
		again, replayed2, err := w.svc.RequestShiftSwap(w.as("CS1001"), key, in, "孩子开家长会")
		w.must(err)
		if replayed || !replayed2 || again.ID != sw.ID {
			t.Fatalf("a retried request must return the first swap: %v %v %s %s", replayed, replayed2, sw.ID, again.ID)
		}
		var n int64
		n, err = d.R.NewSelect().Model((*roster.ShiftSwap)(nil)).Count(context.Background())
		w.must(err)
		if n != 1 {
			t.Fatalf("%d swaps stored after a retry, want 1", n)
		}

		_, _, err = w.svc.DecideShiftSwap(w.as("CS2001"), w.key(), sw.ID, sw.Version, roster.Approve, "")
		wantCode(t, err, apperr.Conflict) // the colleague has not accepted yet
		_, _, err = w.svc.RespondToShiftSwap(w.as("CS1012"), w.key(), sw.ID, sw.Version, true)
		wantCode(t, err, apperr.NotFound) // a colleague who is not a party does not see it
		sw, _, err = w.svc.RespondToShiftSwap(w.as("CS1002"), w.key(), sw.ID, sw.Version, true)
		w.must(err)
		if sw.Status != roster.SwapPendingApproval {
			t.Fatalf("status %s", sw.Status)
		}
		inbox, err := w.svc.Inbox(w.as("CS2001"))
		w.must(err)
		if len(inbox) != 1 || inbox[0].Kind != roster.InboxSwapApproval || len(inbox[0].Conflicts) != 0 || len(inbox[0].SwapsInMonth) != 1 {
			t.Fatalf("supervisor inbox: %+v", inbox)
		}
		_, _, err = w.svc.DecideShiftSwap(w.as("CS2002"), w.key(), sw.ID, sw.Version, roster.Approve, "")
		wantCode(t, err, apperr.NotFound) // another depot's supervisor does not see it
		_, _, err = w.svc.DecideShiftSwap(w.as("CS2001"), w.key(), sw.ID, sw.Version, roster.Reject, "")
		wantCode(t, err, apperr.BadUserInput) // a rejection needs a comment

		// Two approvers at once: one wins, the other gets a clear conflict.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, who := range []string{"CS2001", "CS3001"} {
			wg.Add(1)
			go func(i int, ctx context.Context, key string) {
				defer wg.Done()
				_, _, errs[i] = w.svc.DecideShiftSwap(ctx, key, sw.ID, sw.Version, roster.Approve, "同意")
			}(i, w.as(who), w.key())
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case apperr.Is(err, apperr.Conflict):
				conflicts++
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("want one success and one conflict, got %v", errs)
		}
		// The roster changed atomically: each now works the other's shift.
		if w.shift("CS1001", 4) == "" || w.shift("CS1002", 3) == "" {
			t.Fatal("roster not swapped")
		}
		var count int64
		count, err = d.R.NewSelect().Model((*roster.Assignment)(nil)).Where("staff_id = ? AND day = ?", w.staff["CS1001"].ID, "2026-12-03").Count(context.Background())
		w.must(err)
		if count != 0 {
			t.Fatal("CS1001 still holds Dec 3")
		}
		// A request changed after approval is refused, and nothing is written.
		_, _, err = w.svc.RespondToShiftSwap(w.as("CS1002"), w.key(), sw.ID, sw.Version+1, false)
		wantCode(t, err, apperr.Conflict)
		_, _, err = w.svc.DecideShiftSwap(w.as("CS2001"), w.key(), sw.ID, sw.Version+2, roster.Reject, "改主意了")
		wantCode(t, err, apperr.Conflict)
		notes, err := w.svc.MyNotifications(w.as("CS1001"), 10, true)
		w.must(err)
		if len(notes) == 0 || notes[0].Kind != "SWAP_APPROVED" {
			t.Fatalf("requester not told of the approval: %+v", notes)
		}
	})
}

func TestApprovalReChecksRulesAndRosterChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		sw, _, err := w.svc.RequestShiftSwap(w.as("CS1001"), w.key(), w.proposal("CS1001", 3, "CS1002", 4), "")
		w.must(err)
		sw, _, err = w.svc.RespondToShiftSwap(w.as("CS1002"), w.key(), sw.ID, sw.Version, true)
		w.must(err)
		// The supervisor moves CS1002 to the early shift on Dec 4 after the request.
		_, _, err = w.svc.AssignShifts(w.as("CS2001"), w.key(), w.depot, "2026-12",
			[]roster.AssignmentInput{{StaffID: w.staff["CS1002"].ID, Day: "2026-12-04", ShiftTypeID: w.types["EARLY"].ID}})
		w.must(err)
		_, _, err = w.svc.DecideShiftSwap(w.as("CS2001"), w.key(), sw.ID, sw.Version, roster.Approve, "")
		wantCode(t, err, apperr.Conflict)
		got, err := w.svc.SwapsByIDs(w.as("CS2001"), []string{sw.ID})
		w.must(err)
		if got[0].Status != roster.SwapPendingApproval {
			t.Fatalf("a refused approval must write nothing, status %s", got[0].Status)
		}
		notes, err := w.svc.MyNotifications(w.as("CS1002"), 10, false)
		w.must(err)
		if !slices.ContainsFunc(notes, func(n *roster.Notification) bool { return n.Kind == "ROSTER_CHANGED" }) {
			t.Fatal("a change to a published roster must notify the person")
		}
	})
}
