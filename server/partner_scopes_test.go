package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// trackingFields are every tracking-derived field of Order.
var trackingFields = []string{"milestone", "trackingStatus", "trackingExceptionReason", "late", "expectedArrival",
	"trackingEvents { status }", "arrival { signerName }"}

func TestTrackingFieldsNeedTrackingReadForPartners(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		_, ordersOnly := s.newClient(admin, map[string]any{"name": "只读订单", "clientId": "orders-only", "scopes": []string{"orders:read"}})
		_, both := s.newClient(admin, map[string]any{"name": "订单与轨迹", "clientId": "orders-tracking", "scopes": []string{"orders:read", "tracking:read"}})
		narrow, _ := s.partnerToken("orders-only", ordersOnly)
		wide, _ := s.partnerToken("orders-tracking", both)
		mine := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "orders-only", "partnerClientId")))["waybillNo"].(string)
		theirs := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "orders-tracking", "partnerClientId")))["waybillNo"].(string)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), mine, "PICKED_UP", time.Now().Add(-time.Hour)),
			ev(key(), theirs, "PICKED_UP", time.Now().Add(-time.Hour))}}, withToken(agent)).must(t)

		q := func(field string) string {
			return `query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo ` + field + ` } }`
		}
		for _, f := range trackingFields {
			name := strings.Fields(f)[0]
			r := s.post(q(f), map[string]any{"w": mine}, withToken(narrow))
			if r.Code() != "FORBIDDEN" || r.Errors[0].Extensions["scope"] != "tracking:read" || strings.Contains(r.Raw, "PICKED_UP") {
				t.Errorf("%s with orders:read only: %s", name, r.Raw)
			}
			if r := s.post(q(f), map[string]any{"w": theirs}, withToken(wide)); len(r.Errors) > 0 {
				t.Errorf("%s with tracking:read: %s", name, r.Raw)
			}
			if r := s.post(q(f), map[string]any{"w": mine}, withToken(agent)); len(r.Errors) > 0 {
				t.Errorf("%s for staff: %s", name, r.Raw)
			}
		}
		// Without tracking fields the order reads as before.
		if r := s.post(q("service state"), map[string]any{"w": mine}, withToken(narrow)); len(r.Errors) > 0 {
			t.Errorf("plain order fields with orders:read: %s", r.Raw)
		}
		// Filtering by lateness tells as much as the late field.
		if r := s.post(`{ orders(lateOnly: true) { totalCount } }`, nil, withToken(narrow)); r.Code() != "FORBIDDEN" || r.Errors[0].Extensions["scope"] != "tracking:read" {
			t.Errorf("lateOnly with orders:read only: %s", r.Raw)
		}
		s.post(`{ orders(lateOnly: true) { totalCount } }`, nil, withToken(wide)).must(t)
		s.post(`{ orders(lateOnly: false) { totalCount } }`, nil, withToken(narrow)).must(t)
	})
}

func TestAQueryCostlierThanTheWholeBudgetIsRefusedForGood(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		s.app.Partners.Now = func() time.Time { return now }
		_, secret := s.newClient(admin, map[string]any{"name": "小预算", "clientId": "small-budget", "scopes": []string{"orders:read"}, "budgetPerMinute": 100})
		tok, _ := s.partnerToken("small-budget", secret)
		const costly = `{ orders(first: 100) { edges { node { waybillNo service } } } }` // far above 100
		r := s.post(costly, nil, withToken(tok))
		if r.Code() != "QUERY_OVER_BUDGET" || r.Status != http.StatusOK || r.Header.Get("Retry-After") != "" ||
			r.Errors[0].Extensions["retryAfterSeconds"] != nil || r.Errors[0].Extensions["budgetPerMinute"] != float64(100) || r.Data != nil {
			t.Fatalf("a query over the whole budget: %d %s", r.Status, r.Raw)
		}
		r = s.post(costly, nil, withToken(tok), withHeader("Accept", "application/graphql-response+json"))
		if r.Code() != "QUERY_OVER_BUDGET" || r.Status != http.StatusBadRequest {
			t.Errorf("with the GraphQL response media type: %d %s", r.Status, r.Raw)
		}
		// Nothing was charged: a small query finds the whole budget.
		r = s.post(`{ orders(first: 1) { totalCount } }`, nil, withToken(tok)).must(t)
		cost := r.Extensions["cost"].(map[string]any)
		if cost["remaining"].(float64) != 100-cost["requested"].(float64) {
			t.Errorf("the refused query spent budget: %v", cost)
		}
	})
}
