package main

import (
	"testing"
)

const claimsInboxQuery = `{ approvalsInbox { kind receivedAt claim { id proposedFen reason proposedBy { name } ticket { id summary } } } }`

func TestClaimsAwaitingADecisionAreInTheApprovalsInboxWithoutNPlusOne(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		mgr, _ := s.login("CS3001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		tk := s.post(fromOrderMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": o["id"], "kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": "外箱破损"}},
			withToken(agent)).must(t).path("createTicketFromOrder", "ticket", "id")
		propose := func(fen int) {
			s.post(`mutation($in: ProposeClaimInput!) { proposeClaim(input: $in) { claim { id } } }`,
				map[string]any{"in": map[string]any{"idempotencyKey": key(), "ticketId": tk, "amountFen": fen, "reason": "外箱破损,内物受损"}}, withToken(agent)).must(t)
		}
		claimsIn := func(tok string) (int, int64) {
			r := s.post(claimsInboxQuery, nil, withToken(tok), exact).must(t)
			n := 0
			for _, it := range r.path("approvalsInbox").([]any) {
				m := it.(map[string]any)
				if m["kind"] == "CLAIM_APPROVAL" {
					c := m["claim"].(map[string]any)
					if c["ticket"].(map[string]any)["id"] != tk || c["proposedBy"].(map[string]any)["name"] != "张伟" {
						t.Fatalf("a claim item names its ticket and proposer: %s", r.Raw)
					}
					n++
				}
			}
			return n, r.Statements
		}
		propose(200_000)
		claimsIn(mgr) // warm: the first read sets up the organisation's defaults
		one, before := claimsIn(mgr)
		if one != 1 {
			t.Fatalf("the manager's inbox holds the claim above the supervisor's limit: %d", one)
		}
		if n, _ := claimsIn(sup); n != 0 {
			t.Fatalf("the supervisor's inbox holds no claim above her limit: %d", n)
		}
		for range 4 {
			propose(100_000)
		}
		five, after := claimsIn(mgr)
		if five != 5 || after != before {
			t.Fatalf("five claims in the inbox cost the same statements as one: %d claims, %d statements (one: %d)", five, after, before)
		}
	})
}
