package main

import (
	"fmt"
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// SQLite's reader pool keeps every distinct text db.Select prepared, on every connection,
// for the life of the process: the texts must depend on the kind of caller and the shape
// of the request, never on its values (waybills, depots, cursors, addresses, limits).
// Many look-ups by every kind of caller, then as many again with other values: the
// second pass prepares nothing new.
func TestPreparedReadsDoNotGrowWithTheValuesLookedUp(t *testing.T) {
	s := newTestServer(t, dbtest.SQLite(t))
	if s.app.DB.PreparedStatements() != 0 {
		t.Fatalf("prepared before any request: %d", s.app.DB.PreparedStatements())
	}
	agent, _ := s.login("CS1001")
	supervisor, _ := s.login("CS2001")
	manager, _ := s.login("CS3001")
	admin, _ := s.login("CS9001")
	partnerTok := s.post(issueToken, map[string]any{"id": "demo-mall", "secret": s.secret}).must(t).path("issuePartnerToken", "accessToken").(string)
	callers := []string{agent, supervisor, manager, admin, partnerTok}
	known := s.intake(agent, orderInput())

	const byWaybill = `query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo trackingEvents { status } } }`
	const page = `query($n: Int!, $after: String) { orders(first: $n, after: $after) { edges { cursor node { id } } } }`
	const public = `query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { status } }`
	pass := func(round int) {
		for i, tok := range callers {
			for j := 0; j < 3; j++ {
				s.post(byWaybill, map[string]any{"w": order.NewWaybillNo()}, withToken(tok))
				first := s.post(page, map[string]any{"n": 1 + j + round}, withToken(tok))
				if edges, _ := first.path("orders", "edges").([]any); len(edges) > 0 {
					cursor := edges[0].(map[string]any)["cursor"]
					s.post(page, map[string]any{"n": 2 + round, "after": cursor}, withToken(tok)).must(t)
				}
				s.post(public, map[string]any{"w": order.NewWaybillNo(), "d": fmt.Sprintf("%04d", 1000*round+10*i+j)},
					withHeader("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", 10*round+i+1)))
			}
			s.post(byWaybill, map[string]any{"w": known}, withToken(tok))
		}
	}
	pass(0)
	after := s.app.DB.PreparedStatements()
	if after == 0 || after > 24 {
		t.Fatalf("%d texts prepared after the first pass; want a few (one per kind of caller and read)", after)
	}
	pass(1)
	if again := s.app.DB.PreparedStatements(); again != after {
		t.Fatalf("the second pass, with other waybills, cursors, limits and addresses, prepared %d more texts (%d → %d)", again-after, after, again)
	}
	t.Logf("%d texts prepared, none more on the second pass", after)
}
