package main

import (
	"fmt"
	"testing"
)

const coverQuery = `query($id: ID!) { coverCandidates(shiftAssignmentId: $id) {
  colleague { employeeNo name } available payBackShifts { id day shiftType { code } } reasons { code message } } }`

func TestCoverSwapOfferedWhenNightLeaveIsRefused(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		r := s.post(`query($d: ID!) { shiftTypes(depotId: $d) { id code } }`, map[string]any{"d": f.depot}, withToken(f.tok["CS2001"])).must(t)
		types := map[string]string{}
		for _, st := range r.path("shiftTypes").([]any) {
			types[st.(map[string]any)["code"].(string)] = st.(map[string]any)["id"].(string)
		}
		// CS1003 works the night of Dec 6 instead of the day.
		assign := func(key string, items ...map[string]any) {
			s.post(`mutation($k: String!, $d: ID!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: $k, depotId: $d, month: "2026-12", assignments: $a}) { roster { id } } }`,
				map[string]any{"k": key, "d": f.depot, "a": items}, withToken(f.tok["CS2001"])).must(t)
		}
		assign("assign-night-0001", map[string]any{"staffId": f.ids["CS1003"], "day": "2026-12-06", "shiftTypeId": types["NIGHT"]})
		r = s.post(`{ myShifts(month: "2026-12") { id day shiftType { code } } }`, nil, withToken(f.tok["CS1003"])).must(t)
		var night string
		for _, a := range r.path("myShifts").([]any) {
			if m := a.(map[string]any); m["day"] == "2026-12-06" {
				night = m["id"].(string)
			}
		}
		r = s.post(`{ leaveTypes { id code } }`, nil, withToken(f.tok["CS1003"])).must(t)
		var personal string
		for _, lt := range r.path("leaveTypes").([]any) {
			if lt.(map[string]any)["code"] == "PERSONAL" {
				personal = lt.(map[string]any)["id"].(string)
			}
		}
		r = s.post(`mutation($t: ID!) { requestLeave(input: {idempotencyKey: "leave-n001-abcd", leaveTypeId: $t, startDay: "2026-12-06", endDay: "2026-12-06", reason: "家中有事"}) { leaveRequest { id } } }`,
			map[string]any{"t": personal}, withToken(f.tok["CS1003"]))
		if r.Code() != "LEAVE_NIGHT_SHIFT" {
			t.Fatalf("leave on a night shift: %s", r.Raw)
		}

		// CS1012 asks for leave on Dec 6 too, so cannot take that night.
		s.post(`mutation($t: ID!) { requestLeave(input: {idempotencyKey: "leave-n002-abcd", leaveTypeId: $t, startDay: "2026-12-06", endDay: "2026-12-06", reason: "看病"}) { leaveRequest { id } } }`,
			map[string]any{"t": personal}, withToken(f.tok["CS1012"])).must(t)

		// The cover offer: CS1001 and CS1002 could take it, CS1012 could not, and says why.
		few := s.post(coverQuery, map[string]any{"id": night}, withToken(f.tok["CS1003"]), withHeader("Accept-Language", "en")).must(t)
		got := map[string]map[string]any{}
		order := []string{}
		for _, c := range few.path("coverCandidates").([]any) {
			m := c.(map[string]any)
			no := m["colleague"].(map[string]any)["employeeNo"].(string)
			got[no] = m
			order = append(order, no)
		}
		if fmt.Sprint(order) != "[CS1001 CS1002 CS1012]" || got["CS1001"]["available"] != true || got["CS1002"]["available"] != true ||
			got["CS1012"]["available"] != false || len(got["CS1001"]["reasons"].([]any)) != 0 {
			t.Fatalf("candidates: %s", few.Raw)
		}
		reason := got["CS1012"]["reasons"].([]any)[0].(map[string]any)
		if reason["code"] != "SWAP_LEAVE_CONFLICT" || reason["message"] != "There is leave on 2026-12-06; no leave on a swapped day or on the pay-back day" {
			t.Fatalf("reason: %v", reason)
		}
		if pb := got["CS1002"]["payBackShifts"].([]any); len(pb) != 1 || pb[0].(map[string]any)["day"] != "2026-12-06" {
			t.Fatalf("CS1002 can only be paid back with the day shift of that same day: %v", pb)
		}

		// No N+1: more colleagues on the roster cost no more statements.
		var items []map[string]any
		for d := 1; d <= 31; d++ {
			items = append(items, map[string]any{"staffId": f.ids["CS3001"], "day": fmt.Sprintf("2026-12-%02d", d), "shiftTypeId": types["DAY"]})
		}
		assign("assign-more-0001", items...)
		many := s.post(coverQuery, map[string]any{"id": night}, withToken(f.tok["CS1003"])).must(t)
		if n := len(many.path("coverCandidates").([]any)); n != 4 {
			t.Fatalf("%d candidates after rostering CS3001, want 4", n)
		}
		t.Logf("coverCandidates statements: 3 colleagues %d, 4 colleagues %d", few.Statements, many.Statements)
		if many.Statements > few.Statements+1 || many.Statements > 16 {
			t.Fatalf("coverCandidates ran %d statements for 3 colleagues and %d for 4; want no growth per colleague", few.Statements, many.Statements)
		}

		// Only the owner may look; the chosen colleague's pay-back shift starts a swap.
		if r := s.post(coverQuery, map[string]any{"id": night}, withToken(f.tok["CS1001"])); r.Code() != "FORBIDDEN" {
			t.Fatalf("someone else's shift: %s", r.Raw)
		}
		payBack := got["CS1001"]["payBackShifts"].([]any)[0].(map[string]any)["id"]
		r = s.post(`mutation($p: ShiftSwapProposalInput!) { requestShiftSwap(input: {idempotencyKey: "cover-0001-abcd", proposal: $p, reason: "夜班找人顶班"}) { shiftSwap { status colleague { employeeNo } } } }`,
			map[string]any{"p": map[string]any{"requesterShiftId": night, "colleagueId": f.ids["CS1001"], "colleagueShiftId": payBack}}, withToken(f.tok["CS1003"])).must(t)
		if r.path("requestShiftSwap", "shiftSwap", "status") != "PENDING_COLLEAGUE" {
			t.Fatalf("cover swap: %s", r.Raw)
		}
	})
}
