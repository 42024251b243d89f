package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/order"
)

// lookupFields are what a staff look-up shows: the order, its consignee (masked) and its
// whole timeline, every event field.
const lookupFields = `id waybillNo trackingStatus expectedArrival consignee { name phoneMasked addressMasked }
  trackingEvents { status exceptionReason signerName occurredAt recordedAt place scannedBy note }`

// A staff look-up with its timeline reads both in one statement on PostgreSQL (the
// timeline's own statement cost as much as the order's), and answers byte for byte as the
// loader path does: the same order reached through node(id), whose timeline comes from
// the EventsByOrder loader. SQLite keeps its two in-process statements.
func TestStaffLookUpReadsOrderAndTimelineInOneStatement(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		otherDepot, _ := s.login("CS1004")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		wb := o["waybillNo"].(string)
		bare := s.releaseOrder(agent, s.intake(agent, orderInput()))

		// Microsecond times, an exception with its reason, a signer, Chinese notes, an
		// emoji place, empty notes: whatever the JSON of the one-statement path could
		// change (precision, zone, escaping, empty against null).
		at := time.Now().Add(-6 * time.Hour).UTC().Truncate(time.Second)
		micro := func(h int, us int) string {
			return at.Add(time.Duration(h)*time.Hour + time.Duration(us)*time.Microsecond).Format(time.RFC3339Nano)
		}
		events := []any{
			ev(key(), wb, "PICKED_UP", at, "occurredAt", micro(0, 123456), "note", "", "place", "上海浦东 🚚 网点"),
			ev(key(), wb, "IN_TRANSIT", at, "occurredAt", micro(1, 1), "note", "已发往\"杭州\"\\转运中心\n第二行"),
			ev(key(), wb, "EXCEPTION", at, "occurredAt", micro(2, 999999), "exceptionReason", "ADDRESS_PROBLEM", "note", "收件地址不详,已致电"),
			ev(key(), wb, "SIGNED", at, "occurredAt", micro(3, 500000), "signerName", "欧阳娜娜", "note", "本人签收 ✅"),
			ev(key(), wb, "OUT_FOR_DELIVERY", at, "occurredAt", micro(2, 999998)),
		}
		r := s.post(recordEvents, map[string]any{"events": events}, withToken(agent)).must(t)
		if r.path("recordTrackingEvents", "accepted") != float64(len(events)) {
			t.Fatalf("events not recorded: %s", r.Raw)
		}
		// Recording keeps milliseconds; the database keeps microseconds, and an event
		// imported or corrected there may carry them.
		for i, us := range []int{123456, 1, 999999} {
			k := events[i].(map[string]any)["eventKey"]
			when := at.Add(time.Duration(i)*time.Hour + time.Duration(us)*time.Microsecond)
			if _, err := s.app.DB.W.NewUpdate().Table("tracking_events").Set("occurred_at = ?", when).Where("event_key = ?", k).Exec(context.Background()); err != nil {
				t.Fatal(err)
			}
		}

		const byWaybill = `query($w: String!) { orderByWaybill(waybillNo: $w) { ` + lookupFields + ` } }`
		const byID = `query($id: ID!) { node(id: $id) { ... on Order { ` + lookupFields + ` } } }`
		one := s.post(byWaybill, map[string]any{"w": wb}, withToken(agent)).must(t)
		want := int64(1)
		if s.app.DB.Dialect == db.SQLite {
			want = 2
		}
		if one.Statements != want {
			t.Errorf("the look-up with its timeline ran %d statements, want %d", one.Statements, want)
		}
		loaded := s.post(byID, map[string]any{"id": o["id"]}, withToken(agent)).must(t)
		if loaded.Statements < 2 {
			t.Fatalf("node(id) ran %d statements: it no longer reads the timeline through its loader, and compares nothing", loaded.Statements)
		}
		got, ref := field(t, one, "orderByWaybill"), field(t, loaded, "node")
		if got != ref {
			t.Errorf("the one-statement look-up answers\n%s\nthe loader path\n%s", got, ref)
		}
		for _, part := range []string{".123456", ".999999", ".000001", "ADDRESS_PROBLEM", "欧阳娜娜", "🚚", `\"杭州\"\\转运中心\n`, `"note":""`} {
			if !strings.Contains(got, part) {
				t.Errorf("the timeline lost %s: %s", part, got)
			}
		}
		if n := strings.Count(got, `"status"`); n != len(events) {
			t.Errorf("%d events read back, want %d: %s", n, len(events), got)
		}

		// No events: an empty timeline, not null, still one statement.
		empty := s.post(byWaybill, map[string]any{"w": bare["waybillNo"]}, withToken(agent)).must(t)
		if !strings.Contains(field(t, empty, "orderByWaybill"), `"trackingEvents":[]`) || empty.Statements != want {
			t.Errorf("an order without events (%d statements): %s", empty.Statements, empty.Raw)
		}
		if ref := field(t, s.post(byID, map[string]any{"id": bare["id"]}, withToken(agent)).must(t), "node"); ref != field(t, empty, "orderByWaybill") {
			t.Errorf("without events the paths differ: %s against %s", empty.Raw, ref)
		}

		// Another depot's agent: NOT_FOUND, as without the timeline.
		if r := s.post(byWaybill, map[string]any{"w": wb}, withToken(otherDepot)); r.Code() != "NOT_FOUND" || strings.Contains(r.Raw, "PICKED_UP") {
			t.Errorf("another depot's agent: %s", r.Raw)
		}
		// A mistyped number is refused before any SQL.
		if r := s.post(byWaybill, map[string]any{"w": mistype(wb)}, withToken(agent)); r.Code() != "WAYBILL_CHECK_DIGIT" || r.Statements != 0 {
			t.Errorf("mistyped number (%d statements): %s", r.Statements, r.Raw)
		}

		// A miss one typo from a real number gets the same did-you-mean with the timeline
		// selected as without it.
		real := blindTypoNumber(t)
		if _, err := s.app.DB.W.NewUpdate().Table("orders").Set("waybill_no = ?", real).Where("waybill_no = ?", bare["waybillNo"]).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		typo := order.OneTypoAway(real)[0]
		plain := s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { id } }`, map[string]any{"w": typo}, withToken(agent))
		timed := s.post(byWaybill, map[string]any{"w": typo}, withToken(agent))
		if plain.Code() != "NOT_FOUND" || !strings.Contains(plain.Raw, real) {
			t.Fatalf("the plain miss offers nothing, and compares nothing: %s", plain.Raw)
		}
		if fmt.Sprint(plain.Errors) != fmt.Sprint(timed.Errors) {
			t.Errorf("the miss with the timeline selected: %s, without: %s", timed.Raw, plain.Raw)
		}
	})
}

// field is the exact JSON text of data.name in r's response.
func field(t *testing.T, r *gqlResult, name string) string {
	t.Helper()
	var body struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &body); err != nil || body.Data[name] == nil {
		t.Fatalf("no data.%s (%v): %s", name, err, r.Raw)
	}
	return string(body.Data[name])
}

// blindTypoNumber is a free waybill number one of whose single typos still has a right
// check digit.
func blindTypoNumber(t *testing.T) string {
	for n := 1; n < 100000; n++ {
		serial := fmt.Sprintf("%08d", n*7919%100000000)
		d, _ := order.CheckDigit(serial)
		if w := fmt.Sprintf("SD%s%dCN", serial, d); len(order.OneTypoAway(w)) > 0 {
			return w
		}
	}
	t.Fatal("no number with a typo the check digit misses")
	return ""
}
