package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

// The demo cases of issue 13: 孙丽 runs 杭州分公司 and must not reach 上海浦东张江网点;
// 刘强, who runs 上海分公司, must.
func TestAHangzhouManagerDoesNotReachAShanghaiDepot(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		cases := []struct {
			name, doc string
			vars      map[string]any
			refused   string // 孙丽's answer; 刘强's is no error
			shows     []string
		}{
			{"孙丽 does not read Zhangjiang's attendance", `query($d: ID!) { depotAttendance(depotId: $d, day: "2026-12-03") { lateMinutes } }`,
				map[string]any{"d": f.id["depot"]}, "FORBIDDEN", nil},
			{"孙丽 does not see who is on duty at Zhangjiang", `query($d: ID!) { onDutyNow(depotId: $d) { id } }`,
				map[string]any{"d": f.id["depot"]}, "FORBIDDEN", nil},
			{"孙丽 does not see who is clocked in or missing at Zhangjiang", `query($d: ID!) { depotOnDutyNow(depotId: $d) { notArrived } }`,
				map[string]any{"d": f.id["depot"]}, "FORBIDDEN", nil},
			{"孙丽 does not sign off a Shanghai agent's score sheet", `mutation($s: ID!) { signOffScoreSheet(input: {idempotencyKey: "` + key() + `", staffId: $s, month: "2026-10"}) { scoreSheet { month } } }`,
				map[string]any{"s": f.id["CS1001"]}, "FORBIDDEN", nil},
			{"孙丽 does not reject a Shanghai claim: for her it does not exist", `mutation($c: ID!) { decideClaim(input: {idempotencyKey: "` + key() + `", claimId: $c, expectedVersion: 1, decision: REJECT, comment: "金额过高"}) { claim { state } } }`,
				map[string]any{"c": f.id["claim"]}, "NOT_FOUND", nil},
			{"孙丽 does not reveal a Shanghai customer", `mutation($o: ID!) { revealOrderContact(input: {orderId: $o, party: CONSIGNEE, reason: "核对地址"}) { phone address } }`,
				map[string]any{"o": f.id["order"]}, "NOT_FOUND", nil},
		}
		sunLi, _ := s.login("CS3002")
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := s.post(c.doc, c.vars, withToken(sunLi))
				if r.Code() != c.refused {
					t.Fatalf("孙丽: want %s, got %.400s", c.refused, r.Raw)
				}
				if strings.Contains(r.Raw, "87654321") || strings.Contains(r.Raw, "文三路") {
					t.Fatalf("the refusal showed the customer: %s", r.Raw)
				}
				s.post(c.doc, c.vars, withToken(f.tok["CS3001"])).must(t)
			})
		}
		t.Run("孙丽 does not read Zhangjiang's roster or its approved leave", func(t *testing.T) {
			const q = `query($d: ID!) { dutyRoster(depotId: $d, month: "2026-12") { id approvedLeave { id reason } } }`
			if r := s.post(q, map[string]any{"d": f.id["depot"]}, withToken(sunLi)).must(t); r.path("dutyRoster") != nil {
				t.Fatalf("孙丽 read the roster: %s", r.Raw)
			}
			if r := s.post(q, map[string]any{"d": f.id["depot"]}, withToken(f.tok["CS3001"])).must(t); r.path("dutyRoster") == nil {
				t.Fatalf("刘强 must read it: %s", r.Raw)
			}
		})
		t.Run("managers and admins do not read another unit's leave and swaps by node id", func(t *testing.T) {
			const q = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
			vars := map[string]any{"ids": []string{f.id["leave"], f.id["swap"]}}
			for _, who := range []string{"CS3002", "OT9001"} {
				if r := s.post(q, vars, withToken(f.tok[who])).must(t); r.path("nodes").([]any)[0] != nil || r.path("nodes").([]any)[1] != nil {
					t.Errorf("%s resolved another unit's leave or swap: %s", who, r.Raw)
				}
			}
			for _, who := range []string{"CS3001", "CS9001"} {
				if r := s.post(q, vars, withToken(f.tok[who])).must(t); r.path("nodes").([]any)[0] == nil || r.path("nodes").([]any)[1] == nil {
					t.Errorf("%s must resolve them: %s", who, r.Raw)
				}
			}
		})
	})
}

// No one decides their own case: 王芳, the only supervisor of her depot, swaps a shift
// with an agent; the swap goes up to 刘强, who sees it at once and decides it.
func TestASupervisorsOwnSwapGoesToHerManager(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newRosterFixture(t, s)
		day := s.post(`query($d: ID!) { shiftTypes(depotId: $d) { id code } }`, map[string]any{"d": f.depot}, withToken(f.tok["CS2001"])).must(t)
		var dayShift string
		for _, st := range day.path("shiftTypes").([]any) {
			if m := st.(map[string]any); m["code"] == "DAY" {
				dayShift = m["id"].(string)
			}
		}
		wangFang := f.ids["CS2001"]
		s.post(`mutation($d: ID!, $a: [ShiftAssignmentInput!]!) { assignShifts(input: {idempotencyKey: "assign-wf-0001", depotId: $d, month: "2026-12", assignments: $a}) { roster { id } } }`,
			map[string]any{"d": f.depot, "a": []any{map[string]any{"staffId": wangFang, "day": "2026-12-10", "shiftTypeId": dayShift}}}, withToken(f.tok["CS2001"])).must(t)
		a := s.post(`{ myShifts(month: "2026-12") { id day } }`, nil, withToken(f.tok["CS2001"])).must(t).path("myShifts").([]any)[0].(map[string]any)["id"].(string)

		srv := httptest.NewServer(s.h)
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		next := sseSubscribe(t, ctx, srv.URL, f.tok["CS3001"], `subscription { rosterNotificationAdded { kind subjectId } }`, nil)

		r := s.post(`mutation($p: ShiftSwapProposalInput!) { requestShiftSwap(input: {idempotencyKey: "wf-swap-00001", proposal: $p, reason: "家里有事"}) { shiftSwap { id version } } }`,
			map[string]any{"p": map[string]any{"requesterShiftId": a, "colleagueId": f.ids["CS1001"], "colleagueShiftId": f.shifts["CS1001/11"]}}, withToken(f.tok["CS2001"])).must(t)
		swap := r.path("requestShiftSwap", "shiftSwap", "id").(string)
		r = s.post(`mutation($id: ID!, $v: Int!) { respondToShiftSwap(input: {idempotencyKey: "wf-accept-0001", shiftSwapId: $id, version: $v, accept: true}) { shiftSwap { status version approverUnit { code } } } }`,
			map[string]any{"id": swap, "v": r.path("requestShiftSwap", "shiftSwap", "version")}, withToken(f.tok["CS1001"])).must(t)
		if r.path("respondToShiftSwap", "shiftSwap", "approverUnit", "code") != "SH" {
			t.Fatalf("the swap did not go up to 上海分公司: %s", r.Raw)
		}
		version := r.path("respondToShiftSwap", "shiftSwap", "version")
		if msg := next(); !strings.Contains(mustJSON(msg), "SWAP_AWAITS_APPROVAL") {
			t.Fatalf("刘强 was not told at once: %v", msg)
		}

		decide := `mutation($id: ID!, $v: Int!) { decideShiftSwap(input: {idempotencyKey: "` + key() + `", id: $id, version: $v, decision: APPROVE, comment: "同意"}) { shiftSwap { status decidedBy { employeeNo } } } }`
		if r := s.post(decide, map[string]any{"id": swap, "v": version}, withToken(f.tok["CS2001"])); r.Code() != "PARTY_CANNOT_DECIDE" {
			t.Fatalf("王芳 approved a swap she is party to: %s", r.Raw)
		}
		inbox := func(who string) string {
			return s.post(`{ approvalsInbox { kind shiftSwap { id } } }`, nil, withToken(f.tok[who])).must(t).Raw
		}
		if strings.Contains(inbox("CS2001"), swap) {
			t.Error("王芳's inbox lists her own swap")
		}
		if !strings.Contains(inbox("CS3001"), swap) {
			t.Error("刘强's inbox does not list the swap that went up to him")
		}
		r = s.post(decide, map[string]any{"id": swap, "v": version}, withToken(f.tok["CS3001"])).must(t)
		if r.path("decideShiftSwap", "shiftSwap", "status") != "APPROVED" || r.path("decideShiftSwap", "shiftSwap", "decidedBy", "employeeNo") != "CS3001" {
			t.Fatalf("刘强's decision: %s", r.Raw)
		}
	})
}

// Need to know: colleagues see that someone is on leave, not why.
func TestColleaguesSeeWhoIsAwayButNotWhy(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		const decide = `mutation($l: ID!, $v: Int!, $k: String!) { decideLeave(input: {idempotencyKey: $k, id: $l, version: $v, decision: APPROVE}) { leaveRequest { status version } } }`
		r := f.q(t, "CS2001", decide, map[string]any{"l": f.id["leave"], "v": 1, "k": key()})
		r = f.q(t, "CS3001", decide, map[string]any{"l": f.id["leave"], "v": r.path("decideLeave", "leaveRequest", "version"), "k": key()})
		if r.path("decideLeave", "leaveRequest", "status") != "APPROVED" {
			t.Fatalf("leave not approved: %s", r.Raw)
		}
		const q = `query($d: ID!) { dutyRoster(depotId: $d, month: "2026-12") { approvedLeave { staff { employeeNo } startDay leaveType { code } reason } } }`
		leaveOf := func(who string) map[string]any {
			l := f.q(t, who, q, map[string]any{"d": f.id["depot"]}).path("dutyRoster", "approvedLeave").([]any)
			if len(l) != 1 {
				t.Fatalf("%s sees %d approved leave, want 1", who, len(l))
			}
			return l[0].(map[string]any)
		}
		colleague := leaveOf("CS1001")
		if colleague["staff"].(map[string]any)["employeeNo"] != "CS1002" || colleague["startDay"] != "2026-12-20" {
			t.Errorf("a colleague must see who is away and when: %v", colleague)
		}
		if colleague["leaveType"] != nil || colleague["reason"] != nil {
			t.Errorf("a colleague sees the type or reason of someone's leave: %v", colleague)
		}
		for _, who := range []string{"CS2001", "CS3001", "CS9001", "CS1002"} {
			if l := leaveOf(who); l["reason"] != "复查身体" || l["leaveType"] == nil {
				t.Errorf("%s needs the type and reason: %v", who, l)
			}
		}
	})
}

// An address change's remark is read by everyone who sees the order: it shows the new
// address as contacts are shown, masked.
func TestAnAddressChangeRemarkIsMaskedForEveryone(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		colleague, _ := s.login("CS1002")
		o := s.intake(agent, orderInput())
		r := s.post(`mutation($o: ID!, $k: String!) { changeOrderAddress(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1,
			consignee: {name: "刘女士", phone: "13987654321", province: "浙江省", city: "杭州市", district: "上城区", detail: "解放路 88 号 12 楼"}}) { remark } }`,
			map[string]any{"o": o["id"], "k": key()}, withToken(agent)).must(t)
		h := s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { history { kind remark } } }`, map[string]any{"w": o["waybillNo"]}, withToken(colleague)).must(t)
		for _, raw := range []string{r.Raw, h.Raw} {
			if strings.Contains(raw, "解放路") || strings.Contains(raw, "13987654321") {
				t.Fatalf("the remark shows the street address or the phone: %s", raw)
			}
		}
		if !strings.Contains(h.Raw, "浙江省杭州市上城区****") || !strings.Contains(h.Raw, "139****4321") {
			t.Errorf("the remark lost what everyone may read: %s", h.Raw)
		}
	})
}

func TestContactRevealsAreAuditedByThoseEntitled(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		// 王芳 reveals 张伟's phone too; 张伟 revealed the order's consignee in the fixture.
		f.q(t, "CS2001", `mutation($s: ID!) { revealStaffPhone(input: {staffId: $s, reason: "排班联系"}) { phone } }`, map[string]any{"s": f.id["CS1001"]})
		const q = `query($f: ContactRevealFilter) { contactReveals(filter: $f) { totalCount edges { node {
			kind reason requestId revealedAt party revealedBy { employeeNo } order { waybillNo consignee { phoneMasked } } staff { employeeNo } } } } }`
		count := func(who string, filter map[string]any) (int, *gqlResult) {
			r := f.q(t, who, q, map[string]any{"f": filter})
			return int(r.path("contactReveals", "totalCount").(float64)), r
		}
		cases := []struct {
			name, who string
			want      int
		}{
			{"an agent sees the reveals they made", "CS1001", 1},
			{"an agent of another depot sees none of them", "CS1006", 0},
			{"the depot's supervisor sees the depot's", "CS2001", 2},
			{"the branch's manager sees them", "CS3001", 2},
			{"another branch's manager does not", "CS3002", 0},
			{"the organisation's admin sees them", "CS9001", 2},
			{"another organisation's admin does not", "OT9001", 0},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n, r := count(c.who, nil)
				if n != c.want {
					t.Fatalf("%s sees %d reveals, want %d: %s", c.who, n, c.want, r.Raw)
				}
				if strings.Contains(r.Raw, "87654321") || strings.Contains(r.Raw, "13812341001") || strings.Contains(r.Raw, "文三路") {
					t.Fatalf("reading the audit revealed personal data: %s", r.Raw)
				}
			})
		}
		n, r := count("CS2001", map[string]any{"order": f.id["order"]})
		if n != 1 || !strings.Contains(r.Raw, "客户来电核对地址") || !strings.Contains(r.Raw, `"party":"CONSIGNEE"`) || !strings.Contains(r.Raw, f.waybill) {
			t.Errorf("filter by order: %s", r.Raw)
		}
		if n, r = count("CS9001", map[string]any{"revealedBy": f.id["CS2001"]}); n != 1 || !strings.Contains(r.Raw, `"kind":"STAFF_PHONE"`) {
			t.Errorf("filter by who revealed: %s", r.Raw)
		}
		if n, _ = count("CS9001", map[string]any{"staff": f.id["CS1001"]}); n != 1 {
			t.Errorf("filter by whose phone: %d", n)
		}
		if n, _ = count("CS9001", map[string]any{"from": time.Now().Add(time.Hour).Format(time.RFC3339)}); n != 0 {
			t.Errorf("a period after the reveals lists %d", n)
		}
		refusals := []struct {
			name   string
			filter map[string]any
			field  string
		}{
			{"a period that ends before it starts", map[string]any{"from": "2026-12-02T00:00:00Z", "to": "2026-12-01T00:00:00Z"}, "to"},
			{"an order id that is not one", map[string]any{"order": "not-an-id"}, "id"},
			{"a staff id of another type", map[string]any{"revealedBy": f.id["order"]}, "id"},
			{"an id with a NUL", map[string]any{"staff": "U3RhZmY6\x00"}, "id"},
		}
		for _, c := range refusals {
			t.Run(c.name+" is refused", func(t *testing.T) {
				r := s.post(q, map[string]any{"f": c.filter}, withToken(f.tok["CS9001"]))
				if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
					t.Fatalf("want BAD_USER_INPUT on %s, got %.300s", c.field, r.Raw)
				}
			})
		}
		csv := f.q(t, "CS2001", `{ contactRevealsCsv }`, nil).path("contactRevealsCsv").(string)
		if !strings.HasPrefix(csv, "\uFEFF") || !strings.Contains(csv, f.waybill) || !strings.Contains(csv, "排班联系") || !strings.Contains(csv, "CS1001") {
			t.Errorf("CSV: %q", csv)
		}
		if csv := f.q(t, "CS1006", `{ contactRevealsCsv }`, nil).path("contactRevealsCsv").(string); strings.Contains(csv, f.waybill) {
			t.Errorf("another depot's agent exports the reveals: %q", csv)
		}
		if r := s.post(`{ contactReveals { totalCount } }`, nil, withToken(f.tok["CS4001"])); r.Code() != "FORBIDDEN" {
			t.Errorf("a verifier reads the audit: %s", r.Raw)
		}
		for _, bad := range []string{"\u202e核对", "\u3000\u3000", "a\x00b", strings.Repeat("查", 10000)} {
			if r := s.post(`mutation($o: ID!, $r: String!) { revealOrderContact(input: {orderId: $o, party: CONSIGNOR, reason: $r}) { phone } }`,
				map[string]any{"o": f.id["order"], "r": bad}, withToken(f.tok["CS1001"])); r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "reason" {
				t.Errorf("reason %q: %.200s", bad[:min(len(bad), 12)], r.Raw)
			}
			if r := s.post(`mutation($s: ID!, $r: String!) { revealStaffPhone(input: {staffId: $s, reason: $r}) { phone } }`,
				map[string]any{"s": f.id["CS1001"], "r": bad}, withToken(f.tok["CS2001"])); r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "reason" {
				t.Errorf("staff reason %q: %.200s", bad[:min(len(bad), 12)], r.Raw)
			}
		}
		if n, _ := count("CS9001", nil); n != 2 {
			t.Errorf("a refused reveal was audited: %d entries", n)
		}
	})
}

// Who may scan: the depots one reaches, a partner's own orders, a registered scanner's
// unit. Anyone else's event gets what a waybill that does not exist gets.
func TestOnlyThoseWhoReachAnOrderMayScanIt(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		_, hubSecret := s.newClient(f.tok["CS9001"], map[string]any{"name": "上海分拨中心", "clientId": "hub-sh", "scopes": []string{"tracking:scan"}, "orgUnitId": f.id["unit:SH"]})
		f.tok["hub-sh"], _ = s.partnerToken("hub-sh", hubSecret)
		scan := func(who, waybill, status string) (string, string) {
			extra := []any{}
			if status == "SIGNED" {
				extra = []any{"signerName", "刘女士"}
			}
			r := f.q(t, who, recordEvents, map[string]any{"events": []any{ev(key(), waybill, status, time.Now().Add(-30*time.Minute), extra...)}})
			res := r.path("recordTrackingEvents", "results").([]any)[0].(map[string]any)
			code, _ := res["errorCode"].(string)
			msg, _ := res["errorMessage"].(string)
			return code, msg
		}
		nobodysCode, nobodysMessage := scan("CS1006", order.NewWaybillNo(), "SIGNED")
		if nobodysCode != "NOT_FOUND" {
			t.Fatalf("an unknown waybill: %s", nobodysCode)
		}
		for _, who := range []string{"CS1006", "CS2003", "CS3002", "OT9001", "matrix-out"} {
			code, msg := scan(who, f.waybill, "SIGNED")
			if code != nobodysCode || msg != nobodysMessage {
				t.Errorf("%s scanning an order out of reach got %s %q; an unknown waybill gets %s %q", who, code, msg, nobodysCode, nobodysMessage)
			}
		}
		for _, who := range []string{"CS1001", "CS2001", "CS3001", "CS9001", "matrix-in", "hub-sh"} {
			if code, _ := scan(who, f.waybill, "IN_TRANSIT"); code != "" {
				t.Errorf("%s may scan the order: %s", who, code)
			}
		}
		r := s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { trackingStatus } }`, map[string]any{"w": f.waybill}, withToken(f.tok["CS1001"])).must(t)
		if r.path("orderByWaybill", "trackingStatus") == "SIGNED" {
			t.Fatal("a refused scan signed the parcel")
		}
	})
}

// Partners with orders:write send orders to their assigned depot, checked like staff's.
func TestAPartnersOrderGoesToItsDepotForVerification(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		in := orderInput()
		r := f.q(t, "matrix-in", intakeMutation, map[string]any{"in": in})
		o := r.path("intakeOrder", "order").(map[string]any)
		if o["state"] != "PENDING_VERIFICATION" {
			t.Fatalf("a partner's order waits for verification: %s", r.Raw)
		}
		again := f.q(t, "matrix-in", intakeMutation, map[string]any{"in": in})
		if again.path("intakeOrder", "replayed") != true || again.path("intakeOrder", "order", "id") != o["id"] {
			t.Fatalf("a retry returns the first order: %s", again.Raw)
		}
		seen := f.q(t, "matrix-in", `query($w: String!) { orderByWaybill(waybillNo: $w) { id depot { code } } }`, map[string]any{"w": o["waybillNo"]})
		if seen.path("orderByWaybill", "depot", "code") != "SH-PD-01" {
			t.Fatalf("the partner sees its order at its depot at once: %s", seen.Raw)
		}
		list := f.q(t, "CS1002", `{ orders(first: 100, state: PENDING_VERIFICATION) { edges { node { id } } } }`, nil)
		if !strings.Contains(list.Raw, o["id"].(string)) {
			t.Fatal("the depot's agents do not see the order to verify")
		}
		if r := f.q(t, "CS1006", `{ orders(first: 100) { edges { node { id } } } }`, nil); strings.Contains(r.Raw, o["id"].(string)) {
			t.Fatal("another depot's agent sees it")
		}
		s.releaseOrder(f.tok["CS1002"], o)

		_, noScopeSecret := s.newClient(f.tok["CS9001"], map[string]any{"name": "只读商户", "clientId": "read-only", "scopes": []string{"orders:read"}, "orgUnitId": f.id["depot"]})
		_, noDepotSecret := s.newClient(f.tok["CS9001"], map[string]any{"name": "无网点商户", "clientId": "no-depot", "scopes": []string{"orders:read", "orders:write"}})
		_, branchSecret := s.newClient(f.tok["CS9001"], map[string]any{"name": "分公司商户", "clientId": "branch-only", "scopes": []string{"orders:write"}, "orgUnitId": f.id["unit:SH"]})
		for _, c := range []struct{ name, client, secret string }{
			{"a partner without orders:write", "read-only", noScopeSecret},
			{"a partner without an assigned depot", "no-depot", noDepotSecret},
			{"a partner assigned to a branch, not a depot", "branch-only", branchSecret},
		} {
			tok, _ := s.partnerToken(c.client, c.secret)
			if r := s.post(intakeMutation, map[string]any{"in": orderInput()}, withToken(tok)); r.Code() != "FORBIDDEN" {
				t.Errorf("%s: %.300s", c.name, r.Raw)
			}
		}
		refusals := []struct {
			name, code, field string
			in                map[string]any
		}{
			{"naming a partner client", "BAD_USER_INPUT", "partnerClientId", with(orderInput(), "matrix-out", "partnerClientId")},
			{"dangerous goods", "DANGEROUS_GOODS_REFUSED", "", with(orderInput(), "汽油", "goods", "name")},
			{"a blank name of full-width spaces", "BAD_USER_INPUT", "consignee.name", with(orderInput(), "\u3000\u3000", "consignee", "name")},
			{"a 10,000-character address", "BAD_USER_INPUT", "consignee.detail", with(orderInput(), strings.Repeat("路", 10000), "consignee", "detail")},
			{"a huge weight", "BAD_USER_INPUT", "goods.weightKg", with(orderInput(), 1e12, "goods", "weightKg")},
			{"a malformed phone", "BAD_USER_INPUT", "consignor.phone", with(orderInput(), "12345", "consignor", "phone")},
		}
		for _, c := range refusals {
			t.Run(c.name+" is refused as for staff", func(t *testing.T) {
				r := s.post(intakeMutation, map[string]any{"in": c.in}, withToken(f.tok["matrix-in"]))
				staff := s.post(intakeMutation, map[string]any{"in": with(c.in, key(), "idempotencyKey")}, withToken(f.tok["CS1001"]))
				if r.Code() != c.code || (c.field != "" && r.Errors[0].Extensions["field"] != c.field) {
					t.Fatalf("want %s %s, got %.300s", c.code, c.field, r.Raw)
				}
				if c.field != "partnerClientId" && staff.Code() != r.Code() {
					t.Errorf("staff got %s for the same input", staff.Code())
				}
			})
		}
	})
}

// The reach costs no SQL statement: the same request runs as many statements for an
// agent, a manager of a region and an admin.
func TestTheReachCostsNoStatement(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		counts := map[string]int64{}
		for _, who := range []string{"CS1001", "CS2001", "CS3000", "CS4001", "CS9001"} {
			tok, _ := s.login(who)
			s.post(`{ me { id } }`, nil, withToken(tok)).must(t) // the tree is loaded once per instance
			counts[who] = s.post(`{ me { id } }`, nil, withToken(tok)).must(t).Statements
		}
		for who, n := range counts {
			if n != counts["CS1001"] || n != 1 {
				t.Errorf("%s: { me } ran %d statements, want 1 like everyone (%v)", who, n, counts)
			}
		}
	})
}

// An organisation change made on one instance reaches the others' snapshots of the tree.
func TestANewDepotIsReachedOnEveryInstance(t *testing.T) {
	url := dbtest.MigratedPostgres(t)
	open := func() *db.DB {
		d, err := db.Open(context.Background(), db.Config{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return d
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	busA, busB := event.NewPostgres(url, quietLog), event.NewPostgres(url, quietLog)
	for _, b := range []*event.Postgres{busA, busB} {
		go func() { _ = b.Run(ctx) }()
		<-b.Ready()
	}
	keys := t.TempDir()
	a := newTestServerWithBus(t, open(), busA, keys)
	b := newTestServerWithBus(t, open(), busB, keys)
	go b.app.Identity.Org.Follow(ctx, b.app.Events)
	sunLi, _ := b.login("CS3002")
	units := func() int {
		return len(b.post(`{ orgUnits { id } }`, nil, withToken(sunLi)).must(t).path("orgUnits").([]any))
	}
	before := units() // instance B now holds the tree
	var hz string
	if err := a.app.DB.R.NewSelect().Model((*identity.OrgUnit)(nil)).Column("id").Where("code = 'HZ'").Scan(ctx, &hz); err != nil {
		t.Fatal(err)
	}
	err := a.app.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		_, err := a.app.Identity.CreateOrgUnit(ctx, tx, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "HZ-XS-03", Name: "杭州萧山网点", ParentID: &hz, TimeZone: "Asia/Shanghai"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "instance B to see the new depot", func() bool { return units() == before+1 })
}

// Admins give managers and partner clients units of their own organisation only.
func TestAdminsAssignUnitsOfTheirOwnOrganisation(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		const set = `mutation($s: ID!, $u: ID) { setManagedUnit(input: {staffId: $s, unitId: $u}) { staff { employeeNo managedUnit { code } } } }`
		sunLi := f.staffID(t, "CS3002")
		var otherOrgUnit string
		if err := s.app.DB.R.NewSelect().Model((*identity.OrgUnit)(nil)).Column("id").Where("code = 'OT-01'").Scan(context.Background(), &otherOrgUnit); err != nil {
			t.Fatal(err)
		}
		refusals := []struct {
			name, who, code, field string
			vars                   map[string]any
		}{
			{"someone who is not a manager", "CS9001", "BAD_USER_INPUT", "staffId", map[string]any{"s": f.id["CS1001"], "u": f.id["unit:SH"]}},
			{"a unit of another organisation", "CS9001", "BAD_USER_INPUT", "unitId", map[string]any{"s": sunLi, "u": GlobalIDForTest("OrgUnit", otherOrgUnit)}},
			{"a staff id that is not one", "CS9001", "BAD_USER_INPUT", "id", map[string]any{"s": "\u202eU3RhZmY6", "u": f.id["unit:SH"]}},
			{"a unit id of another type", "CS9001", "BAD_USER_INPUT", "id", map[string]any{"s": sunLi, "u": f.id["order"]}},
			{"a manager of another organisation", "OT9001", "NOT_FOUND", "", map[string]any{"s": sunLi, "u": nil}},
			{"a manager setting units", "CS3001", "FORBIDDEN", "", map[string]any{"s": sunLi, "u": f.id["unit:SH"]}},
		}
		for _, c := range refusals {
			t.Run(c.name+" is refused", func(t *testing.T) {
				r := s.post(set, c.vars, withToken(f.tok[c.who]))
				if r.Code() != c.code || (c.field != "" && r.Errors[0].Extensions["field"] != c.field) {
					t.Fatalf("want %s %s, got %.300s", c.code, c.field, r.Raw)
				}
			})
		}
		r := f.q(t, "CS9001", set, map[string]any{"s": sunLi, "u": f.id["unit:SH"]})
		if r.path("setManagedUnit", "staff", "managedUnit", "code") != "SH" {
			t.Fatalf("set: %s", r.Raw)
		}
		tok, _ := s.login("CS3002") // the next token carries the new unit
		if r := s.post(`query($d: ID!) { onDutyNow(depotId: $d) { id } }`, map[string]any{"d": f.id["depot"]}, withToken(tok)); r.Code() != "" {
			t.Fatalf("孙丽, now running 上海分公司, must reach Zhangjiang: %s", r.Raw)
		}

		create := `mutation($u: ID) { createPartnerClient(input: {idempotencyKey: "` + key() + `", name: "外机构商户", clientId: "foreign-unit", scopes: ["orders:write"], orgUnitId: $u}) { client { id } } }`
		if r := s.post(create, map[string]any{"u": GlobalIDForTest("OrgUnit", otherOrgUnit)}, withToken(f.tok["CS9001"])); r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "orgUnitId" {
			t.Errorf("a partner assigned to another organisation's unit: %s", r.Raw)
		}
		if r := s.post(create, map[string]any{"u": "not-a-unit"}, withToken(f.tok["CS9001"])); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("a malformed unit id: %s", r.Raw)
		}
	})
}
