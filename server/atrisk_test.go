package main

import (
	"testing"
	"time"
)

func TestClockingOutListsMyOpenTicketsAndTheSupervisorSeesThemAtRisk(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s) // CS1001 works 09:00–18:00 on odd December days
		agent, sup := f.tok["CS1001"], f.tok["CS2001"]
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		for range 3 {
			s.post(fromOrderMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": o["id"], "kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": "外包装破损"}},
				withToken(agent)).must(t)
		}
		clock := func(at time.Time) {
			s.app.Roster.Now = func() time.Time { return at }
			s.app.Tickets.Now = func() time.Time { return at }
		}
		clock(time.Date(2026, 12, 3, 18, 5, 0, 0, shanghaiZone))
		r := s.post(`mutation { recordAttendance(input: {idempotencyKey: "clock-out-0003-abcd", kind: CLOCK_OUT}) { openTickets { id } } }`, nil, withToken(agent)).must(t)
		if open := r.path("recordAttendance", "openTickets").([]any); len(open) != 3 {
			t.Fatalf("clocking out lists the person's three open tickets to hand over: %s", r.Raw)
		}

		clock(time.Date(2026, 12, 3, 19, 30, 0, 0, shanghaiZone))
		q := `query($d: ID!) { ticketsAtRisk(depotId: $d) { ticket { id } owner { employeeNo } shiftEndedAt minutesSinceShiftEnd } }`
		r = s.post(q, map[string]any{"d": f.depot}, withToken(sup)).must(t)
		list := r.path("ticketsAtRisk").([]any)
		if len(list) != 3 {
			t.Fatalf("the supervisor's at-risk queue lists the three tickets: %s", r.Raw)
		}
		first := list[0].(map[string]any)
		if first["owner"].(map[string]any)["employeeNo"] != "CS1001" || first["minutesSinceShiftEnd"] != 90.0 {
			t.Fatalf("each names the owner and the time since the shift ended: %s", r.Raw)
		}
		if r.Statements > 8 {
			t.Fatalf("the at-risk queue costs %d statements for three tickets (want at most 8)", r.Statements)
		}
		// On her next shift the tickets are hers again, not at risk.
		clock(time.Date(2026, 12, 5, 10, 0, 0, 0, shanghaiZone))
		if r := s.post(q, map[string]any{"d": f.depot}, withToken(sup)).must(t); len(r.path("ticketsAtRisk").([]any)) != 0 {
			t.Fatalf("tickets of someone on duty are not at risk: %s", r.Raw)
		}
	})
}
