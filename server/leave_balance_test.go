package main

import (
	"strings"
	"testing"
)

// An agent sees their balances, the request form counts the days, the approver sees the
// requester's balance in the inbox, a request beyond the balance is refused in the
// caller's language, and the depot's supervisor exports the sheet.
func TestLeaveBalancesThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		agent, sup := withToken(f.tok["CS1001"]), withToken(f.tok["CS2001"])
		r := s.post(`{ myLeaveBalances(year: 2026) { leaveType { id code } year yearsOfService entitlement carriedOver used pending remaining countsCalendarDays } }`, nil, agent).must(t)
		var annual string
		for _, b := range r.path("myLeaveBalances").([]any) {
			m := b.(map[string]any)
			lt := m["leaveType"].(map[string]any)
			if lt["code"] == "ANNUAL" {
				annual = lt["id"].(string)
				if m["entitlement"] != float64(5) || m["yearsOfService"] != float64(4) || m["remaining"] != float64(5) || m["countsCalendarDays"] != false {
					t.Fatalf("CS1001's annual leave: %v", m)
				}
			}
			if lt["code"] == "PERSONAL" || lt["code"] == "SICK" {
				t.Fatalf("%s is not counted against a balance", lt["code"])
			}
		}
		if annual == "" {
			t.Fatalf("no annual leave balance: %s", r.Raw)
		}
		r = s.post(`query($t: ID!) { leaveRequestDays(leaveTypeId: $t, startDay: "2026-12-14", endDay: "2026-12-20") }`, map[string]any{"t": annual}, agent).must(t)
		if r.path("leaveRequestDays") != float64(5) {
			t.Fatalf("Mon 14 to Sun 20 December counts %v working days, want 5", r.path("leaveRequestDays"))
		}
		r = s.post(`mutation($t: ID!) { requestLeave(input: {idempotencyKey: "balance-0001-abcd", leaveTypeId: $t, startDay: "2026-12-22", endDay: "2026-12-23", reason: "探亲"}) { leaveRequest { id } } }`,
			map[string]any{"t": annual}, agent).must(t)
		leave := r.path("requestLeave", "leaveRequest", "id").(string)

		r = s.post(`{ approvalsInbox { leaveRequest { id balance { entitlement pending remaining } } } }`, nil, sup).must(t)
		found := false
		for _, it := range r.path("approvalsInbox").([]any) {
			l, _ := it.(map[string]any)["leaveRequest"].(map[string]any)
			if l != nil && l["id"] == leave {
				b := l["balance"].(map[string]any)
				found = b["entitlement"] == float64(5) && b["pending"] == float64(2) && b["remaining"] == float64(3)
			}
		}
		if !found {
			t.Fatalf("the approver does not see the requester's balance: %s", r.Raw)
		}
		// The balances of a whole inbox are loaded in one batch: what they add to the
		// inbox's statements does not grow with the number of requests.
		balanceCost := func() int64 {
			// Compared exactly: load must not split a batch (exact).
			with := s.post(`{ approvalsInbox { leaveRequest { id balance { remaining } } } }`, nil, sup, exact).must(t).Statements
			without := s.post(`{ approvalsInbox { leaveRequest { id } } }`, nil, sup, exact).must(t).Statements
			return with - without
		}
		one := balanceCost()
		s.post(`mutation($t: ID!) { requestLeave(input: {idempotencyKey: "balance-0003-abcd", leaveTypeId: $t, startDay: "2026-12-28", endDay: "2026-12-29", reason: "探亲"}) { leaveRequest { id } } }`,
			map[string]any{"t": annual}, withToken(f.tok["CS1002"])).must(t)
		if two := balanceCost(); two != one {
			t.Fatalf("balances cost %d statements for one request and %d for two", one, two)
		}
		r = s.post(`{ dutyRoster(depotId: "`+f.depot+`", month: "2026-12") { approvedLeave { balance { remaining } } } }`, nil, withToken(f.tok["CS1012"])).must(t)
		if strings.Contains(r.Raw, `"remaining"`) {
			t.Fatalf("a colleague sees someone's balance: %s", r.Raw)
		}

		for lang, want := range map[string]string{"en": "Not enough Annual leave left: 3 day(s) left in 2026, this request needs 4", "zh-CN": "年假余额不足:2026 年还剩 3 天,本次申请需 4 天"} {
			r = s.post(`mutation($t: ID!) { requestLeave(input: {idempotencyKey: "balance-0002-`+lang+`", leaveTypeId: $t, startDay: "2026-12-28", endDay: "2026-12-31", reason: "探亲"}) { leaveRequest { id } } }`,
				map[string]any{"t": annual}, agent, withHeader("Accept-Language", lang))
			if r.Code() != "LEAVE_BALANCE_EXCEEDED" || r.Errors[0].Message != want {
				t.Fatalf("%s: %s", lang, r.Raw)
			}
		}

		r = s.post(`query($d: ID!) { leaveBalanceSheetCsv(depotId: $d, year: 2026) }`, map[string]any{"d": f.depot}, sup).must(t)
		csv := r.path("leaveBalanceSheetCsv").(string)
		if !strings.HasPrefix(csv, "\uFEFF工号") || !strings.Contains(csv, "CS1001,张伟,2026,4,年假 Annual leave,5,0,0,2,3") {
			t.Fatalf("balance sheet: %q", csv)
		}
		hz, _ := s.login("CS2003")
		if r := s.post(`query($d: ID!) { leaveBalanceSheetCsv(depotId: $d, year: 2026) }`, map[string]any{"d": f.depot}, withToken(hz)); r.Code() != "FORBIDDEN" {
			t.Fatalf("another depot's supervisor reads the sheet: %s", r.Raw)
		}
		for _, year := range []string{"99999999999", "-1", "1999"} {
			if r := s.post(`query($d: ID!) { leaveBalanceSheetCsv(depotId: $d, year: `+year+`) }`, map[string]any{"d": f.depot}, sup); r.Code() != "BAD_USER_INPUT" && r.Code() != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("year %s: %s", year, r.Raw)
			}
		}
	})
}
