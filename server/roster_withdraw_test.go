package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestWithdrawingSwapsAndLeaveThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		cancel := func(op, key, id string, version any, who string) *gqlResult {
			field := "shiftSwap"
			if op == "cancelLeaveRequest" {
				field = "leaveRequest"
			}
			return s.post(fmt.Sprintf(`mutation($k: String!, $id: ID!, $v: Int!) { %s(input: {idempotencyKey: $k, id: $id, version: $v}) { %s { id status version } replayed } }`, op, field),
				map[string]any{"k": key, "id": id, "v": version}, withToken(f.tok[who]))
		}

		// A swap waiting for the supervisor is withdrawn; a retry replays it.
		id, v := f.requestAndAccept(t, "swap-w001-abcd", "CS1001", 3, "CS1002", 4)
		if r := cancel("cancelShiftSwap", "cancel-w001-abcd", id, v, "CS1002"); r.Code() != "FORBIDDEN" {
			t.Fatalf("the colleague withdrew the request: %s", r.Raw)
		}
		r := cancel("cancelShiftSwap", "cancel-w001-abcd", id, v, "CS1001").must(t)
		if r.path("cancelShiftSwap", "shiftSwap", "status") != "CANCELLED" || r.path("cancelShiftSwap", "replayed") != false {
			t.Fatalf("withdraw: %s", r.Raw)
		}
		r = cancel("cancelShiftSwap", "cancel-w001-abcd", id, v, "CS1001").must(t)
		if r.path("cancelShiftSwap", "replayed") != true {
			t.Fatalf("retried withdrawal: %s", r.Raw)
		}
		// The supervisor, deciding late, is told it was withdrawn.
		r = s.post(`mutation($id: ID!, $v: Int!) { decideShiftSwap(input: {idempotencyKey: "decide-w001-abcd", id: $id, version: $v, decision: APPROVE}) { shiftSwap { status } } }`,
			map[string]any{"id": id, "v": v}, withToken(f.tok["CS2001"]), withHeader("Accept-Language", "en"))
		if r.Code() != "CONFLICT" {
			t.Fatalf("deciding a withdrawn swap: %s", r.Raw)
		}
		for _, who := range []string{"CS1002", "CS2001"} {
			r = s.post(`{ myRosterNotifications { kind subjectId } }`, nil, withToken(f.tok[who])).must(t)
			told := false
			for _, n := range r.path("myRosterNotifications").([]any) {
				m := n.(map[string]any)
				told = told || (m["kind"] == "SWAP_CANCELLED" && m["subjectId"] == id)
			}
			if !told {
				t.Errorf("%s was not told of the withdrawal: %s", who, r.Raw)
			}
		}
		// The colleague's notifications name the requester and say the days as people do.
		for lang, want := range map[string][]string{
			"zh-CN": {"张伟请求与您换班:12月3日换12月4日", "张伟撤回了换班申请:12月3日换12月4日"},
			"en":    {"张伟 asks to swap shifts: 3 Dec for 4 Dec", "张伟 withdrew the swap request: 3 Dec for 4 Dec"},
		} {
			r = s.post(`{ myRosterNotifications { message } }`, nil, withToken(f.tok["CS1002"]), withHeader("Accept-Language", lang)).must(t)
			for _, w := range want {
				if !strings.Contains(r.Raw, w) {
					t.Errorf("%s: want %q in %s", lang, w, r.Raw)
				}
			}
		}
		if r := s.post(`{ approvalsInbox { kind } }`, nil, withToken(f.tok["CS2001"])).must(t); len(r.path("approvalsInbox").([]any)) != 0 {
			t.Fatalf("a withdrawn swap stays in the inbox: %s", r.Raw)
		}

		// An approved swap cannot be withdrawn.
		id, v = f.requestAndAccept(t, "swap-w002-abcd", "CS1001", 7, "CS1002", 8)
		r = s.post(`mutation($id: ID!, $v: Int!) { decideShiftSwap(input: {idempotencyKey: "decide-w002-abcd", id: $id, version: $v, decision: APPROVE}) { shiftSwap { version } } }`,
			map[string]any{"id": id, "v": v}, withToken(f.tok["CS2001"])).must(t)
		r = cancel("cancelShiftSwap", "cancel-w002-abcd", id, r.path("decideShiftSwap", "shiftSwap", "version"), "CS1001")
		if r.Code() != "REQUEST_ALREADY_DECIDED" || r.Errors[0].Extensions["status"] != "APPROVED" {
			t.Fatalf("withdrawing an approved swap: %s", r.Raw)
		}

		// The requester withdrawing while the supervisor approves: one wins, the other is
		// refused with a clear code, and the roster changed only if the approval won.
		id, v = f.requestAndAccept(t, "swap-w003-abcd", "CS1001", 11, "CS1002", 12)
		var wg sync.WaitGroup
		res := make([]*gqlResult, 2)
		wg.Add(2)
		go func() {
			defer wg.Done()
			res[0] = cancel("cancelShiftSwap", "cancel-w003-abcd", id, v, "CS1001")
		}()
		go func() {
			defer wg.Done()
			res[1] = s.post(`mutation($id: ID!, $v: Int!) { decideShiftSwap(input: {idempotencyKey: "decide-w003-abcd", id: $id, version: $v, decision: APPROVE}) { shiftSwap { status } } }`,
				map[string]any{"id": id, "v": v}, withToken(f.tok["CS2001"]))
		}()
		wg.Wait()
		if got := res[0].Code() + "/" + res[1].Code(); got != "/CONFLICT" && got != "REQUEST_ALREADY_DECIDED/" {
			t.Fatalf("withdrawal and approval at once: %s / %s", res[0].Raw, res[1].Raw)
		}

		// Leave: withdrawn after the first level approved; a stale version is a conflict.
		r = s.post(`{ leaveTypes { id code } }`, nil, withToken(f.tok["CS1001"])).must(t)
		var annual string
		for _, lt := range r.path("leaveTypes").([]any) {
			if lt.(map[string]any)["code"] == "ANNUAL" {
				annual = lt.(map[string]any)["id"].(string)
			}
		}
		r = s.post(`mutation($t: ID!) { requestLeave(input: {idempotencyKey: "leave-w001-abcd", leaveTypeId: $t, startDay: "2026-12-21", endDay: "2026-12-21", reason: "探亲"}) { leaveRequest { id version } } }`,
			map[string]any{"t": annual}, withToken(f.tok["CS1001"])).must(t)
		leaveID, lv := r.path("requestLeave", "leaveRequest", "id").(string), r.path("requestLeave", "leaveRequest", "version")
		r = s.post(`mutation($id: ID!, $v: Int!) { decideLeave(input: {idempotencyKey: "leave-d001-abcd", id: $id, version: $v, decision: APPROVE}) { leaveRequest { version currentLevel } } }`,
			map[string]any{"id": leaveID, "v": lv}, withToken(f.tok["CS2001"])).must(t)
		if r := cancel("cancelLeaveRequest", "cancel-l001-abcd", leaveID, lv, "CS1001"); r.Code() != "CONFLICT" {
			t.Fatalf("withdrawing with a stale version: %s", r.Raw)
		}
		r = cancel("cancelLeaveRequest", "cancel-l002-abcd", leaveID, r.path("decideLeave", "leaveRequest", "version"), "CS1001").must(t)
		if r.path("cancelLeaveRequest", "leaveRequest", "status") != "CANCELLED" {
			t.Fatalf("withdraw leave: %s", r.Raw)
		}
		r = s.post(`{ myRosterNotifications(first: 1) { kind } }`, nil, withToken(f.tok["CS2001"])).must(t)
		if notes := r.path("myRosterNotifications").([]any); len(notes) != 1 || notes[0].(map[string]any)["kind"] != "LEAVE_CANCELLED" {
			t.Fatalf("the first-level approver was not told: %s", r.Raw)
		}
	})
}
