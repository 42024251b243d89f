package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMalformedTimesAreBadUserInputAndChangeNothing: a Time input that is not RFC 3339
// with an offset is refused BAD_USER_INPUT naming the input field, in the caller's
// language, without quoting the value, and records nothing. It was INTERNAL (gqlgen's own
// scalar refused with a plain error), "" read as no time at all, and a time without an
// offset as UTC. A time with an offset reads back as the same instant.
func TestMalformedTimesAreBadUserInputAndChangeNothing(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		wb := s.releaseOrder(agent, s.intake(agent, orderInput()))["waybillNo"].(string)
		events := func() []any {
			return s.post(orderTracking, map[string]any{"w": wb}, withToken(agent)).must(t).path("orderByWaybill", "trackingEvents").([]any)
		}
		long := strings.Repeat("9", 10_000)
		for _, bad := range []any{"yesterday", "", "   ", "2026-11-30 09:00:00", "2026-11-30T09:00:00", "2026-13-40T09:00:00+08:00",
			"2026-11-30T09:00:00\u202e+08:00", "2026-11-30T09:00:00+08:00\x00", "\x00", long, 1733300000, 1e308, true, map[string]any{"at": "2026-12-04T09:00:00Z"}} {
			name := fmt.Sprintf("%.40q", fmt.Sprint(bad))
			r := s.post(recordEvents, map[string]any{"events": []any{map[string]any{"eventKey": "bad-time", "waybillNo": wb, "status": "IN_TRANSIT",
				"occurredAt": bad, "place": "杭州转运中心", "scannedBy": "PDA-0231"}}}, withToken(agent))
			if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "occurredAt" || !strings.Contains(r.Errors[0].Message, "RFC 3339") {
				t.Errorf("occurredAt %s: %s", name, r.Raw)
				continue
			}
			if s, ok := bad.(string); ok && len(s) > 3 && strings.Contains(r.Raw, s) {
				t.Errorf("occurredAt %s: the refusal quotes the value", name)
			}
		}
		// The same refusal for a literal in the document, in English when asked.
		r := s.post(fmt.Sprintf(`mutation { recordTrackingEvents(input: {events: [{eventKey: "bad-literal", waybillNo: %q, status: IN_TRANSIT,
			occurredAt: "yesterday", place: "杭州转运中心", scannedBy: "PDA-0231"}]}) { accepted } }`, wb), nil, withToken(agent), withHeader("Accept-Language", "en"))
		if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "occurredAt" || !strings.HasPrefix(r.Errors[0].Message, "Times are RFC 3339") {
			t.Errorf("a literal: %s", r.Raw)
		}
		if got := events(); len(got) != 0 {
			t.Fatalf("refused events were recorded: %v", got)
		}
		// An optional Time: null is no time, "" is refused.
		in := orderInput()
		in["service"], in["requiredArrivalAt"] = "STANDARD", ""
		if r := s.post(intakeMutation, map[string]any{"in": in}, withToken(agent)); r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "requiredArrivalAt" {
			t.Errorf(`requiredArrivalAt "": %s`, r.Raw)
		}

		// A time with an offset is that instant, read back in UTC or any offset alike.
		zone := time.FixedZone("CST", 8*3600)
		at := time.Now().In(zone).Add(-time.Hour).Truncate(time.Second)
		s.post(recordEvents, map[string]any{"events": []any{ev("good-time", wb, "PICKED_UP", at)}}, withToken(agent)).must(t)
		got := events()
		if len(got) != 1 {
			t.Fatalf("events after one good one: %v", got)
		}
		back, err := time.Parse(time.RFC3339Nano, got[0].(map[string]any)["occurredAt"].(string))
		if err != nil || !back.Equal(at) {
			t.Errorf("occurredAt sent as %s reads back as %v (%v)", at.Format(time.RFC3339), got[0].(map[string]any)["occurredAt"], err)
		}
	})
}
