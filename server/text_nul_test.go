package main

import (
	"testing"

	"github.com/expresscs/cs/graph"
)

// A NUL in each kind of free-text input (order names and searches, ticket summaries and
// comments, leave and swap reasons, shift and leave type names, holiday names, notice
// titles, checklist template items, deactivation and reveal reasons, catalogue entries)
// answers BAD_USER_INPUT naming the field, never INTERNAL, on both databases.
func TestANulInAnyFreeTextInputIsBadUserInputNotInternal(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		mgr, _ := s.login("CS3001")
		admin, _ := s.login("CS9001")
		me := s.post(`{ me { id depot { id } } }`, nil, withToken(sup)).must(t)
		supID, depot := me.path("me", "id"), me.path("me", "depot", "id")
		const nul = "张\x00三"

		withName := orderInput()
		withName["consignor"].(map[string]any)["name"] = nul
		withGoods := orderInput()
		withGoods["goods"].(map[string]any)["name"] = nul
		cases := []struct {
			name, tok, query string
			in               map[string]any
			field            string
		}{
			{"an order's consignor name", agent, intakeMutation, withName, "consignor.name"},
			{"an order's goods name", agent, intakeMutation, withGoods, "goods.name"},
			{"a ticket's summary", agent, `mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id } } }`,
				map[string]any{"idempotencyKey": key(), "kind": "ENQUIRY", "summary": nul, "customerName": "陈先生", "customerPhone": "13812345678"}, "summary"},
			{"a ticket's customer name", agent, `mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id } } }`,
				map[string]any{"idempotencyKey": key(), "kind": "ENQUIRY", "summary": "询问时效", "customerName": nul, "customerPhone": "13812345678"}, "customerName"},
			{"a ticket comment", agent, `mutation($in: AddTicketCommentInput!) { addTicketComment(input: $in) { ticket { id } } }`,
				map[string]any{"idempotencyKey": key(), "ticketId": graph.GlobalID("Ticket", "none"), "body": nul}, "body"},
			{"a leave reason", agent, `mutation($in: RequestLeaveInput!) { requestLeave(input: $in) { leaveRequest { id } } }`,
				map[string]any{"idempotencyKey": key(), "leaveTypeId": graph.GlobalID("LeaveType", "none"), "startDay": "2026-12-10", "endDay": "2026-12-10", "reason": nul}, "reason"},
			{"a rejection comment", sup, `mutation($in: DecideInput!) { decideLeave(input: $in) { leaveRequest { id } } }`,
				map[string]any{"idempotencyKey": key(), "id": graph.GlobalID("LeaveRequest", "none"), "version": 1, "decision": "REJECT", "comment": nul}, "comment"},
			{"a shift type name", sup, `mutation($in: CreateShiftTypeInput!) { createShiftType(input: $in) { shiftType { id } } }`,
				map[string]any{"depotId": depot, "code": "LATE", "name": nul, "startTime": "12:00", "endTime": "21:00", "night": false}, "name"},
			{"a leave type name", admin, `mutation($in: SaveLeaveTypeInput!) { saveLeaveType(input: $in) { leaveType { id } } }`,
				map[string]any{"code": "STUDY", "nameZh": nul, "nameEn": "Study leave", "requiresAdvance": false, "active": true}, "name"},
			{"a holiday name", admin, `mutation($in: SetHolidayInput!) { setHoliday(input: $in) { holiday { day } } }`,
				map[string]any{"day": "2026-12-25", "kind": "HOLIDAY", "name": nul, "nameEn": "Company Day"}, "name"},
			{"a notice title", mgr, `mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { notice { id } } }`,
				map[string]any{"idempotencyKey": key(), "kind": "ANNOUNCEMENT", "title": nul, "body": "正文"}, "title"},
			{"a deactivation reason", admin, setActive,
				map[string]any{"idempotencyKey": key(), "staffId": supID, "reason": nul}, "reason"},
			{"a staff phone reveal reason", sup, `mutation($in: RevealStaffPhoneInput!) { revealStaffPhone(input: $in) { phone } }`,
				map[string]any{"staffId": supID, "reason": nul}, "reason"},
			{"a dangerous-goods entry name", admin, `mutation($in: SaveDangerousGoodsEntryInput!) { saveDangerousGoodsEntry(input: $in) { entry { id } } }`,
				map[string]any{"idempotencyKey": key(), "category": "TOXIC", "name": nul, "synonyms": []string{}, "handling": "PROHIBITED", "rule": "毒性物品"}, "name"},
		}
		for _, c := range cases {
			r := s.post(c.query, map[string]any{"in": c.in}, withToken(c.tok))
			if r.Code() != "BAD_USER_INPUT" || len(r.Errors) == 0 || r.Errors[0].Extensions["field"] != c.field {
				t.Errorf("%s: want BAD_USER_INPUT on %s, got %.300s", c.name, c.field, r.Raw)
			}
		}
		if r := s.post(`query($s: String) { orders(search: $s) { totalCount } }`, map[string]any{"s": nul}, withToken(agent)); r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "search" {
			t.Errorf("an order search: %.300s", r.Raw)
		}
	})
}
