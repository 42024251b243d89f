package main

import (
	"testing"

	"github.com/expresscs/cs/internal/demo"
)

// checkLeave through the API: a night shift is explained with its day in the caller's
// language before anything is sent, the dry run stores nothing, the same days then refuse
// requestLeave with the same code, and a partner token is refused.
func TestCheckLeaveThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		r := s.post(`query($d: ID!) { shiftTypes(depotId: $d) { id code } }`, map[string]any{"d": f.depot}, withToken(f.tok["CS2001"])).must(t)
		types := map[string]string{}
		for _, st := range r.path("shiftTypes").([]any) {
			types[st.(map[string]any)["code"].(string)] = st.(map[string]any)["id"].(string)
		}
		s.post(`mutation($d: ID!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: "assign-night-0002", depotId: $d, month: "2026-12", assignments: $a}) { roster { id } } }`,
			map[string]any{"d": f.depot, "a": []map[string]any{{"staffId": f.ids["CS1003"], "day": "2026-12-06", "shiftTypeId": types["NIGHT"]}}}, withToken(f.tok["CS2001"])).must(t)
		r = s.post(`{ leaveTypes { id code } }`, nil, withToken(f.tok["CS1003"])).must(t)
		var personal string
		for _, lt := range r.path("leaveTypes").([]any) {
			if lt.(map[string]any)["code"] == "PERSONAL" {
				personal = lt.(map[string]any)["id"].(string)
			}
		}
		const check = `query($t: ID!) { checkLeave(input: {leaveTypeId: $t, startDay: "2026-12-05", endDay: "2026-12-06"}) { allowed violations { code message messageZh messageEn day } } }`
		vars := map[string]any{"t": personal}

		r = s.post(check, vars, withToken(f.tok["CS1003"]), withHeader("Accept-Language", "en")).must(t)
		if r.path("checkLeave", "allowed") != false {
			t.Fatalf("a night shift must not pass: %s", r.Raw)
		}
		vs := r.path("checkLeave", "violations").([]any)
		v := vs[0].(map[string]any)
		if len(vs) != 1 || v["code"] != "LEAVE_NIGHT_SHIFT" || v["day"] != "2026-12-06" || v["message"] != v["messageEn"] || v["messageZh"] == "" {
			t.Fatalf("violations %v", vs)
		}
		r = s.post(`{ myLeaveRequests(month: "2026-12") { id } }`, nil, withToken(f.tok["CS1003"])).must(t)
		if n := len(r.path("myLeaveRequests").([]any)); n != 0 {
			t.Fatalf("the dry run stored %d requests", n)
		}
		r = s.post(`mutation($t: ID!) { requestLeave(input: {idempotencyKey: "leave-chk-0001", leaveTypeId: $t, startDay: "2026-12-05", endDay: "2026-12-06", reason: "家中有事"}) { leaveRequest { id } } }`,
			vars, withToken(f.tok["CS1003"]))
		if r.Code() != "LEAVE_NIGHT_SHIFT" {
			t.Fatalf("requestLeave must refuse what checkLeave refused: %s", r.Raw)
		}

		r = s.post(check, vars, withToken(f.tok["CS1001"])).must(t)
		if r.path("checkLeave", "allowed") != true {
			t.Fatalf("CS1001's own days have no night shift: %s", r.Raw)
		}

		partner, _ := s.partnerToken(demo.PartnerClientID, s.secret)
		if r := s.post(check, vars, withToken(partner)); r.Code() != "FORBIDDEN" {
			t.Fatalf("a partner token must be refused: %s", r.Raw)
		}
	})
}
