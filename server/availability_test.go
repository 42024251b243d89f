package main

import (
	"strings"
	"testing"
)

// An agent marks a day unavailable through the API (a retry returns the same mark), the
// supervisor sees the mark with its reason and, on the roster and after assigning, a
// warning naming the person and the day in the caller's language; a colleague sees
// neither; the agent removes the mark twice without error. The depot's list costs the
// same with one mark or three.
func TestAvailabilityThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		sup, agent, colleague := withToken(f.tok["CS2001"]), withToken(f.tok["CS1001"]), withToken(f.tok["CS1002"])
		mark := func(key, day, kind string, who reqOpt) map[string]any {
			r := s.post(`mutation($k: String!, $day: Date!, $kind: AvailabilityKind!) { markAvailability(input: {idempotencyKey: $k, day: $day, kind: $kind, reason: "孩子开家长会"}) { mark { id day kind reason staff { id } } replayed } }`,
				map[string]any{"k": key, "day": day, "kind": kind}, who).must(t)
			return r.path("markAvailability").(map[string]any)
		}
		m := mark("avail-0001-abcdef", "2026-12-03", "UNAVAILABLE", agent)
		if again := mark("avail-0001-abcdef", "2026-12-03", "UNAVAILABLE", agent); again["replayed"] != true ||
			again["mark"].(map[string]any)["id"] != m["mark"].(map[string]any)["id"] {
			t.Fatalf("a replay made a second mark: %v", again)
		}
		id := m["mark"].(map[string]any)["id"].(string)
		r := s.post(`mutation { markAvailability(input: {idempotencyKey: "avail-bad-00001", day: "2026-12-04", kind: PREFER_NOT, reason: "\u202e看病"}) { mark { id } } }`, nil, agent)
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Raw, `"field":"reason"`) {
			t.Fatalf("a bidi override in the reason: %s", r.Raw)
		}

		roster := `query($d: ID!) { dutyRoster(depotId: $d, month: "2026-12") { availabilityWarnings { staff { id } day kind violation { code message } } } }`
		r = s.post(roster, map[string]any{"d": f.depot}, sup).must(t)
		if !strings.Contains(r.Raw, "ROSTER_AGAINST_AVAILABILITY") || !strings.Contains(r.Raw, "张伟 已标记 12月3日 不能上班") {
			t.Fatalf("the supervisor is not warned: %s", r.Raw)
		}
		r = s.post(roster, map[string]any{"d": f.depot}, colleague).must(t)
		if strings.Contains(r.Raw, "ROSTER_AGAINST_AVAILABILITY") {
			t.Fatalf("a colleague sees who marked what: %s", r.Raw)
		}
		dayType := s.post(`query($d: ID!) { shiftTypes(depotId: $d) { id code } }`, map[string]any{"d": f.depot}, sup).must(t).path("shiftTypes").([]any)[0].(map[string]any)["id"].(string)
		r = s.post(`mutation($d: ID!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: "assign-avail-0001", depotId: $d, month: "2026-12", assignments: $a}) { availabilityWarnings { day violation { code message } } } }`,
			map[string]any{"d": f.depot, "a": []map[string]any{{"staffId": f.ids["CS1001"], "day": "2026-12-03", "shiftTypeId": dayType}}}, sup, withHeader("Accept-Language", "en")).must(t)
		if !strings.Contains(r.Raw, "张伟 marked 3 Dec as unavailable") {
			t.Fatalf("assigning does not warn in English: %s", r.Raw)
		}

		depot := `query($d: ID!) { depotAvailability(depotId: $d, month: "2026-12") { id reason staff { name } } }`
		// The counts are compared exactly: load must not split a batch (exact).
		one := s.post(depot, map[string]any{"d": f.depot}, sup, exact).must(t)
		if !strings.Contains(one.Raw, "孩子开家长会") || !strings.Contains(one.Raw, "张伟") {
			t.Fatalf("the supervisor does not see the reason: %s", one.Raw)
		}
		mark("avail-0002-abcdef", "2026-12-08", "PREFER_NOT", colleague)
		mark("avail-0003-abcdef", "2026-12-09", "PREFER_NOT", withToken(f.tok["CS1012"]))
		three := s.post(depot, map[string]any{"d": f.depot}, sup, exact).must(t)
		if one.Statements != three.Statements {
			t.Fatalf("depotAvailability costs %d statements for one mark and %d for three", one.Statements, three.Statements)
		}
		if r := s.post(depot, map[string]any{"d": f.depot}, colleague); r.Code() != "FORBIDDEN" {
			t.Fatalf("a colleague reads the depot's marks: %s", r.Raw)
		}
		r = s.post(`{ myAvailability(month: "2026-12") { id reason } }`, nil, colleague).must(t)
		if strings.Contains(r.Raw, id) {
			t.Fatal("a colleague's own list has someone else's mark")
		}

		remove := `mutation($id: ID!) { removeAvailability(id: $id) { removed } }`
		if r := s.post(remove, map[string]any{"id": id}, colleague).must(t); r.path("removeAvailability", "removed") != false {
			t.Fatal("a colleague removed the mark")
		}
		for i, want := range []bool{true, false} {
			if r := s.post(remove, map[string]any{"id": id}, agent).must(t); r.path("removeAvailability", "removed") != want {
				t.Fatalf("removal %d: %s", i+1, r.Raw)
			}
		}
		r = s.post(`{ myAvailability(month: "2026-12") { id } }`, nil, agent).must(t)
		if strings.Contains(r.Raw, id) {
			t.Fatal("the removed mark is still listed")
		}
	})
}
