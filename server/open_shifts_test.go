package main

import (
	"strings"
	"testing"
)

const openShiftFields = `openShift { id status version day needsQualification fillsLeaveGap note shiftType { name } postedBy { id }
	filledBy { id } shift { id day staff { id } } claims { id status claimant { id } } myClaim { id status } violations { code message } }`

// A supervisor posts an open shift, two agents who may take it see it and claim it, an
// agent already rostered that day does not see it and is refused in the caller's
// language, the supervisor confirms one claimant, whose calendar then shows the shift,
// and a second confirmation is a CONFLICT. The list loads claims and claimants in a
// fixed number of statements however many shifts there are.
func TestOpenShiftsThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		sup, agent, other, busy := withToken(f.tok["CS2001"]), withToken(f.tok["CS1001"]), withToken(f.tok["CS1012"]), withToken(f.tok["CS1002"])
		dayType := s.post(`query($d: ID!) { shiftTypes(depotId: $d) { id code } }`, map[string]any{"d": f.depot}, sup).must(t).path("shiftTypes").([]any)[0].(map[string]any)["id"].(string)
		post := func(key, day string) map[string]any {
			r := s.post(`mutation($d: ID!, $t: ID!, $k: String!, $day: Date!) { postOpenShift(input: {idempotencyKey: $k, depotId: $d, day: $day, shiftTypeId: $t, note: "缺一人"}) { `+openShiftFields+` replayed } }`,
				map[string]any{"d": f.depot, "t": dayType, "k": key, "day": day}, sup).must(t)
			return r.path("postOpenShift", "openShift").(map[string]any)
		}
		o := post("open-0001-abcdef", "2026-12-16")
		if o["status"] != "OPEN" || o["note"] != "缺一人" || o["needsQualification"] != false || o["fillsLeaveGap"] != false {
			t.Fatalf("posted %v", o)
		}
		if again := post("open-0001-abcdef", "2026-12-16"); again["id"] != o["id"] {
			t.Fatal("a replayed post made a second open shift")
		}
		list := func(who ...reqOpt) *gqlResult {
			return s.post(`query($d: ID!) { openShifts(depotId: $d) { id claims { claimant { name } } myClaim { status } } }`, map[string]any{"d": f.depot}, who...).must(t)
		}
		if strings.Contains(list(busy).Raw, o["id"].(string)) {
			t.Fatal("CS1002 works on 16 December but is offered the open shift")
		}
		r := s.post(`mutation($o: ID!) { claimOpenShift(input: {idempotencyKey: "claim-busy-0001", openShiftId: $o}) { claim { id } } }`, map[string]any{"o": o["id"]}, busy, withHeader("Accept-Language", "en"))
		if r.Code() != "OPEN_SHIFT_DOUBLE_BOOKED" || !strings.Contains(r.Raw, "You already work on 16 Dec") || !strings.Contains(r.Raw, "violations") {
			t.Fatalf("claim by someone rostered that day: %s", r.Raw)
		}
		claims := map[string]string{}
		for no, who := range map[string]reqOpt{"CS1001": agent, "CS1012": other} {
			if !strings.Contains(list(who).Raw, o["id"].(string)) {
				t.Fatalf("%s does not see the open shift", no)
			}
			r := s.post(`mutation($o: ID!, $k: String!) { claimOpenShift(input: {idempotencyKey: $k, openShiftId: $o}) { claim { id status } `+openShiftFields+` replayed } }`,
				map[string]any{"o": o["id"], "k": "claim-" + no + "-0001"}, who).must(t)
			claims[no] = r.path("claimOpenShift", "claim", "id").(string)
		}

		// The supervisor's list costs the same with one open shift or three.
		// The counts are compared exactly: load must not split a batch (exact).
		one := list(sup, exact)
		post("open-0002-abcdef", "2026-12-14")
		post("open-0003-abcdef", "2026-12-22")
		three := list(sup, exact)
		if one.Statements != three.Statements {
			t.Fatalf("openShifts costs %d statements for one shift and %d for three", one.Statements, three.Statements)
		}
		if !strings.Contains(one.Raw, "张伟") || !strings.Contains(one.Raw, "梁雪") {
			t.Fatalf("the supervisor does not see both claimants: %s", one.Raw)
		}

		r = s.post(`mutation($c: ID!, $v: Int!) { confirmOpenShiftClaim(input: {idempotencyKey: "confirm-0001-abcd", claimId: $c, version: $v}) { `+openShiftFields+` } }`,
			map[string]any{"c": claims["CS1001"], "v": o["version"]}, sup).must(t)
		filled := r.path("confirmOpenShiftClaim", "openShift").(map[string]any)
		if filled["status"] != "FILLED" || filled["filledBy"].(map[string]any)["id"] != f.ids["CS1001"] || filled["shift"] == nil {
			t.Fatalf("confirmed %v", filled)
		}
		r = s.post(`mutation($c: ID!, $v: Int!) { confirmOpenShiftClaim(input: {idempotencyKey: "confirm-0002-abcd", claimId: $c, version: $v}) { openShift { id } } }`,
			map[string]any{"c": claims["CS1012"], "v": o["version"]}, withToken(f.tok["CS3001"]))
		if r.Code() != "CONFLICT" {
			t.Fatalf("a second confirmation: %s", r.Raw)
		}
		r = s.post(`{ myShifts(month: "2026-12") { day shiftType { code } } }`, nil, agent).must(t)
		if !strings.Contains(r.Raw, `"day":"2026-12-16"`) {
			t.Fatalf("CS1001's calendar lacks the shift: %s", r.Raw)
		}
		r = s.post(`{ myRosterNotifications { kind message subjectId } }`, nil, other).must(t)
		if !strings.Contains(r.Raw, "OPEN_SHIFT_NOT_CHOSEN") || !strings.Contains(r.Raw, "12月16日") {
			t.Fatalf("CS1012 was not told: %s", r.Raw)
		}
	})
}
