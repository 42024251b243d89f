package main

import (
	"testing"
)

func TestARosterNotificationOpensItsRosterByNode(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		// A change to the published roster: CS1002 is taken off Dec 4.
		s.post(`mutation($d: ID!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: "assign-dec-0002", depotId: $d, month: "2026-12", assignments: $a}) { roster { id } } }`,
			map[string]any{"d": f.depot, "a": []map[string]any{{"staffId": f.ids["CS1002"], "day": "2026-12-04", "shiftTypeId": nil}}}, withToken(f.tok["CS2001"])).must(t)
		rosterID := s.post(`query($d: ID!) { dutyRoster(depotId: $d, month: "2026-12") { id } }`, map[string]any{"d": f.depot}, withToken(f.tok["CS2001"])).must(t).path("dutyRoster", "id")
		seen := map[string]bool{}
		for _, no := range []string{"CS1001", "CS1002"} {
			r := s.post(`{ myRosterNotifications(unreadOnly: false) { kind subjectId } }`, nil, withToken(f.tok[no])).must(t)
			for _, n := range r.path("myRosterNotifications").([]any) {
				m := n.(map[string]any)
				kind := m["kind"].(string)
				if kind != "ROSTER_PUBLISHED" && kind != "ROSTER_CHANGED" {
					continue
				}
				seen[kind] = true
				if m["subjectId"] != rosterID {
					t.Errorf("%s's %s points at %v, the roster is %v", no, kind, m["subjectId"], rosterID)
				}
				node := s.post(`query($id: ID!) { node(id: $id) { __typename ... on DutyRoster { month } } }`, map[string]any{"id": m["subjectId"]}, withToken(f.tok[no])).must(t)
				if node.path("node", "month") != "2026-12" {
					t.Errorf("node(id: subjectId) of %s opens the roster: %s", kind, node.Raw)
				}
			}
		}
		if !seen["ROSTER_PUBLISHED"] || !seen["ROSTER_CHANGED"] {
			t.Fatalf("publishing and changing notify the people on the roster: %v", seen)
		}
	})
}
