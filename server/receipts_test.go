package main

import (
	"testing"
	"time"
)

const receiptQuery = `query($w: String!) { orderByWaybill(waybillNo: $w) { id version signedReceipt { status dueAt receivedAt } history { kind } } }`

const recordReceipt = `mutation($o: ID!, $v: Int!, $k: String!) { recordSignedReceipt(input: {idempotencyKey: $k, orderId: $o, expectedVersion: $v}) { order { version signedReceipt { status receivedAt } } } }`

func TestSignedReceiptReturnIsTrackedOnTheOrder(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		in := orderInput()
		in["receiptReturn"] = true
		o := s.releaseOrder(agent, s.intake(agent, in))
		wb := o["waybillNo"].(string)
		plain := s.intake(agent, orderInput())

		r := s.post(receiptQuery, map[string]any{"w": wb}, withToken(agent)).must(t)
		if r.path("orderByWaybill", "signedReceipt", "status") != "EXPECTED" || r.path("orderByWaybill", "signedReceipt", "dueAt") != nil {
			t.Fatalf("before signing: %s", r.Raw)
		}
		early := s.post(recordReceipt, map[string]any{"o": o["id"], "v": r.path("orderByWaybill", "version"), "k": key()}, withToken(agent))
		if early.Code() != "BAD_USER_INPUT" {
			t.Fatalf("a receipt before signing: %s", early.Raw)
		}
		none := s.post(recordReceipt, map[string]any{"o": plain["id"], "v": plain["version"], "k": key()}, withToken(agent))
		if none.Code() != "BAD_USER_INPUT" {
			t.Fatalf("a receipt for an order without the service: %s", none.Raw)
		}

		signedAt := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", signedAt.Add(-2*time.Hour)),
			ev(key(), wb, "SIGNED", signedAt, "signerName", "刘女士")}}, withToken(agent)).must(t)
		r = s.post(receiptQuery, map[string]any{"w": wb}, withToken(agent)).must(t)
		if due := r.path("orderByWaybill", "signedReceipt", "dueAt"); due != signedAt.AddDate(0, 0, 10).Format(time.RFC3339) {
			t.Fatalf("due %v: %s", due, r.Raw)
		}
		k := key()
		vars := map[string]any{"o": o["id"], "v": r.path("orderByWaybill", "version"), "k": k}
		got := s.post(recordReceipt, vars, withToken(agent)).must(t)
		if got.path("recordSignedReceipt", "order", "signedReceipt", "status") != "RECEIVED" {
			t.Fatalf("received: %s", got.Raw)
		}
		again := s.post(recordReceipt, vars, withToken(agent)).must(t)
		if again.path("recordSignedReceipt", "order", "signedReceipt", "receivedAt") != got.path("recordSignedReceipt", "order", "signedReceipt", "receivedAt") {
			t.Fatal("a retried record must not move the time")
		}
		other, _ := s.login("CS1006")
		if c := s.post(recordReceipt, map[string]any{"o": o["id"], "v": 1, "k": key()}, withToken(other)).Code(); c != "NOT_FOUND" {
			t.Fatalf("another depot's agent: %s", c)
		}
	})
}
