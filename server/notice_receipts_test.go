package main

import (
	"strings"
	"testing"
)

func TestSupervisorsSeeWhoHasNotReadANoticeAndRemindThemOnce(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		f.tok["CS2002"], _ = s.login("CS2002")
		published := s.post(`mutation($d: ID!) { publishNotice(input: {idempotencyKey: "notice-rcpt-01", kind: RATE_CHANGE, title: "运价调整", body: "首重上调 1 元", depotId: $d}) { notice { id } } }`,
			map[string]any{"d": f.depot}, withToken(f.tok["CS2001"])).must(t)
		id := published.path("publishNotice", "notice", "id")
		s.post(`mutation($n: ID!) { markNoticeRead(input: {noticeId: $n}) { notice { id } } }`, map[string]any{"n": id}, withToken(f.tok["CS1001"])).must(t)

		const receipts = `query($n: ID!) { node(id: $n) { ... on Notice { readAt readReceipts { staff { employeeNo } readAt remindedAt } } } }`
		read := func(who string) map[string]map[string]any {
			r := s.post(receipts, map[string]any{"n": id}, withToken(f.tok[who])).must(t)
			list, ok := r.path("node", "readReceipts").([]any)
			if !ok {
				return nil
			}
			out := map[string]map[string]any{}
			for _, x := range list {
				m := x.(map[string]any)
				out[m["staff"].(map[string]any)["employeeNo"].(string)] = m
			}
			return out
		}
		got := read("CS2001")
		if got["CS1001"]["readAt"] == nil || got["CS1002"] == nil || got["CS1002"]["readAt"] != nil || got["CS1004"] != nil {
			t.Fatalf("the supervisor's receipts: %v", got)
		}
		if r := s.post(receipts, map[string]any{"n": id}, withToken(f.tok["CS1001"])).must(t); r.path("node", "readReceipts") != nil || r.path("node", "readAt") == nil {
			t.Errorf("an agent sees the receipts of others: %s", r.Raw)
		}
		if r := s.post(receipts, map[string]any{"n": id}, withToken(f.tok["CS2002"])).must(t); r.path("node") != nil {
			t.Errorf("another depot's supervisor opens the notice: %s", r.Raw)
		}

		const remind = `mutation($n: ID!, $k: String!) { remindUnreadNotice(input: {idempotencyKey: $k, noticeId: $n}) { replayed reminded { employeeNo } notice { readReceipts { staff { employeeNo } remindedAt } } } }`
		first := s.post(remind, map[string]any{"n": id, "k": "remind-notice-01"}, withToken(f.tok["CS2001"])).must(t)
		again := s.post(remind, map[string]any{"n": id, "k": "remind-notice-01"}, withToken(f.tok["CS2001"])).must(t)
		if first.path("remindUnreadNotice", "replayed") != false {
			t.Errorf("the first reminder is a replay: %s", first.Raw)
		}
		var reminded []string
		for _, x := range first.path("remindUnreadNotice", "reminded").([]any) {
			reminded = append(reminded, x.(map[string]any)["employeeNo"].(string))
		}
		if all := strings.Join(reminded, " "); !strings.Contains(all, "CS1002") || strings.Contains(all, "CS1001") || strings.Contains(all, "CS2001") {
			t.Errorf("reminded %v: want the unread but not the reader nor the caller", reminded)
		}
		if again.path("remindUnreadNotice", "replayed") != true || len(again.path("remindUnreadNotice", "reminded").([]any)) != len(reminded) {
			t.Errorf("the retry: %s", again.Raw)
		}
		if got := read("CS2001"); got["CS1002"]["remindedAt"] == nil || got["CS1001"]["remindedAt"] != nil {
			t.Errorf("after the reminder: %v", got)
		}
		count := 0
		r := s.post(`{ myRosterNotifications(unreadOnly: true) { kind subjectId } }`, nil, withToken(f.tok["CS1002"])).must(t)
		for _, n := range r.path("myRosterNotifications").([]any) {
			m := n.(map[string]any)
			if m["kind"] == "NOTICE_UNREAD" {
				count++
				if m["subjectId"] != id {
					t.Errorf("the reminder points at %v, the notice is %v", m["subjectId"], id)
				}
			}
		}
		if count != 1 {
			t.Errorf("CS1002 got %d reminders for one key sent twice, want 1", count)
		}

		for who, code := range map[string]string{"CS1001": "FORBIDDEN", "CS2002": "NOT_FOUND"} {
			if r := s.post(remind, map[string]any{"n": id, "k": "remind-notice-" + who}, withToken(f.tok[who])); r.Code() != code {
				t.Errorf("%s reminding: %s, want %s", who, r.Raw, code)
			}
		}
	})
}

func TestReadReceiptsOfManyNoticesCostNoMoreStatementsThanOfOne(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		sv, _ := s.login("CS2001")
		depot := s.post(`{ me { depot { id } } }`, nil, withToken(sv)).must(t).path("me", "depot", "id")
		publish := func(key string) {
			s.post(`mutation($d: ID!, $k: String!) { publishNotice(input: {idempotencyKey: $k, kind: ANNOUNCEMENT, title: "早会", body: "8:30", depotId: $d}) { notice { id } } }`,
				map[string]any{"d": depot, "k": key}, withToken(sv)).must(t)
		}
		const q = `{ latestNotices { id readReceipts { readAt remindedAt staff { name depot { name } } } } }`
		publish("receipts-n1-0001")
		// The counts are compared exactly: load must not split a batch (exact).
		one := s.post(q, nil, withToken(sv), exact).must(t)
		publish("receipts-n1-0002")
		publish("receipts-n1-0003")
		three := s.post(q, nil, withToken(sv), exact).must(t)
		if n := len(three.path("latestNotices").([]any)); n < 3 {
			t.Fatalf("%d notices", n)
		}
		if three.Statements != one.Statements {
			t.Errorf("receipts of three notices took %d statements, of one %d", three.Statements, one.Statements)
		}
	})
}
