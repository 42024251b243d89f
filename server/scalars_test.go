package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
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

// TestMalformedDatesAreBadUserInputNamingTheArgumentWithoutQuotingIt: a Date that is not
// a real YYYY-MM-DD day is refused BAD_USER_INPUT in the caller's language, naming the
// argument or input field it was given for, without quoting the value, and stores
// nothing. The refusal used to quote it (a right-to-left override turned the message
// around; 10,000 characters came back whole) and called every Date "day", so
// tariffInEffect(on:) and requestLeave's endDay were both "day".
func TestMalformedDatesAreBadUserInputNamingTheArgumentWithoutQuotingIt(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		leaveType := s.post(`{ leaveTypes { id } }`, nil, withToken(agent)).must(t).path("leaveTypes").([]any)[0].(map[string]any)["id"]
		const requestLeave = `mutation($in: RequestLeaveInput!) { requestLeave(input: $in) { leaveRequest { id } } }`
		long := strings.Repeat("9", 10_000)
		for _, bad := range []any{"\u202e2026-12-22", "2026-12-22\x00", "2026-02-30", "20261222", "2026-12-22T00:00:00Z", "", long, 20261222, true, map[string]any{"day": "2026-12-22"}} {
			name := fmt.Sprintf("%.40q", fmt.Sprint(bad))
			cases := []struct {
				what, query, field string
				vars               map[string]any
			}{
				{"tariffInEffect(on:)", `query($d: Date) { tariffInEffect(on: $d) { id } }`, "on", map[string]any{"d": bad}},
				{"myAttendance(day:)", `query($d: Date) { myAttendance(day: $d) { id } }`, "day", map[string]any{"d": bad}},
				{"requestLeave's endDay", requestLeave, "endDay", map[string]any{"in": map[string]any{"idempotencyKey": key(), "leaveTypeId": leaveType,
					"startDay": "2026-12-22", "endDay": bad, "reason": "探亲"}}},
			}
			for _, c := range cases {
				for _, lang := range []struct{ accept, message string }{
					{"", "日期须为 YYYY-MM-DD 格式,例如 2026-11-24"},
					{"en", "Dates are YYYY-MM-DD, for example 2026-11-24"},
				} {
					r := s.post(c.query, c.vars, withToken(agent), withHeader("Accept-Language", lang.accept))
					if r.Status != 200 || r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field || r.Errors[0].Message != lang.message {
						t.Errorf("%s %s (%q): %d %s", c.what, name, lang.accept, r.Status, r.Raw)
					}
					if s, ok := bad.(string); ok && len(s) > 3 && strings.Contains(r.Raw, strings.Trim(fmt.Sprintf("%q", s), `"`)) {
						t.Errorf("%s %s: the refusal quotes the value", c.what, name)
					}
				}
			}
		}
		// A literal in the document is refused the same way.
		r := s.post(`{ tariffInEffect(on: "2026-12-22\u202e") { id } }`, nil, withToken(agent), withHeader("Accept-Language", "en"))
		if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "on" || strings.ContainsRune(r.Raw, '\u202e') || strings.Contains(r.Raw, `\u202e`) {
			t.Errorf("a literal: %s", r.Raw)
		}
		if n := dbtest.Count(t, s.app.DB, (*roster.LeaveRequest)(nil)); n != 0 {
			t.Fatalf("%d leave requests stored from refused dates", n)
		}
		// A real day is accepted.
		s.post(`{ myAttendance(day: "2026-12-22") { id } }`, nil, withToken(agent)).must(t)
	})
}

// TestIntVariablesAreNumbersAndRefusalsSayWhatIsWrong: an Int variable takes a JSON
// number that is an integer in GraphQL's 32-bit range, as the spec's input coercion says.
// A string ("100") was accepted and a claim created for 100 fen; a number that is not
// such an integer (1.5, 1e308, 2^63) was refused as "cannot use string as Int", which
// misdescribes what was sent. Each is now GRAPHQL_VALIDATION_FAILED saying what is wrong,
// in the caller's language, and nothing is stored. Numbers are accepted as before; a whole
// number written 100.0 is 100.
func TestIntVariablesAreNumbersAndRefusalsSayWhatIsWrong(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		tk := s.post(fromOrderMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": o["id"], "kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": "外箱破损"}},
			withToken(agent)).must(t).path("createTicketFromOrder", "ticket", "id")
		const propose = `mutation($i: ProposeClaimInput!) { proposeClaim(input: $i) { claim { proposedFen } } }`
		claims := func() []any {
			return s.post(`query($id: ID!) { node(id: $id) { ... on Ticket { claims { proposedFen } } } }`, map[string]any{"id": tk}, withToken(agent)).must(t).path("node", "claims").([]any)
		}
		for _, c := range []struct {
			name   string
			amount any
			zh, en string
		}{
			{"a string", "100", "Int 须为数字,不能是字符串(请去掉引号)", "Int cannot represent a string; send the number without quotes"},
			{"a fraction", 1.5, "Int 须为整数", "Int cannot represent a non-integer number"},
			{"1e308", 1e308, "Int 须为 32 位有符号整数(-2147483648 至 2147483647)", "Int cannot represent a number outside the 32-bit signed range (-2147483648 to 2147483647)"},
			{"2^63", json.Number("9223372036854775808"), "Int 须为 32 位有符号整数(-2147483648 至 2147483647)", "Int cannot represent a number outside the 32-bit signed range (-2147483648 to 2147483647)"},
			{"2^31", 2147483648, "Int 须为 32 位有符号整数(-2147483648 至 2147483647)", "Int cannot represent a number outside the 32-bit signed range (-2147483648 to 2147483647)"},
		} {
			for lang, want := range map[string]string{"zh-CN": "查询不符合接口定义: 变量 i.amountFen: " + c.zh, "en": "The query does not match the schema: variable i.amountFen: " + c.en} {
				r := s.post(propose, map[string]any{"i": map[string]any{"idempotencyKey": key(), "ticketId": tk, "amountFen": c.amount, "reason": "外箱破损,内物受损"}},
					withToken(agent), withHeader("Accept-Language", lang))
				if r.Code() != "GRAPHQL_VALIDATION_FAILED" || r.Errors[0].Message != want || r.Data != nil {
					t.Errorf("%s (%s): %s\nwant %q", c.name, lang, r.Raw, want)
				}
			}
		}
		// A Float takes no string either; a top-level Int neither.
		q := quoteInput()
		q["weightKg"] = "2.5"
		if r := s.post(quoteMutation, map[string]any{"in": q}, withToken(agent), withHeader("Accept-Language", "en")); r.Code() != "GRAPHQL_VALIDATION_FAILED" ||
			r.Errors[0].Message != "The query does not match the schema: variable in.weightKg: Float cannot represent a string; send the number without quotes" {
			t.Errorf("a Float as a string: %s", r.Raw)
		}
		if r := s.post(`query($n: Int) { orders(first: $n) { totalCount } }`, map[string]any{"n": "5"}, withToken(agent)); r.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("a top-level Int as a string: %s", r.Raw)
		}
		if got := claims(); len(got) != 0 {
			t.Fatalf("refused claims were stored: %v", got)
		}

		for _, amount := range []any{100, json.Number("100.0")} {
			r := s.post(propose, map[string]any{"i": map[string]any{"idempotencyKey": key(), "ticketId": tk, "amountFen": amount, "reason": "外箱破损,内物受损"}}, withToken(agent)).must(t)
			if r.path("proposeClaim", "claim", "proposedFen") != 100.0 {
				t.Errorf("amountFen %v: %s", amount, r.Raw)
			}
		}
		if got := claims(); len(got) != 2 {
			t.Fatalf("claims after two good ones: %v", got)
		}
	})
}
