package main

import (
	"strings"
	"testing"
)

// Lawful hours through the API: the limits are organisation settings (versioned), a swap
// that would put someone over is refused with SWAP_HOURS_LIMIT in the caller's language,
// and assigning over the limits is not refused but warned about, naming person and week.
func TestRosterHoursThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		sup, mgr := withToken(f.tok["CS2001"]), withToken(f.tok["CS3001"])
		r := s.post(`{ rosterSettings { version dailyStandardHours weeklyStandardHours monthlyOvertimeCapHours } }`, nil, mgr).must(t)
		if r.path("rosterSettings", "dailyStandardHours") != float64(8) || r.path("rosterSettings", "weeklyStandardHours") != float64(44) ||
			r.path("rosterSettings", "monthlyOvertimeCapHours") != float64(36) {
			t.Fatalf("defaults: %s", r.Raw)
		}
		version := r.path("rosterSettings", "version")
		if r := s.post(`mutation($v: Int!) { updateRosterSettings(input: {version: $v, weeklyStandardHours: 35}) { settings { version } } }`, map[string]any{"v": version}, sup); r.Code() != "FORBIDDEN" {
			t.Fatalf("a supervisor changed the hours limits: %s", r.Raw)
		}
		r = s.post(`mutation($v: Int!) { updateRosterSettings(input: {version: $v, weeklyStandardHours: 35}) { settings { version weeklyStandardHours } } }`, map[string]any{"v": version}, mgr).must(t)
		if r.path("updateRosterSettings", "settings", "weeklyStandardHours") != float64(35) {
			t.Fatalf("update: %s", r.Raw)
		}
		if r := s.post(`mutation($v: Int!) { updateRosterSettings(input: {version: $v, monthlyOvertimeCapHours: 30}) { settings { version } } }`, map[string]any{"v": version}, mgr); r.Code() != "CONFLICT" {
			t.Fatalf("a stale version was not refused: %s", r.Raw)
		}

		// CS1001 works odd days, CS1002 even days, 9 hours: CS1001's Sunday 13 for
		// CS1002's Monday 14 gives each a 36-hour week.
		for _, lang := range []string{"zh-CN", "en"} {
			r = s.post(`query($p: ShiftSwapProposalInput!) { checkShiftSwap(input: $p) { allowed violations { code message } } }`,
				map[string]any{"p": f.proposal("CS1001", 13, "CS1002", 14)}, withToken(f.tok["CS1001"]), withHeader("Accept-Language", lang)).must(t)
			want := "换班后申请人 12月14日起的一周排班 36 小时,超过每周标准工时 35 小时"
			if lang == "en" {
				want = "After the swap the requester is rostered 36 h in the week from 14 Dec, over the standard week of 35 h"
			}
			if !strings.Contains(r.Raw, `"SWAP_HOURS_LIMIT"`) || !strings.Contains(r.Raw, want) {
				t.Fatalf("%s: %s", lang, r.Raw)
			}
		}
		r = s.post(`mutation($p: ShiftSwapProposalInput!) { requestShiftSwap(input: {idempotencyKey: "hours-swap-0001", proposal: $p}) { shiftSwap { id } } }`,
			map[string]any{"p": f.proposal("CS1001", 13, "CS1002", 14)}, withToken(f.tok["CS1001"]))
		if r.Code() != "SWAP_HOURS_LIMIT" {
			t.Fatalf("the swap was not refused: %s", r.Raw)
		}

		// Three more day shifts for CS1001 in the week of 7 December: 63 hours. Assigned,
		// with a warning naming the person and the week.
		day := s.post(`query($d: ID!) { shiftTypes(depotId: $d) { id code } }`, map[string]any{"d": f.depot}, sup).must(t).path("shiftTypes").([]any)[0].(map[string]any)["id"]
		var items []map[string]any
		for _, d := range []string{"2026-12-08", "2026-12-10", "2026-12-12"} {
			items = append(items, map[string]any{"staffId": f.ids["CS1001"], "day": d, "shiftTypeId": day})
		}
		r = s.post(`mutation($d: ID!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: "hours-assign-01", depotId: $d, month: "2026-12", assignments: $a}) {
			warnings { staff { id } rule period hours limitHours violation { code message } } } }`,
			map[string]any{"d": f.depot, "a": items}, sup, withHeader("Accept-Language", "en")).must(t)
		ws := r.path("assignShifts", "warnings").([]any)
		found := false
		for _, w := range ws {
			m := w.(map[string]any)
			v := m["violation"].(map[string]any)
			if m["rule"] == "WEEKLY_HOURS" && m["period"] == "2026-12-07" && m["hours"] == float64(63) && m["limitHours"] == float64(35) &&
				m["staff"].(map[string]any)["id"] == f.ids["CS1001"] && v["code"] == "ROSTER_HOURS_OVER_LIMIT" &&
				v["message"] == "张伟 is rostered 63 h in the week from 7 Dec, over the standard week of 35 h" {
				found = true
			}
		}
		if !found {
			t.Fatalf("no warning naming CS1001 and the week of 7 December: %s", r.Raw)
		}
		r = s.post(`query($d: ID!) { dutyRoster(depotId: $d, month: "2026-12") { hours { limits { weeklyStandardHours comprehensive }
			people { staff { id } hours overtimeHours overLimit weeks { monday hours overLimit } } warnings { period } } } }`,
			map[string]any{"d": f.depot}, sup).must(t)
		if r.path("dutyRoster", "hours", "limits", "weeklyStandardHours") != float64(35) || len(r.path("dutyRoster", "hours", "people").([]any)) != 4 {
			t.Fatalf("roster hours: %s", r.Raw)
		}
	})
}
