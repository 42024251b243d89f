package roster_test

import (
	"context"
	"slices"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// rowCounts counts the rows a leave request, a swap or a notification would add.
func rowCounts(t *testing.T, d *db.DB) [4]int64 {
	t.Helper()
	var out [4]int64
	for i, table := range []string{"leave_requests", "leave_approvals", "roster_notifications", "shift_swaps"} {
		n, err := d.R.NewSelect().Table(table).Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out[i] = n
	}
	return out
}

// The dry run and the request share one rule list: for every rule, CheckLeave reports
// exactly the violations (codes and days) that RequestLeave then refuses with, and writes
// nothing; a request it passes is accepted.
func TestCheckLeaveAgreesWithRequestLeave(t *testing.T) {
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

		type want struct {
			code apperr.Code
			day  string
		}
		cases := []struct {
			name, who, typ, from, to string
			want                     []want
		}{
			{"leave without rule problems passes both", "CS1001", "ANNUAL", "2026-12-07", "2026-12-08", nil},
			{"LEAVE_NIGHT_SHIFT: no leave on a night shift", "CS1003", "ANNUAL", "2026-12-01", "2026-12-02",
				[]want{{apperr.LeaveNightShift, "2026-12-01"}, {apperr.LeaveNightShift, "2026-12-02"}}},
			{"LEAVE_HOLIDAY_DUTY: no leave on holiday duty", "CS1012", "PERSONAL", "2026-12-25", "2026-12-25",
				[]want{{apperr.LeaveHolidayDuty, "2026-12-25"}}},
			{"LEAVE_ON_SWAP_DAY: no leave on a day of a pending swap", "CS1002", "PERSONAL", "2026-12-03", "2026-12-04",
				[]want{{apperr.LeaveOnSwapDay, "2026-12-03"}, {apperr.LeaveOnSwapDay, "2026-12-04"}}},
			{"LEAVE_NOT_IN_ADVANCE: annual leave is asked ahead", "CS1002", "ANNUAL", "2026-11-10", "2026-11-10",
				[]want{{apperr.LeaveNotInAdvance, "2026-11-10"}}},
			{"LEAVE_OVERLAP: no second request on the same days", "CS1012", "PERSONAL", "2026-12-14", "2026-12-15",
				[]want{{apperr.LeaveOverlap, "2026-12-14"}}},
			{"LEAVE_BALANCE_EXCEEDED: beyond the balance", "CS1010", "ANNUAL", "2026-12-07", "2026-12-07",
				[]want{{apperr.LeaveBalanceExceeded, ""}}},
			{"LEAVE_NO_APPROVER: the top of the chain", "CS3000", "PERSONAL", "2026-12-07", "2026-12-07",
				[]want{{apperr.LeaveNoApprover, ""}}},
			{"every rule broken at once is reported", "CS1003", "ANNUAL", "2026-11-10", "2026-12-02",
				[]want{{apperr.LeaveNotInAdvance, "2026-11-10"}, {apperr.LeaveNightShift, "2026-12-01"}, {apperr.LeaveNightShift, "2026-12-02"}, {apperr.LeaveBalanceExceeded, ""}}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := roster.LeaveInput{LeaveTypeID: leaveType(w, c.typ), StartDay: c.from, EndDay: c.to, Reason: "测试事由"}
				before := rowCounts(t, d)
				vs, err := w.svc.CheckLeave(w.as(c.who), in)
				w.must(err)
				if after := rowCounts(t, d); after != before {
					t.Fatalf("the dry run wrote: %v → %v", before, after)
				}
				var got []want
				for _, v := range vs {
					got = append(got, want{v.Code, v.Day})
					if v.ZH == "" || v.EN == "" {
						t.Errorf("violation without explanation: %+v", v)
					}
				}
				if !slices.Equal(got, c.want) {
					t.Fatalf("checkLeave %v, want %v", got, c.want)
				}

				_, _, err = w.svc.RequestLeave(w.as(c.who), w.key(), in)
				if c.want == nil {
					w.must(err)
					return
				}
				wantCode(t, err, c.want[0].code)
				if after := rowCounts(t, d); after != before {
					t.Fatalf("a refused request wrote: %v → %v", before, after)
				}
				var refused []want
				for _, v := range err.(*apperr.Error).Extra["violations"].([]map[string]string) {
					refused = append(refused, want{apperr.Code(v["code"]), v["day"]})
				}
				if !slices.Equal(refused, got) {
					t.Fatalf("requestLeave refused with %v, checkLeave said %v", refused, got)
				}
			})
		}
		t.Run("after the request the dry run sees the overlap", func(t *testing.T) {
			vs, err := w.svc.CheckLeave(w.as("CS1001"), roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-08", EndDay: "2026-12-08"})
			w.must(err)
			if !slices.Equal(codes(vs), []apperr.Code{apperr.LeaveOverlap}) {
				t.Fatalf("got %v", codes(vs))
			}
		})
		t.Run("bad input is refused, not reported as a rule", func(t *testing.T) {
			for _, in := range []roster.LeaveInput{
				{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-09", EndDay: "2026-12-08"},
				{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-01", EndDay: "2027-04-01"},
				{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-1", EndDay: "2026-12-08"},
				{LeaveTypeID: "no-such-type", StartDay: "2026-12-08", EndDay: "2026-12-08"},
			} {
				_, err := w.svc.CheckLeave(w.as("CS1001"), in)
				wantCode(t, err, apperr.BadUserInput)
			}
		})
	})
}

// The dry run is always about the caller: another depot's agent checking the days of
// CS1003's night shifts learns nothing of them (no staff can be named), a partner and an
// anonymous caller are refused.
func TestCheckLeaveReach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		in := roster.LeaveInput{LeaveTypeID: leaveType(w, "PERSONAL"), StartDay: "2026-12-01", EndDay: "2026-12-02"}
		vs, err := w.svc.CheckLeave(w.as("CS1003"), in)
		w.must(err)
		if len(vs) != 2 {
			t.Fatalf("CS1003's own night shifts: %v", codes(vs))
		}
		t.Run("another depot's agent checks only their own days", func(t *testing.T) {
			vs, err := w.svc.CheckLeave(w.as("CS1004"), in)
			w.must(err)
			if len(vs) != 0 {
				t.Fatalf("CS1004 (SH-XH-02) must not see CS1003's rules: %v", codes(vs))
			}
		})
		t.Run("another depot's supervisor checks only their own days", func(t *testing.T) {
			vs, err := w.svc.CheckLeave(w.as("CS2002"), in)
			w.must(err)
			if len(vs) != 0 {
				t.Fatalf("CS2002 must not see CS1003's rules: %v", codes(vs))
			}
		})
		t.Run("a partner is refused", func(t *testing.T) {
			p := &identity.Principal{Kind: identity.KindPartner, ID: "partner-1", Roles: []identity.Role{identity.RolePartner}}
			_, err := w.svc.CheckLeave(identity.WithPrincipal(context.Background(), p), in)
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("no caller is refused", func(t *testing.T) {
			_, err := w.svc.CheckLeave(context.Background(), in)
			wantCode(t, err, apperr.Unauthenticated)
		})
	})
}
