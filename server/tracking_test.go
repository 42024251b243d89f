package main

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/tracking"
)

const recordEvents = `mutation($events: [TrackingEventInput!]!) { recordTrackingEvents(input: {events: $events}) {
  accepted duplicates rejected results { index eventKey outcome errorCode errorMessage } } }`

func ev(k, waybill, status string, at time.Time, extra ...any) map[string]any {
	m := map[string]any{"eventKey": k, "waybillNo": waybill, "status": status, "occurredAt": at.Format(time.RFC3339),
		"place": "杭州转运中心", "scannedBy": "PDA-0231"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

const orderTracking = `query($w: String!) { orderByWaybill(waybillNo: $w) { milestone stage version expectedArrival trackingStatus trackingExceptionReason late
  trackingEvents { status occurredAt signerName exceptionReason } } }`

func TestTrackingEventsOutOfOrderIdempotentAndBatched(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		pending := s.intake(agent, orderInput())
		wb := o["waybillNo"].(string)
		zone := s.app.Cfg.zone
		day := time.Now().In(zone).AddDate(0, 0, -1)
		t1 := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, zone)
		t2, t3 := t1.Add(2*time.Hour), t1.Add(5*time.Hour)

		// Out-of-order arrival: the delivery scan first, the pick-up last.
		batch := []any{ev("k-3", wb, "OUT_FOR_DELIVERY", t3), ev("k-2", wb, "IN_TRANSIT", t2), ev("k-1", wb, "PICKED_UP", t1)}
		r := s.post(recordEvents, map[string]any{"events": batch}, withToken(agent)).must(t)
		if r.path("recordTrackingEvents", "accepted") != 3.0 {
			t.Fatalf("batch: %s", r.Raw)
		}
		got := s.post(orderTracking, map[string]any{"w": wb}, withToken(agent)).must(t)
		if got.path("orderByWaybill", "milestone") != "OUT_FOR_DELIVERY" || got.path("orderByWaybill", "stage") != "SHIPPED" {
			t.Errorf("status must follow the furthest milestone, not arrival order: %s", got.Raw)
		}
		var order []string
		for _, e := range got.path("orderByWaybill", "trackingEvents").([]any) {
			order = append(order, e.(map[string]any)["status"].(string))
		}
		if fmt.Sprint(order) != "[PICKED_UP IN_TRANSIT OUT_FOR_DELIVERY]" {
			t.Errorf("timeline must sort by event time: %v", order)
		}
		wantETA := time.Date(t3.Year(), t3.Month(), t3.Day(), 20, 0, 0, 0, zone)
		if eta, _ := time.Parse(time.RFC3339, got.path("orderByWaybill", "expectedArrival").(string)); !eta.Equal(wantETA) {
			t.Errorf("ETA once out for delivery = %s, want %s", eta, wantETA)
		}
		// Yesterday 20:00 has passed: the parcel is late, which shows as an exception.
		if got.path("orderByWaybill", "late") != true || got.path("orderByWaybill", "trackingStatus") != "EXCEPTION" ||
			got.path("orderByWaybill", "trackingExceptionReason") != "LATE" {
			t.Errorf("a parcel past its expected arrival is an exception: %s", got.Raw)
		}
		late := s.post(`{ orders(lateOnly: true) { totalCount } }`, nil, withToken(agent)).must(t)
		if late.path("orders", "totalCount") != 1.0 {
			t.Errorf("late orders: %s", late.Raw)
		}

		// Per-event outcomes in one batch.
		typo := mistype(wb)
		mixed := []any{
			ev("k-1", wb, "PICKED_UP", t1),                                  // sent again: duplicate
			ev("k-2", wb, "ARRIVED_AT_HUB", t2),                             // key reused for another event
			ev("k-typo", typo, "IN_TRANSIT", t2),                            // mistyped waybill
			ev("k-pending", pending["waybillNo"].(string), "PICKED_UP", t1), // not released
			ev("k-exc", wb, "EXCEPTION", t3.Add(time.Hour)),                 // exception without reason
			ev("k-future", wb, "IN_TRANSIT", time.Now().Add(time.Hour)),
			ev("k-twice", wb, "ARRIVED_AT_HUB", t2.Add(30*time.Minute)), // new
			ev("k-twice", wb, "ARRIVED_AT_HUB", t2.Add(30*time.Minute)), // the same, twice in one batch
			ev("k-twice", wb, "IN_TRANSIT", t2.Add(30*time.Minute)),     // its key, for another event
		}
		r = s.post(recordEvents, map[string]any{"events": mixed}, withToken(agent)).must(t)
		want := []struct{ outcome, code string }{{"DUPLICATE", ""}, {"REJECTED", "TRACKING_EVENT_KEY_REUSED"}, {"REJECTED", "WAYBILL_CHECK_DIGIT"},
			{"REJECTED", "ORDER_NOT_RELEASED"}, {"REJECTED", "BAD_USER_INPUT"}, {"REJECTED", "TRACKING_TIME_INVALID"},
			{"ACCEPTED", ""}, {"DUPLICATE", ""}, {"REJECTED", "TRACKING_EVENT_KEY_REUSED"}}
		for i, res := range r.path("recordTrackingEvents", "results").([]any) {
			m := res.(map[string]any)
			code, _ := m["errorCode"].(string)
			if m["outcome"] != want[i].outcome || code != want[i].code {
				t.Errorf("event %d: %v, want %v", i, m, want[i])
			}
		}

		// An exception after the last milestone shows; the signature ends the journey.
		s.post(recordEvents, map[string]any{"events": []any{
			ev("k-5", wb, "SIGNED", t3.Add(3*time.Hour), "signerName", "刘女士"),
			ev("k-4", wb, "EXCEPTION", t3.Add(time.Hour), "exceptionReason", "RECEIVER_UNREACHABLE"),
		}}, withToken(agent)).must(t)
		got = s.post(orderTracking, map[string]any{"w": wb}, withToken(agent)).must(t)
		if got.path("orderByWaybill", "trackingStatus") != "SIGNED" || got.path("orderByWaybill", "late") != false {
			t.Errorf("signed parcel: %s", got.Raw)
		}
		checkProgress(t, s, o["id"].(string))
		res := s.post(`mutation($in: CancelOrderInput!) { cancelOrder(input: $in) { action } }`, map[string]any{"in": map[string]any{
			"idempotencyKey": key(), "orderId": o["id"], "expectedVersion": got.path("orderByWaybill", "version"), "reason": "不想要了"}}, withToken(agent))
		if res.Code() != "ORDER_DELIVERED" {
			t.Errorf("cancelling a signed parcel: %s", res.Raw)
		}

		// Batches: 1,000 events in one request with a bounded number of statements; 1,001 refused.
		many := make([]any, 1000)
		others := []string{}
		for i := 0; i < 4; i++ {
			others = append(others, s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string))
		}
		for i := range many {
			many[i] = ev(fmt.Sprintf("bulk-%04d", i), others[i%4], "IN_TRANSIT", t1.Add(time.Duration(i)*time.Second))
		}
		r = s.post(recordEvents, map[string]any{"events": many}, withToken(agent)).must(t)
		if r.path("recordTrackingEvents", "accepted") != 1000.0 {
			t.Fatalf("bulk: accepted %v", r.path("recordTrackingEvents", "accepted"))
		}
		t.Logf("a batch of 1,000 events for 4 orders: %d statements", r.Statements)
		if r.Statements > 15 {
			t.Errorf("a batch of 1,000 events ran %d statements; want a fixed handful plus one update per order", r.Statements)
		}
		if r := s.post(recordEvents, map[string]any{"events": append(many, ev("one-more", wb, "IN_TRANSIT", t1))}, withToken(agent)); r.Code() != "TRACKING_BATCH_TOO_LARGE" {
			t.Errorf("1,001 events: %s", r.Code())
		}

		// Partners: the demo partner may read but not write; one with tracking:write writes for its own orders.
		pt := s.post(`mutation($id: String!, $secret: String!) { issuePartnerToken(input: {clientId: $id, clientSecret: $secret}) { accessToken } }`,
			map[string]any{"id": "demo-mall", "secret": s.secret}).must(t).path("issuePartnerToken", "accessToken").(string)
		if r := s.post(recordEvents, map[string]any{"events": []any{ev("p-1", wb, "IN_TRANSIT", t1)}}, withToken(pt)); r.Code() != "FORBIDDEN" {
			t.Errorf("partner without tracking:write: %s", r.Raw)
		}
		_, secret, err := s.app.Identity.CreatePartnerClient(t.Context(), s.app.DB.W, "顺路物流", "carrier-1", []string{"orders:read", "tracking:read", "tracking:write"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		carrier := s.post(`mutation($id: String!, $secret: String!) { issuePartnerToken(input: {clientId: $id, clientSecret: $secret}) { accessToken } }`,
			map[string]any{"id": "carrier-1", "secret": secret}).must(t).path("issuePartnerToken", "accessToken").(string)
		own := s.intake(agent, with(orderInput(), "carrier-1", "partnerClientId"))
		own = s.releaseOrder(agent, own)
		r = s.post(recordEvents, map[string]any{"events": []any{ev("c-1", own["waybillNo"].(string), "PICKED_UP", t1), ev("c-2", others[0], "IN_TRANSIT", t2)}}, withToken(carrier)).must(t)
		res0 := r.path("recordTrackingEvents", "results").([]any)
		if res0[0].(map[string]any)["outcome"] != "ACCEPTED" || res0[1].(map[string]any)["errorCode"] != "NOT_FOUND" {
			t.Errorf("a carrier writes only for its own orders: %s", r.Raw)
		}
	})
}

func TestCustomerLookupShowsLittleAndLocksGuessing(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		wb := o["waybillNo"].(string)
		s.post(recordEvents, map[string]any{"events": []any{ev("l-1", wb, "PICKED_UP", time.Now().Add(-time.Hour))}}, withToken(agent)).must(t)
		const q = `query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { waybillNo status late destinationCity expectedArrival events { status place } } }`

		r := s.post(q, map[string]any{"w": wb, "d": "4321"}).must(t) // the receiver's landline, no token
		if r.path("customerTracking", "status") != "PICKED_UP" || r.path("customerTracking", "destinationCity") != "杭州市" {
			t.Errorf("look-up: %s", r.Raw)
		}
		typo := mistype(wb)
		if r := s.post(q, map[string]any{"w": typo, "d": "5678"}); r.Code() != "WAYBILL_CHECK_DIGIT" || r.Statements != 0 {
			t.Errorf("mistyped waybill: %s (%d statements)", r.Code(), r.Statements)
		}
		for i := 0; i < 5; i++ {
			if r := s.post(q, map[string]any{"w": wb, "d": "0000"}); r.Code() != "NOT_FOUND" {
				t.Fatalf("wrong digits, try %d: %s", i+1, r.Raw)
			}
		}
		r = s.post(q, map[string]any{"w": wb, "d": "5678"})
		if r.Code() != "TRACKING_LOOKUP_LOCKED" || r.Errors[0].Extensions["retryAfterSeconds"] == nil {
			t.Errorf("after five failures even the right digits wait: %s", r.Raw)
		}
	})
}

func TestCustomerLookupIsThrottledPerAddress(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		now := time.Now().UTC()
		s.app.Tracking.Now = func() time.Time { return now } // no refill while the budget is spent
		const q = `query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { status } }`
		from := func(addr string) reqOpt { return func(r *http.Request) { r.RemoteAddr = addr } }
		for i := 0; i < tracking.DefaultLookupPolicy.PerSourcePerMinute; i++ {
			if r := s.post(q, map[string]any{"w": wb, "d": "4321"}, from("198.51.100.7:4000")); r.Code() != "" {
				t.Fatalf("look-up %d: %s", i+1, r.Raw)
			}
		}
		charge := int64(0) // the bucket is in memory on SQLite, one statement on PostgreSQL
		if s.app.DB.Dialect == db.Postgres {
			charge = 1
		}
		r := s.post(q, map[string]any{"w": wb, "d": "4321"}, from("198.51.100.7:4001"))
		if r.Code() != "THROTTLED" || r.Errors[0].Extensions["retryAfterSeconds"] != float64(2) || r.Statements != charge {
			t.Errorf("one address over its budget is throttled before any query until one look-up refills: %s (%d statements)", r.Raw, r.Statements)
		}
		if r := s.post(q, map[string]any{"w": wb, "d": "4321"}, from("203.0.113.9:4000")); r.Code() != "" {
			t.Errorf("another address still looks up: %s", r.Raw)
		}
		now = now.Add(2 * time.Second)
		if r := s.post(q, map[string]any{"w": wb, "d": "4321"}, from("198.51.100.7:4002")); r.Code() != "" {
			t.Errorf("waiting as told is enough: %s", r.Raw)
		}
	})
}

func TestCustomerLookupBudgetIsSharedAcrossInstancesOnPostgres(t *testing.T) {
	a, b := twoInstances(t)
	now := time.Now().UTC()
	a.app.Tracking.Now = func() time.Time { return now }
	b.app.Tracking.Now = func() time.Time { return now }
	agent, _ := a.login("CS1001")
	wb := a.releaseOrder(agent, a.intake(agent, orderInput()))["waybillNo"].(string)
	const q = `query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { status } }`
	from := func(addr string) reqOpt { return func(r *http.Request) { r.RemoteAddr = addr } }
	for i := 0; i < tracking.DefaultLookupPolicy.PerSourcePerMinute; i++ {
		if r := a.post(q, map[string]any{"w": wb, "d": "4321"}, from("198.51.100.7:4000")); r.Code() != "" {
			t.Fatalf("look-up %d on instance A: %s", i+1, r.Raw)
		}
	}
	r := b.post(q, map[string]any{"w": wb, "d": "4321"}, from("198.51.100.7:4000"))
	if r.Code() != "THROTTLED" || r.Errors[0].Extensions["retryAfterSeconds"] != float64(2) {
		t.Fatalf("instance B after the address spent its budget on A: %s", r.Raw)
	}
	if r := b.post(q, map[string]any{"w": wb, "d": "4321"}, from("203.0.113.9:4000")); r.Code() != "" {
		t.Errorf("another address still looks up on B: %s", r.Raw)
	}
	// The look-up that refills in two seconds is spent once, on whichever instance asks first.
	now = now.Add(2 * time.Second)
	if r := b.post(q, map[string]any{"w": wb, "d": "4321"}, from("198.51.100.7:4000")); r.Code() != "" {
		t.Errorf("instance B after waiting as told: %s", r.Raw)
	}
	if r := a.post(q, map[string]any{"w": wb, "d": "4321"}, from("198.51.100.7:4000")); r.Code() != "THROTTLED" {
		t.Errorf("instance A after B spent the refill: %s", r.Raw)
	}
}

func TestTrackingRoundsAndArrival(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		colleague, _ := s.login("CS1002")
		supervisor, _ := s.login("CS2001")
		otherSupervisor, _ := s.login("CS2002")
		me := func(tok string) (string, string) {
			r := s.post(`{ me { id depot { id } } }`, nil, withToken(tok)).must(t)
			return r.path("me", "id").(string), r.path("me", "depot", "id").(string)
		}
		a1, depot := me(agent)
		a2, _ := me(colleague)

		var shipped []map[string]any
		for i := 0; i < 3; i++ {
			o := s.releaseOrder(agent, s.intake(agent, orderInput()))
			s.post(recordEvents, map[string]any{"events": []any{ev(fmt.Sprintf("r-%d", i), o["waybillNo"].(string), "IN_TRANSIT", time.Now().Add(-time.Hour))}}, withToken(agent)).must(t)
			shipped = append(shipped, o)
		}
		s.intake(agent, orderInput()) // not shipped: not in the round

		const gen = `mutation($in: GenerateTrackingRoundInput!) { generateTrackingRound(input: $in) { created round { id slot dueAt items { id agent { employeeNo } order { waybillNo } } } } }`
		yesterday := time.Now().In(s.app.Cfg.zone).AddDate(0, 0, -1).Format("2006-01-02")
		in := map[string]any{"in": map[string]any{"depotId": depot, "day": yesterday, "slot": "MORNING", "agentIds": []string{a1, a2}}}
		if r := s.post(gen, in, withToken(otherSupervisor)); r.Code() != "FORBIDDEN" {
			t.Errorf("a supervisor of another depot: %s", r.Raw)
		}
		if r := s.post(gen, in, withToken(agent)); r.Code() != "FORBIDDEN" {
			t.Errorf("an agent generating a round: %s", r.Raw)
		}
		r := s.post(gen, in, withToken(supervisor)).must(t)
		items := r.path("generateTrackingRound", "round", "items").([]any)
		if r.path("generateTrackingRound", "created") != true || len(items) != 3 {
			t.Fatalf("round: %s", r.Raw)
		}
		per := map[string]int{}
		for _, it := range items {
			per[it.(map[string]any)["agent"].(map[string]any)["employeeNo"].(string)]++
		}
		if per["CS1001"]+per["CS1002"] != 3 || per["CS1001"] == 0 || per["CS1002"] == 0 {
			t.Errorf("orders must be shared among the agents on duty: %v", per)
		}
		again := s.post(gen, in, withToken(supervisor)).must(t)
		if again.path("generateTrackingRound", "created") != false || again.path("generateTrackingRound", "round", "id") != r.path("generateTrackingRound", "round", "id") {
			t.Errorf("a round exists once per depot, day and slot: %s", again.Raw)
		}
		if g, _, err := s.app.Tracking.GenerateRound(t.Context(), depotKey(t, depot), yesterday, "MORNING", nil); err != nil || g == nil {
			t.Errorf("the scheduler's call for an existing round returns it: %v", err)
		}
		// Several instances generating the same round at once: exactly one creates it.
		twoDaysAgo := time.Now().In(s.app.Cfg.zone).AddDate(0, 0, -2).Format("2006-01-02")
		var wg sync.WaitGroup
		created := make([]bool, 4)
		errs := make([]error, 4)
		for i := range created {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, created[i], errs[i] = s.app.Tracking.GenerateRound(t.Context(), depotKey(t, depot), twoDaysAgo, "AFTERNOON",
					[]string{agentKey(t, a1), agentKey(t, a2)})
			}(i)
		}
		wg.Wait()
		n := 0
		for i, c := range created {
			if errs[i] != nil {
				t.Errorf("concurrent generation %d: %v", i, errs[i])
			}
			if c {
				n++
			}
		}
		if n != 1 {
			t.Errorf("concurrent generation created the round %d times, want once", n)
		}

		// Agents mark their items; the rest makes the round missed (yesterday's is past due).
		mine := s.post(`query($d: Date) { myTrackingRoundItems(day: $d) { id order { waybillNo } } }`, map[string]any{"d": yesterday}, withToken(agent)).must(t)
		myItems := mine.path("myTrackingRoundItems").([]any)
		if len(myItems) != per["CS1001"] {
			t.Fatalf("my items: %s", mine.Raw)
		}
		const mark = `mutation($in: MarkTrackingRoundItemInput!) { markTrackingRoundItem(input: $in) { replayed item { checkedAt customerTold } } }`
		mk := map[string]any{"in": map[string]any{"idempotencyKey": key(), "itemId": myItems[0].(map[string]any)["id"], "customerTold": true, "note": "已短信告知客户"}}
		if r := s.post(mark, mk, withToken(colleague)); r.Code() != "NOT_FOUND" && per["CS1002"] > 0 {
			t.Errorf("marking a colleague's item: %s", r.Raw)
		}
		r = s.post(mark, mk, withToken(agent)).must(t)
		if r.path("markTrackingRoundItem", "item", "customerTold") != true || r.path("markTrackingRoundItem", "item", "checkedAt") == nil {
			t.Errorf("mark: %s", r.Raw)
		}
		if r := s.post(mark, mk, withToken(agent)).must(t); r.path("markTrackingRoundItem", "replayed") != true {
			t.Errorf("a retried mark is a replay: %s", r.Raw)
		}
		missed := s.post(`query($d: ID!, $f: Date!, $t: Date!) { missedTrackingRounds(depotId: $d, from: $f, to: $t) { unchecked total round { slot } } }`,
			map[string]any{"d": depot, "f": yesterday, "t": yesterday}, withToken(supervisor)).must(t)
		m := missed.path("missedTrackingRounds").([]any)
		if len(m) != 1 || m[0].(map[string]any)["unchecked"] != 2.0 || m[0].(map[string]any)["total"] != 3.0 {
			t.Errorf("missed rounds: %s", missed.Raw)
		}

		// Arrival confirmation.
		const confirm = `mutation($in: ConfirmArrivalInput!) { confirmArrival(input: $in) { replayed arrival { signerName goodsCondition reachedBy } } }`
		arrival := func(orderID any) map[string]any {
			return map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": orderID, "arrivedAt": time.Now().Add(-time.Minute).Format(time.RFC3339),
				"goodsCondition": "INTACT", "driverAttitude": "GOOD", "signerName": "刘女士", "reachedBy": []string{"SMS", "PHONE_CALL"}}}
		}
		r = s.post(confirm, arrival(shipped[0]["id"]), withToken(agent)).must(t)
		if r.path("confirmArrival", "arrival", "signerName") != "刘女士" || len(r.path("confirmArrival", "arrival", "reachedBy").([]any)) != 2 {
			t.Errorf("arrival: %s", r.Raw)
		}
		if r := s.post(confirm, arrival(shipped[0]["id"]), withToken(agent)); r.Code() != "ARRIVAL_ALREADY_CONFIRMED" {
			t.Errorf("second confirmation: %s", r.Raw)
		}
		unshipped := s.intake(agent, orderInput())
		if r := s.post(confirm, arrival(unshipped["id"]), withToken(agent)); r.Code() != "ORDER_NOT_SHIPPED" {
			t.Errorf("arrival before shipping: %s", r.Raw)
		}
	})
}

func agentKey(t *testing.T, id string) string {
	t.Helper()
	_, k, err := graph.ParseGlobalID(id, "Staff")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func depotKey(t *testing.T, id string) string {
	t.Helper()
	_, k, err := graph.ParseGlobalID(id, "OrgUnit")
	if err != nil {
		t.Fatal(err)
	}
	return k
}
