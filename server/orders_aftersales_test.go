package main

import (
	"testing"
	"time"
)

// Wiring: cancelOrder on a shipped order returns the after-sales ticket it opened, and
// the order's history links to the same ticket.
func TestShippedOrderCancellationReturnsTheAfterSalesTicketThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), o["waybillNo"].(string), "PICKED_UP", time.Now().Add(-time.Minute))}},
			withToken(agent)).must(t)
		got := s.post(orderTracking, map[string]any{"w": o["waybillNo"]}, withToken(agent)).must(t)
		r := s.post(`mutation($in: CancelOrderInput!) { cancelOrder(input: $in) { action afterSalesTicket { id summary priority state assignee { employeeNo } } order {
			history { kind action ticket { id } } } } }`, map[string]any{"in": map[string]any{
			"idempotencyKey": key(), "orderId": o["id"], "expectedVersion": got.path("orderByWaybill", "version"), "reason": "客户改变主意"}}, withToken(agent)).must(t)
		if r.path("cancelOrder", "action") != "AFTER_SALES" || r.path("cancelOrder", "afterSalesTicket", "assignee", "employeeNo") != "CS1001" ||
			r.path("cancelOrder", "afterSalesTicket", "state") != "NEW" {
			t.Fatalf("cancel of a shipped order: %s", r.Raw)
		}
		id := r.path("cancelOrder", "afterSalesTicket", "id")
		linked := false
		for _, h := range r.path("cancelOrder", "order", "history").([]any) {
			e := h.(map[string]any)
			if e["kind"] == "CANCEL" {
				tk, _ := e["ticket"].(map[string]any)
				linked = tk != nil && tk["id"] == id
			}
		}
		if !linked {
			t.Errorf("history does not link to the ticket: %s", r.Raw)
		}
	})
}
