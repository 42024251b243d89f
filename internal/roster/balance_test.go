package roster_test

import (
	"context"
	"encoding/csv"
	"strings"
	"sync"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
)

func TestAnnualLeaveTiersOfService(t *testing.T) {
	day := func(s string) *string { return &s }
	cases := []struct {
		name  string
		start *string
		year  int
		want  int
	}{
		{"under a year of service: no annual leave", day("2026-03-02"), 2026, 0},
		{"unknown start of work counts as under a year", nil, 2026, 0},
		{"a year reached after 1 January counts from the next year", day("2025-03-01"), 2026, 0},
		{"one full year on 1 January: 5 days", day("2025-01-01"), 2026, 5},
		{"1 to under 10 years: 5 days", day("2021-03-01"), 2026, 5},
		{"10 to under 20 years: 10 days", day("2014-07-01"), 2026, 10},
		{"20 years and more: 15 days", day("2004-09-01"), 2026, 15},
		{"just under 20 years stays at 10 days", day("2006-06-01"), 2026, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := roster.AnnualLeaveDays(roster.YearsOfService(c.start, c.year)); got != c.want {
				t.Fatalf("got %d days, want %d", got, c.want)
			}
		})
	}
}

// balanceOf returns no's balance of a leave type code in 2026.
func balanceOf(w *world, no, code string) *roster.LeaveBalance {
	w.t.Helper()
	bs, err := w.svc.MyLeaveBalances(w.as(no), 2026)
	w.must(err)
	for _, b := range bs {
		if b.LeaveType.Code == code {
			return b
		}
	}
	return nil
}

func TestLeaveBalanceRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		annual := leaveType(w, "ANNUAL")
		ask := func(no, typ, from, to string) (*roster.LeaveRequest, error) {
			l, _, err := w.svc.RequestLeave(w.as(no), w.key(), roster.LeaveInput{LeaveTypeID: typ, StartDay: from, EndDay: to, Reason: "休假"})
			return l, err
		}
		approve := func(l *roster.LeaveRequest, who string) (*roster.LeaveRequest, error) {
			l, _, err := w.svc.DecideLeave(w.as(who), w.key(), l.ID, l.Version, roster.Approve, "")
			return l, err
		}
		want := func(t *testing.T, b *roster.LeaveBalance, ent, carried, used, pending, remaining int) {
			t.Helper()
			if b == nil || b.Entitlement != ent || b.Carried != carried || b.Used != used || b.Pending != pending || b.Remaining != remaining {
				t.Fatalf("balance %+v, want entitlement %d carried %d used %d pending %d remaining %d", b, ent, carried, used, pending, remaining)
			}
		}

		t.Run("public holidays and rest days are not counted", func(t *testing.T) {
			holiday := roster.Holiday
			_, err := w.svc.SetHoliday(w.as("CS9001"), "2026-12-09", &holiday, "公司庆典", "Company day")
			w.must(err)
			n, err := w.svc.RequestDays(w.as("CS1001"), annual, "2026-12-07", "2026-12-13")
			w.must(err)
			if n != 4 {
				t.Fatalf("Mon 7 to Sun 13 with a holiday on Wed 9 counts %d days, want 4", n)
			}
			n, err = w.svc.RequestDays(w.as("CS1001"), leaveType(w, "MATERNITY"), "2026-12-07", "2026-12-13")
			w.must(err)
			if n != 7 {
				t.Fatalf("maternity leave counts calendar days: got %d, want 7", n)
			}
		})
		t.Run("statutory defaults before anyone asks", func(t *testing.T) {
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 0, 0, 5)
			want(t, balanceOf(w, "CS1002", "ANNUAL"), 15, 0, 0, 0, 15)
			want(t, balanceOf(w, "CS1010", "ANNUAL"), 0, 0, 0, 0, 0)
			want(t, balanceOf(w, "CS1002", "MARRIAGE"), 3, 0, 0, 0, 3)
			if balanceOf(w, "CS1002", "PERSONAL") != nil {
				t.Fatal("personal leave has no national entitlement and is not counted")
			}
		})
		var first *roster.LeaveRequest
		t.Run("a request is pending against the balance, approval deducts it", func(t *testing.T) {
			l, err := ask("CS1001", annual, "2026-12-07", "2026-12-08")
			w.must(err)
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 0, 2, 3)
			l, err = approve(l, "CS2001")
			w.must(err)
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 0, 2, 3)
			l, err = approve(l, "CS3001")
			w.must(err)
			if l.Status != roster.LeaveApproved {
				t.Fatalf("status %s", l.Status)
			}
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 2, 0, 3)
			first = l
		})
		t.Run("withdrawing a request restores the days", func(t *testing.T) {
			l, err := ask("CS1001", annual, "2026-12-15", "2026-12-15")
			w.must(err)
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 2, 1, 2)
			_, _, err = w.svc.CancelLeave(w.as("CS1001"), w.key(), l.ID, l.Version)
			w.must(err)
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 2, 0, 3)
		})
		t.Run("a rejected request takes nothing", func(t *testing.T) {
			l, err := ask("CS1001", annual, "2026-12-16", "2026-12-16")
			w.must(err)
			_, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, l.Version, roster.Reject, "人手不足")
			w.must(err)
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 2, 0, 3)
		})
		t.Run("a request beyond the balance is refused and changes nothing", func(t *testing.T) {
			before, err := w.svc.MyLeave(w.as("CS1001"), "2026-12")
			w.must(err)
			_, err = ask("CS1001", annual, "2026-12-21", "2026-12-24")
			wantCode(t, err, apperr.LeaveBalanceExceeded)
			ae := err.(*apperr.Error)
			if ae.Detail == nil || !strings.Contains(ae.Detail.ZH, "还剩 3 天") || !strings.Contains(ae.Detail.EN, "3 day(s) left") {
				t.Fatalf("explanation %+v", ae.Detail)
			}
			after, err := w.svc.MyLeave(w.as("CS1001"), "2026-12")
			w.must(err)
			if len(after) != len(before) {
				t.Fatal("a refused request must not be stored")
			}
			want(t, balanceOf(w, "CS1001", "ANNUAL"), 5, 0, 2, 0, 3)
		})
		t.Run("under a year of service annual leave is refused", func(t *testing.T) {
			_, err := ask("CS1010", annual, "2026-12-07", "2026-12-07")
			wantCode(t, err, apperr.LeaveBalanceExceeded)
		})
		t.Run("types without an entitlement are not limited", func(t *testing.T) {
			_, err := ask("CS1010", leaveType(w, "PERSONAL"), "2026-12-07", "2026-12-11")
			w.must(err)
		})
		t.Run("the approver sees the requester's balance on the request", func(t *testing.T) {
			bs, err := w.svc.BalancesOfLeaves(context.Background(), []string{first.ID})
			w.must(err)
			want(t, bs[first.ID], 5, 0, 2, 0, 3)
		})
		t.Run("carry-over is capped by the setting, none by default", func(t *testing.T) {
			want(t, balanceOf(w, "CS1002", "ANNUAL"), 15, 0, 0, 0, 15)
			_, err := w.svc.SaveLeaveEntitlement(w.as("CS9001"), roster.EntitlementChange{LeaveTypeID: annual, MaxCarryDays: 3})
			w.must(err)
			// CS1002 used none of 2025's 15 days: 3 of them move into 2026.
			want(t, balanceOf(w, "CS1002", "ANNUAL"), 15, 3, 0, 0, 18)
		})
		t.Run("an organisation extends marriage leave", func(t *testing.T) {
			ten := 10
			_, err := w.svc.SaveLeaveEntitlement(w.as("CS9001"), roster.EntitlementChange{LeaveTypeID: leaveType(w, "MARRIAGE"), Days: &ten})
			w.must(err)
			want(t, balanceOf(w, "CS1002", "MARRIAGE"), 10, 0, 0, 0, 10)
		})
	})
}

func TestLeaveEntitlementSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		annual, marriage := leaveType(w, "ANNUAL"), leaveType(w, "MARRIAGE")
		neg, huge, five := -1, 366, 5
		cases := []struct {
			name string
			who  string
			in   roster.EntitlementChange
			want apperr.Code
		}{
			{"annual leave days are statutory and cannot be set", "CS9001", roster.EntitlementChange{LeaveTypeID: annual, Days: &five}, apperr.BadUserInput},
			{"negative days are refused", "CS9001", roster.EntitlementChange{LeaveTypeID: marriage, Days: &neg}, apperr.BadUserInput},
			{"more than a year of days is refused", "CS9001", roster.EntitlementChange{LeaveTypeID: marriage, Days: &huge}, apperr.BadUserInput},
			{"a huge carry-over is refused", "CS9001", roster.EntitlementChange{LeaveTypeID: annual, MaxCarryDays: 1 << 40}, apperr.BadUserInput},
			{"an unknown leave type is refused", "CS9001", roster.EntitlementChange{LeaveTypeID: "x\x00\u202e"}, apperr.BadUserInput},
			{"an agent may not change entitlements", "CS1001", roster.EntitlementChange{LeaveTypeID: marriage, Days: &five}, apperr.Forbidden},
			{"a supervisor may not change entitlements", "CS2001", roster.EntitlementChange{LeaveTypeID: marriage, Days: &five}, apperr.Forbidden},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.svc.SaveLeaveEntitlement(w.as(c.who), c.in)
				wantCode(t, err, c.want)
			})
		}
		t.Run("two admins saving at once: one wins, the other gets CONFLICT", func(t *testing.T) {
			_, err := w.svc.SaveLeaveEntitlement(w.as("CS9001"), roster.EntitlementChange{LeaveTypeID: marriage, Days: &five})
			w.must(err)
			_, err = w.svc.SaveLeaveEntitlement(w.as("CS3000"), roster.EntitlementChange{LeaveTypeID: marriage, Days: &five})
			wantCode(t, err, apperr.Conflict)
			e, err := w.svc.SaveLeaveEntitlement(w.as("CS3000"), roster.EntitlementChange{LeaveTypeID: marriage, Days: &five, Version: 1})
			w.must(err)
			_, err = w.svc.SaveLeaveEntitlement(w.as("CS9001"), roster.EntitlementChange{LeaveTypeID: marriage, Version: 1})
			wantCode(t, err, apperr.Conflict)
			if e.Setting.Version != 2 {
				t.Fatalf("version %d", e.Setting.Version)
			}
		})
		t.Run("a year out of range is refused", func(t *testing.T) {
			_, err := w.svc.MyLeaveBalances(w.as("CS1001"), 1<<30)
			wantCode(t, err, apperr.BadUserInput)
		})
	})
}

func TestConcurrentApprovalsCannotOverdrawTheBalance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.december()
		annual := leaveType(w, "ANNUAL")
		// Two 3-day requests fit while the company grants 2 extra days (7); the extra
		// days are then withdrawn (5), so the two together exceed the balance.
		_, err := w.svc.SaveLeaveEntitlement(w.as("CS9001"), roster.EntitlementChange{LeaveTypeID: annual, ExtraDays: 2})
		w.must(err)
		var ls []*roster.LeaveRequest
		for _, days := range [][2]string{{"2026-12-07", "2026-12-09"}, {"2026-12-14", "2026-12-16"}} {
			l, _, err := w.svc.RequestLeave(w.as("CS1003"), w.key(), roster.LeaveInput{LeaveTypeID: annual, StartDay: days[0], EndDay: days[1], Reason: "探亲"})
			w.must(err)
			l, _, err = w.svc.DecideLeave(w.as("CS2001"), w.key(), l.ID, l.Version, roster.Approve, "")
			w.must(err)
			ls = append(ls, l)
		}
		_, err = w.svc.SaveLeaveEntitlement(w.as("CS9001"), roster.EntitlementChange{LeaveTypeID: annual, Version: 1})
		w.must(err)
		errs := make([]error, len(ls))
		var wg sync.WaitGroup
		for i, l := range ls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = w.svc.DecideLeave(w.as("CS3001"), w.key(), l.ID, l.Version, roster.Approve, "")
			}()
		}
		wg.Wait()
		ok, refused := 0, 0
		for _, err := range errs {
			switch apperr.CodeOf(err) {
			case "":
				ok++
			case apperr.LeaveBalanceExceeded, apperr.Conflict:
				refused++
			default:
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				ok++
			}
		}
		if ok != 1 || refused != 1 {
			t.Fatalf("one approval succeeds and one is refused; got %v", errs)
		}
		b := balanceOf(w, "CS1003", "ANNUAL")
		if b.Used != 3 {
			t.Fatalf("balance %+v", b)
		}
	})
}

func TestDepotLeaveBalanceSheet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, c := range []struct {
			name, who string
			want      apperr.Code
		}{
			{"another depot's supervisor is refused", "CS2002", apperr.Forbidden},
			{"a manager of another branch is refused", "CS3002", apperr.Forbidden},
			{"an agent of the depot is refused", "CS1001", apperr.Forbidden},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.svc.DepotLeaveBalanceCSV(w.as(c.who), w.depot, 2026)
				wantCode(t, err, c.want)
			})
		}
		t.Run("without a caller it is refused", func(t *testing.T) {
			_, err := w.svc.DepotLeaveBalanceCSV(context.Background(), w.depot, 2026)
			if err == nil {
				t.Fatal("want a refusal")
			}
		})
		t.Run("the depot's supervisor gets every person's counted types in a fixed number of statements", func(t *testing.T) {
			_, err := w.svc.DepotLeaveBalanceCSV(w.as("CS2001"), w.depot, 2026) // sets the organisation up
			w.must(err)
			var n db.StatementCounter
			out, err := w.svc.DepotLeaveBalanceCSV(db.WithStatementCounter(w.as("CS2001"), &n), w.depot, 2026)
			w.must(err)
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
			w.must(err)
			found := false
			for _, r := range rows[1:] {
				if r[0] == "CS1012" && strings.HasPrefix(r[4], "年假") {
					found = r[3] == "24" && r[5] == "15" && r[9] == "15"
				}
			}
			if !found {
				t.Fatalf("CS1012's annual leave row is missing or wrong: %v", rows)
			}
			if n.Count() > 8 {
				t.Fatalf("%d statements for one depot", n.Count())
			}
		})
	})
}
