package main

import "testing"

// TestListingADepotOutsideReachIsForbidden: orders and tickets filtered to a whole depot
// the caller does not reach are refused FORBIDDEN (extensions.field depotId), as every
// other depot-wide query is, not answered with an empty page; a depot in reach answers,
// for an agent at it and a manager above it.
func TestListingADepotOutsideReachIsForbidden(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		s.intake(agent, orderInput())
		zhangjiang, caohejing := s.unitID("SH-PD-01"), s.unitID("SH-XH-02")
		const orders = `query($d: ID!) { orders(depotId: $d) { totalCount } }`
		const tickets = `query($d: ID!) { tickets(depotId: $d) { totalCount } }`
		for _, who := range []string{"CS3002", "CS1004", "CS2002"} {
			tok, _ := s.login(who)
			for _, q := range []string{orders, tickets} {
				if r := s.post(q, map[string]any{"d": zhangjiang}, withToken(tok)); r.Code() != "FORBIDDEN" || r.Errors[0].Extensions["field"] != "depotId" {
					t.Errorf("%s, %.20s of 张江: %s", who, q[24:], r.Raw)
				}
			}
		}
		for _, c := range []struct {
			who, depot string
			orders     float64
		}{{"CS1001", zhangjiang, 1}, {"CS3001", zhangjiang, 1}, {"CS3000", zhangjiang, 1}, {"CS1004", caohejing, 0}} {
			tok, _ := s.login(c.who)
			if r := s.post(orders, map[string]any{"d": c.depot}, withToken(tok)).must(t); r.path("orders", "totalCount") != c.orders {
				t.Errorf("%s, orders of a depot in reach: %s", c.who, r.Raw)
			}
			s.post(tickets, map[string]any{"d": c.depot}, withToken(tok)).must(t)
		}
	})
}
