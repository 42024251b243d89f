package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

const ticketFields = `id kind exceptionKind priority state summary waybillNo customerName customerPhoneMasked version escalationLevel
  promiseBroken sla { timeLeftSeconds paused firstResponseBreached resolutionBreached }
  assignee { name } order { waybillNo }`

const fromOrderMutation = `mutation($in: CreateTicketFromOrderInput!) { createTicketFromOrder(input: $in) { replayed ticket { ` + ticketFields + ` } } }`

// openTicket opens a damage ticket from a fresh released order as tok.
func (s *testServer) openTicket(tok string) map[string]any {
	s.t.Helper()
	o := s.releaseOrder(tok, s.intake(tok, orderInput()))
	r := s.post(fromOrderMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": o["id"],
		"kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": "收件人说外箱破损"}}, withToken(tok)).must(s.t)
	return r.path("createTicketFromOrder", "ticket").(map[string]any)
}

// ticketWrite posts a ticket mutation taking `input` and returns the result.
func (s *testServer) ticketWrite(tok, mutation, inputType string, in map[string]any) *gqlResult {
	s.t.Helper()
	if _, ok := in["idempotencyKey"]; !ok {
		in["idempotencyKey"] = key()
	}
	q := `mutation($in: ` + inputType + `!) { ` + mutation + `(input: $in) { replayed ticket { ` + ticketFields + ` } } }`
	return s.post(q, map[string]any{"in": in}, withToken(tok))
}

func TestTicketsThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		mgr, _ := s.login("CS3001")
		otherDepot, _ := s.login("CS1004")

		// Create from an order with the least input; a retry is one ticket.
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		in := map[string]any{"idempotencyKey": key(), "orderId": o["id"], "kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": "外箱破损"}

		// Without a description it is refused, in both languages, and nothing is opened;
		// blank, full-width spaces alike. A NUL or 10,000 characters are bad input.
		for _, note := range []any{nil, "", " \t\n", "\u3000\u3000"} {
			bare := map[string]any{"idempotencyKey": key(), "orderId": o["id"], "kind": "EXCEPTION", "exceptionKind": "DAMAGE"}
			if note != nil {
				bare["note"] = note
			}
			for lang, want := range map[string]string{"zh-CN": "请先描述问题再开工单", "en": "Describe the problem before opening the ticket"} {
				r := s.post(fromOrderMutation, map[string]any{"in": bare}, withToken(agent), withHeader("Accept-Language", lang))
				if r.Code() != "TICKET_DESCRIPTION_REQUIRED" || !strings.Contains(r.Raw, want) {
					t.Fatalf("note %q (%s): %s", note, lang, r.Raw)
				}
			}
		}
		for _, note := range []string{"破\x00损", strings.Repeat("破", 10_000), "\u202e损破"} {
			bare := map[string]any{"idempotencyKey": key(), "orderId": o["id"], "kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": note}
			if r := s.post(fromOrderMutation, map[string]any{"in": bare}, withToken(agent)); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("note %.20q: %.300s", note, r.Raw)
			}
		}
		if r := s.post(`query($o: ID!) { node(id: $o) { ... on Order { openTickets { id } } } }`, map[string]any{"o": o["id"]}, withToken(agent)).must(t); len(r.path("node", "openTickets").([]any)) != 0 {
			t.Fatalf("a refused ticket was opened: %s", r.Raw)
		}
		first := s.post(fromOrderMutation, map[string]any{"in": in}, withToken(agent)).must(t)
		tk := first.path("createTicketFromOrder", "ticket").(map[string]any)
		// The order offers its open ticket (the phone warns before a second of the same kind);
		// another depot's agent does not reach the order at all.
		const openOf = `query($o: ID!) { node(id: $o) { ... on Order { openTickets { id kind exceptionKind } } } }`
		if r := s.post(openOf, map[string]any{"o": o["id"]}, withToken(agent)).must(t); !strings.Contains(r.Raw, tk["id"].(string)) || len(r.path("node", "openTickets").([]any)) != 1 {
			t.Fatalf("open tickets of the order: %s", r.Raw)
		}
		if r := s.post(openOf, map[string]any{"o": o["id"]}, withToken(otherDepot)); strings.Contains(r.Raw, tk["id"].(string)) {
			t.Fatalf("another depot's agent sees the ticket: %s", r.Raw)
		}
		if tk["priority"] != "HIGH" || tk["customerName"] != "陈先生" || tk["customerPhoneMasked"] != "138****5678" ||
			tk["state"] != "NEW" || tk["order"].(map[string]any)["waybillNo"] != o["waybillNo"] {
			t.Fatalf("created: %v", tk)
		}
		if left := tk["sla"].(map[string]any)["timeLeftSeconds"].(float64); left < 23*3600 || left > 24*3600 {
			t.Fatalf("a high-priority exception has about 24 h left, got %v", left)
		}
		again := s.post(fromOrderMutation, map[string]any{"in": in}, withToken(agent)).must(t)
		if again.path("createTicketFromOrder", "replayed") != true || again.path("createTicketFromOrder", "ticket", "id") != tk["id"] {
			t.Fatalf("a retried create must replay: %s", again.Raw)
		}

		t.Run("who sees the ticket", func(t *testing.T) {
			q := `query($id: ID!) { node(id: $id) { ... on Ticket { id } } }`
			if r := s.post(q, map[string]any{"id": tk["id"]}, withToken(otherDepot)).must(t); r.path("node") != nil {
				t.Fatal("an agent at another depot must not see the ticket")
			}
			if r := s.post(q, map[string]any{"id": tk["id"]}, withToken(mgr)).must(t); r.path("node", "id") != tk["id"] {
				t.Fatal("a manager sees the ticket")
			}
		})

		t.Run("resolving without a cause is refused", func(t *testing.T) {
			r := s.ticketWrite(agent, "resolveTicket", "ResolveTicketInput", map[string]any{"ticketId": tk["id"],
				"expectedVersion": tk["version"], "resolution": "已补发"})
			if r.Code() != "TICKET_CAUSE_REQUIRED" {
				t.Fatalf("got %s", r.Raw)
			}
		})

		t.Run("escalating one level at a time up to the HQ department", func(t *testing.T) {
			v := tk["version"]
			step := func(reason string, contact map[string]any) *gqlResult {
				in := map[string]any{"ticketId": tk["id"], "expectedVersion": v, "reason": reason}
				if contact != nil {
					in["externalContact"] = contact
				}
				r := s.ticketWrite(agent, "escalateTicket", "EscalateTicketInput", in)
				if len(r.Errors) == 0 {
					v = r.path("escalateTicket", "ticket", "version")
				}
				return r
			}
			step("客户要求网点负责人处理", nil).must(t)
			if r := step("需对方公司协查", nil); r.Code() != "TICKET_EXTERNAL_CONTACT_REQUIRED" {
				t.Fatalf("got %s", r.Raw)
			}
			step("需对方公司协查", map[string]any{"company": "顺安物流", "name": "周经理", "phone": "13900001111"}).must(t)
			step("对方未回复", nil).must(t)
			last := step("片区无法解决", nil).must(t)
			if last.path("escalateTicket", "ticket", "escalationLevel") != 4.0 {
				t.Fatalf("level: %s", last.Raw)
			}
			if r := step("再升级", nil); r.Code() != "TICKET_ESCALATION_TOP" {
				t.Fatalf("got %s", r.Raw)
			}
			r := s.post(`query($id: ID!) { node(id: $id) { ... on Ticket { version externalContact { name phoneMasked }
				escalationLadder { level staff { employeeNo } externalContact { company } }
				escalations { fromLevel toLevel actor { employeeNo } } } } }`, map[string]any{"id": tk["id"]}, withToken(agent)).must(t)
			ladder := r.path("node", "escalationLadder").([]any)
			if len(ladder) != 4 || ladder[0].(map[string]any)["staff"].([]any)[0].(map[string]any)["employeeNo"] != "CS2001" ||
				ladder[1].(map[string]any)["externalContact"].(map[string]any)["company"] != "顺安物流" {
				t.Fatalf("ladder: %s", r.Raw)
			}
			if r.path("node", "externalContact", "phoneMasked") != "139****1111" || len(r.path("node", "escalations").([]any)) != 4 {
				t.Fatalf("escalations: %s", r.Raw)
			}
			tk["version"] = r.path("node", "version")
		})

		t.Run("handing over to someone off duty is refused", func(t *testing.T) {
			colleague := s.staffID("CS1002")
			q := `mutation($in: HandOverTicketsInput!) { handOverTickets(input: $in) { replayed tickets { id assignee { employeeNo } } } }`
			r := s.post(q, map[string]any{"in": map[string]any{"idempotencyKey": key(), "toStaffId": colleague, "note": "客户下午回电"}}, withToken(agent))
			if r.Code() != "TICKET_HANDOVER_OFF_DUTY" {
				t.Fatalf("got %s", r.Raw)
			}
			s.putOnDuty("CS2001", "CS1002")
			r = s.post(q, map[string]any{"in": map[string]any{"idempotencyKey": key(), "toStaffId": colleague, "note": "客户下午回电",
				"ticketIds": []string{tk["id"].(string)}}}, withToken(agent)).must(t)
			if r.path("handOverTickets", "tickets").([]any)[0].(map[string]any)["assignee"].(map[string]any)["employeeNo"] != "CS1002" {
				t.Fatalf("handover: %s", r.Raw)
			}
			tk["version"] = tk["version"].(float64) + 1
		})

		t.Run("a claim above the approver's limit is refused, a manager approves, it is paid", func(t *testing.T) {
			r := s.post(`mutation($in: ProposeClaimInput!) { proposeClaim(input: $in) { claim { id version state } } }`,
				map[string]any{"in": map[string]any{"idempotencyKey": key(), "ticketId": tk["id"], "amountFen": 80000, "reason": "按申报价值赔付"}}, withToken(agent)).must(t)
			claim := r.path("proposeClaim", "claim").(map[string]any)
			decide := `mutation($in: DecideClaimInput!) { decideClaim(input: $in) { claim { id version state approvedFen } } }`
			r = s.post(decide, map[string]any{"in": map[string]any{"idempotencyKey": key(), "claimId": claim["id"],
				"expectedVersion": claim["version"], "decision": "APPROVE"}}, withToken(sup))
			if r.Code() != "CLAIM_OVER_LIMIT" {
				t.Fatalf("got %s", r.Raw)
			}
			r = s.post(decide, map[string]any{"in": map[string]any{"idempotencyKey": key(), "claimId": claim["id"],
				"expectedVersion": claim["version"], "decision": "APPROVE", "approvedFen": 60000, "comment": "按实际损失核减"}}, withToken(mgr)).must(t)
			if r.path("decideClaim", "claim", "approvedFen") != 60000.0 {
				t.Fatalf("decided: %s", r.Raw)
			}
			r = s.post(`mutation($in: PayClaimInput!) { payClaim(input: $in) { claim { state history { action amountFen actor { employeeNo } } } } }`,
				map[string]any{"in": map[string]any{"idempotencyKey": key(), "claimId": claim["id"], "expectedVersion": 2, "paymentRef": "PAY-001"}}, withToken(mgr)).must(t)
			if r.path("payClaim", "claim", "state") != "PAID" || len(r.path("payClaim", "claim", "history").([]any)) != 3 {
				t.Fatalf("paid: %s", r.Raw)
			}
		})

		t.Run("two people resolving at once: one CONFLICT", func(t *testing.T) {
			cur := s.post(`query($id: ID!) { node(id: $id) { ... on Ticket { version } } }`, map[string]any{"id": tk["id"]}, withToken(sup)).must(t)
			v := cur.path("node", "version")
			colleague, _ := s.login("CS1002")
			var wg sync.WaitGroup
			codes := make([]string, 2)
			for i, tok := range []string{colleague, sup} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = s.ticketWrite(tok, "resolveTicket", "ResolveTicketInput", map[string]any{"ticketId": tk["id"],
						"expectedVersion": v, "resolution": "已补发", "cause": "分拨中心装卸不当"}).Code()
				}()
			}
			wg.Wait()
			if !(codes[0] == "" && codes[1] == "CONFLICT" || codes[0] == "CONFLICT" && codes[1] == "") {
				t.Fatalf("want one success and one CONFLICT, got %q", codes)
			}
			r := s.ticketWrite(sup, "closeTicket", "CloseTicketInput", map[string]any{"ticketId": tk["id"], "expectedVersion": v.(float64) + 1,
				"followUp": map[string]any{"outcome": "客户已收到补发", "satisfaction": 1}})
			if r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("low satisfaction needs a reason: %s", r.Raw)
			}
			s.ticketWrite(sup, "closeTicket", "CloseTicketInput", map[string]any{"ticketId": tk["id"], "expectedVersion": v.(float64) + 1,
				"followUp": map[string]any{"outcome": "客户已收到补发", "satisfaction": 4}}).must(t)
		})

		t.Run("the manager's report", func(t *testing.T) {
			day := time.Now().In(s.app.Cfg.zone).Format("2006-01-02")
			r := s.post(`query($d: Date!) { ticketReport(from: $d, to: $d) { total byKind { key count } byBranch { branch { name } count }
				resolutionCompliance satisfactionAverage medianResolutionSeconds topProblems { cause count } } }`,
				map[string]any{"d": day}, withToken(mgr)).must(t)
			if r.path("ticketReport", "total") != 1.0 || r.path("ticketReport", "satisfactionAverage") != 4.0 ||
				r.path("ticketReport", "byBranch").([]any)[0].(map[string]any)["branch"].(map[string]any)["name"] != "上海分公司" {
				t.Fatalf("report: %s", r.Raw)
			}
			if r := s.post(`query($d: Date!) { ticketReport(from: $d, to: $d) { total } }`, map[string]any{"d": day}, withToken(agent)); r.Code() != "FORBIDDEN" {
				t.Fatalf("agents do not read the report: %s", r.Raw)
			}
		})
	})
}

// staffID returns the global id of a demo staff member.
func (s *testServer) staffID(employeeNo string) string {
	s.t.Helper()
	var st identity.Staff
	if err := s.app.DB.R.NewSelect().Model(&st).Where("employee_no = ?", employeeNo).Scan(context.Background()); err != nil {
		s.t.Fatal(err)
	}
	return graph.GlobalID("Staff", st.ID)
}

// putOnDuty publishes a roster that puts employeeNo on an all-day shift today at their
// depot, as the depot's supervisor.
func (s *testServer) putOnDuty(supervisorNo, employeeNo string) {
	s.t.Helper()
	var sup, st identity.Staff
	ctx := context.Background()
	if err := s.app.DB.R.NewSelect().Model(&sup).Where("employee_no = ?", supervisorNo).Scan(ctx); err != nil {
		s.t.Fatal(err)
	}
	if err := s.app.DB.R.NewSelect().Model(&st).Where("employee_no = ?", employeeNo).Scan(ctx); err != nil {
		s.t.Fatal(err)
	}
	p, err := s.app.Identity.PrincipalOf(ctx, &sup)
	if err != nil {
		s.t.Fatal(err)
	}
	ctx = identity.WithPrincipal(ctx, p)
	today := time.Now().In(s.app.Cfg.zone)
	typ, err := s.app.Roster.CreateShiftType(ctx, roster.NewShiftType{DepotID: st.DepotID, Code: "ALLDAY", Name: "全天班", StartMinute: 0, EndMinute: 23*60 + 59})
	if err != nil {
		s.t.Fatal(err)
	}
	r, _, err := s.app.Roster.AssignShifts(ctx, key(), st.DepotID, today.Format("2006-01"),
		[]roster.AssignmentInput{{StaffID: st.ID, Day: today.Format("2006-01-02"), ShiftTypeID: typ.ID}})
	if err != nil {
		s.t.Fatal(err)
	}
	if _, _, err := s.app.Roster.PublishRoster(ctx, key(), r.ID, r.Version); err != nil {
		s.t.Fatal(err)
	}
}

// TestMyTicketsHasNoNPlusOne proves the "my tickets" list costs the same number of SQL
// statements for 2 tickets as for 6, with every related field asked for.
func TestMyTicketsHasNoNPlusOne(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		// Sibling fields are resolved in goroutines that queue their keys on a loader; at the
		// default 2 ms wait a loaded machine (load 8-12) started some after a batch had gone
		// and split levels (21 statements seen once). A long wait makes the count exact
		// (exact: for the two compared reads only).
		agent, _ := s.login("CS1001")
		q := `{ myTickets { id state sla { timeLeftSeconds } depot { name } assignee { name } createdBy { name }
			order { waybillNo } actions timeline { kind actor { name } } claims { state history { action } } breaches { target }
			escalations { toLevel } handovers { note } } }`
		for i := 0; i < 2; i++ {
			s.openTicket(agent)
		}
		few := s.post(q, nil, withToken(agent), exact).must(t)
		for i := 0; i < 4; i++ {
			s.openTicket(agent)
		}
		many := s.post(q, nil, withToken(agent), exact).must(t)
		if n := len(many.path("myTickets").([]any)); n != 6 {
			t.Fatalf("my tickets: %d", n)
		}
		t.Logf("statements: %d for 2 tickets, %d for 6", few.Statements, many.Statements)
		// One statement per level: tickets, depots, staff, orders, timelines, claims, breaches,
		// escalations, handovers (9), the same for 2 tickets as for 6; N+1 would cost about
		// 40 more statements for 6 tickets.
		const levels = 9
		if few.Statements > levels || many.Statements != few.Statements {
			t.Fatalf("my tickets ran %d and %d statements, want the same, at most %d, for both", few.Statements, many.Statements, levels)
		}
	})
}

func TestOverShortGoodsThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		verifier, _ := s.login("CS4001")
		month := time.Now().In(s.app.Cfg.zone).Format("2006-01")
		report := `mutation($in: ReportOverShortGoodsInput!) { reportOverShortGoods(input: $in) { replayed report { id version status } } }`
		photo := s.upload(testPNG(t, 8), agent).must(t).path("uploadPhoto", "photo", "id")
		in := map[string]any{"idempotencyKey": key(), "kind": "OVER", "goodsName": "蓝色纸箱", "counter": "2 号窗口",
			"clearingDate": month + "-15", "photoRefs": []any{photo}}
		r := s.post(report, map[string]any{"in": in}, withToken(agent)).must(t)
		rep := r.path("reportOverShortGoods", "report").(map[string]any)
		if again := s.post(report, map[string]any{"in": in}, withToken(agent)).must(t); again.path("reportOverShortGoods", "replayed") != true {
			t.Fatalf("a retried report replays: %s", again.Raw)
		}
		review := `mutation($in: ReviewOverShortGoodsInput!) { reviewOverShortGoods(input: $in) { report { status reviewComment } } }`
		decide := func(tok string) *gqlResult {
			return s.post(review, map[string]any{"in": map[string]any{"idempotencyKey": key(), "reportId": rep["id"],
				"expectedVersion": rep["version"], "decision": "APPROVE", "comment": "照片清楚,属实"}}, withToken(tok))
		}
		if r := decide(agent); r.Code() != "FORBIDDEN" {
			t.Fatalf("agents do not review: %s", r.Raw)
		}
		var wg sync.WaitGroup
		codes := make([]string, 2)
		for i := range codes {
			wg.Add(1)
			go func() { defer wg.Done(); codes[i] = decide(verifier).Code() }()
		}
		wg.Wait()
		if !(codes[0] == "" && codes[1] == "CONFLICT" || codes[0] == "CONFLICT" && codes[1] == "") {
			t.Fatalf("two reviews at once: want one success and one CONFLICT, got %q", codes)
		}
		r = s.post(`query($m: String!) { overShortRegister(month: $m) { status goodsName responsibleBranch { name } reportedBy { employeeNo }
			photos { id url } } }`, map[string]any{"m": month}, withToken(verifier)).must(t)
		reg := r.path("overShortRegister").([]any)
		if len(reg) != 1 || reg[0].(map[string]any)["status"] != "APPROVED" ||
			reg[0].(map[string]any)["responsibleBranch"].(map[string]any)["name"] != "上海分公司" {
			t.Fatalf("register: %s", r.Raw)
		}
		// The verifier did not upload the photo and does not supervise the depot, yet sees it
		// with the report.
		photos := reg[0].(map[string]any)["photos"].([]any)
		if len(photos) != 1 || photos[0].(map[string]any)["id"] != photo {
			t.Fatalf("the register shows the report's photo: %s", r.Raw)
		}
		if got := s.get(photos[0].(map[string]any)["url"].(string)); got.Code != 200 {
			t.Fatalf("the photo's link works: %d", got.Code)
		}

		t.Run("someone else's photo is refused and nothing is written", func(t *testing.T) {
			lina, _ := s.login("CS1002")
			in := map[string]any{"idempotencyKey": key(), "kind": "SHORT", "goodsName": "白色编织袋", "counter": "1 号窗口",
				"clearingDate": month + "-16", "photoRefs": []any{photo}}
			if r := s.post(report, map[string]any{"in": in}, withToken(lina)); r.Code() != "NOT_FOUND" {
				t.Fatalf("got %s", r.Raw)
			}
			in["photoRefs"] = []any{"not-a-global-id"}
			if r := s.post(report, map[string]any{"in": in}, withToken(lina)); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("got %s", r.Raw)
			}
			q := s.post(`{ overShortQueue { id } }`, nil, withToken(verifier)).must(t)
			if n := len(q.path("overShortQueue").([]any)); n != 0 {
				t.Fatalf("a refused report must not reach the queue: %s", q.Raw)
			}
		})
	})
}

func TestScoreSheetCountsComplaintsAndApprovedOverGoods(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		verifier, _ := s.login("CS4001")
		zone := s.app.Cfg.zone
		month := time.Now().In(zone).Format("2006-01")

		// A complaint that names 李娜 (CS1002) responsible.
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		tk := s.post(fromOrderMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": o["id"], "kind": "COMPLAINT", "note": "客户投诉派送员态度"}},
			withToken(agent)).must(t).path("createTicketFromOrder", "ticket").(map[string]any)
		s.ticketWrite(agent, "restateTicket", "RestateTicketInput", map[string]any{"ticketId": tk["id"], "expectedVersion": tk["version"],
			"problem": "客户投诉派件员态度差", "cause": "未电话联系即放门口", "responsibleKind": "PERSON", "responsibleName": "李娜",
			"responsibleStaffId": s.staffID("CS1002"), "plan": "致电道歉并上门取回", "promisedAt": time.Now().Add(time.Hour).Format(time.RFC3339)}).must(t)

		// An over-goods report by 李娜, approved by the verifier.
		lina, _ := s.login("CS1002")
		rep := s.post(`mutation($in: ReportOverShortGoodsInput!) { reportOverShortGoods(input: $in) { report { id version } } }`,
			map[string]any{"in": map[string]any{"idempotencyKey": key(), "kind": "OVER", "goodsName": "蓝色纸箱", "counter": "2 号窗口",
				"clearingDate": month + "-15", "photoRefs": []any{s.upload(testPNG(t, 8), lina).must(t).path("uploadPhoto", "photo", "id")}}},
			withToken(lina)).must(t).path("reportOverShortGoods", "report").(map[string]any)
		s.post(`mutation($in: ReviewOverShortGoodsInput!) { reviewOverShortGoods(input: $in) { report { status } } }`,
			map[string]any{"in": map[string]any{"idempotencyKey": key(), "reportId": rep["id"], "expectedVersion": rep["version"], "decision": "APPROVE", "comment": "核实属实"}},
			withToken(verifier)).must(t)

		depot := s.post(`{ me { depot { id } } }`, nil, withToken(sup)).must(t).path("me", "depot", "id")
		sheets := s.post(`query($d: ID!, $m: String!) { scoreSheets(depotId: $d, month: $m) { staff { employeeNo } complaintsResponsible overGoodsApproved } }`,
			map[string]any{"d": depot, "m": month}, withToken(sup)).must(t)
		found := false
		for _, sh := range sheets.Data["scoreSheets"].([]any) {
			m := sh.(map[string]any)
			switch m["staff"].(map[string]any)["employeeNo"] {
			case "CS1002":
				found = true
				if m["complaintsResponsible"] != 1.0 || m["overGoodsApproved"] != 1.0 {
					t.Errorf("李娜's sheet: %v", m)
				}
			case "CS1001":
				if m["complaintsResponsible"] != 0.0 || m["overGoodsApproved"] != 0.0 {
					t.Errorf("张伟 is named in nothing: %v", m)
				}
			}
		}
		if !found {
			t.Fatalf("no sheet for CS1002: %s", sheets.Raw)
		}
		csv := s.post(`query($d: ID!, $m: String!) { scoreSheetsCsv(depotId: $d, month: $m) }`, map[string]any{"d": depot, "m": month}, withToken(sup)).must(t)
		if !strings.Contains(csv.Data["scoreSheetsCsv"].(string), "负责投诉 Complaints responsible") {
			t.Error("the CSV lacks the complaints column")
		}
	})
}

const commentMutation = `mutation($in: AddTicketCommentInput!) { addTicketComment(input: $in) { ticket { id
  timeline { kind body photos { id url uploadedBy { employeeNo } } } } } }`

func TestTicketCommentPhotos(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		lina, _ := s.login("CS1002")
		tk := s.openTicket(agent)
		mine := s.upload(testPNG(t, 8), agent).must(t).path("uploadPhoto", "photo", "id")
		hers := s.upload(testPNG(t, 9), lina).must(t).path("uploadPhoto", "photo", "id")
		comment := func(tok string, photos ...any) *gqlResult {
			return s.post(commentMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "ticketId": tk["id"],
				"body": "破损照片", "photoRefs": photos}}, withToken(tok))
		}
		timeline := func() []any {
			r := s.post(`query($id: ID!) { node(id: $id) { ... on Ticket { version timeline { kind } } } }`, map[string]any{"id": tk["id"]}, withToken(agent)).must(t)
			return r.path("node", "timeline").([]any)
		}

		t.Run("someone else's photo is refused and nothing is written", func(t *testing.T) {
			before := len(timeline())
			if r := comment(agent, mine, hers); r.Code() != "NOT_FOUND" {
				t.Fatalf("got %s", r.Raw)
			}
			if r := comment(agent, tk["id"]); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("a ticket's id is not a photo's: %s", r.Raw)
			}
			if after := len(timeline()); after != before {
				t.Fatalf("a refused comment wrote %d entries", after-before)
			}
		})

		t.Run("the comment shows its photos to whoever sees the ticket", func(t *testing.T) {
			r := comment(agent, mine, mine).must(t)
			entries := r.path("addTicketComment", "ticket", "timeline").([]any)
			last := entries[len(entries)-1].(map[string]any)
			photos := last["photos"].([]any)
			if last["kind"] != "COMMENT" || len(photos) != 1 || photos[0].(map[string]any)["id"] != mine ||
				photos[0].(map[string]any)["uploadedBy"].(map[string]any)["employeeNo"] != "CS1001" {
				t.Fatalf("comment: %s", r.Raw)
			}
			// A colleague of the depot sees the ticket, so she sees its photos, although she
			// could not look the photo up by itself.
			q := `query($id: ID!) { node(id: $id) { ... on Ticket { timeline { photos { id url } } } } }`
			seen := s.post(q, map[string]any{"id": tk["id"]}, withToken(lina)).must(t)
			var urls []string
			for _, e := range seen.path("node", "timeline").([]any) {
				for _, ph := range e.(map[string]any)["photos"].([]any) {
					urls = append(urls, ph.(map[string]any)["url"].(string))
				}
			}
			if len(urls) != 1 || s.get(urls[0]).Code != 200 {
				t.Fatalf("the colleague's view: %s", seen.Raw)
			}
			if n := s.post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": mine}, withToken(lina)).must(t); n.path("node") != nil {
				t.Fatal("the photo alone stays private to its uploader and her supervisor")
			}
			other, _ := s.login("CS1004")
			if r := s.post(q, map[string]any{"id": tk["id"]}, withToken(other)).must(t); r.path("node") != nil {
				t.Fatal("an agent at another depot sees neither the ticket nor its photos")
			}
		})

		t.Run("photos load in one batch however many tickets carry them", func(t *testing.T) {
			q := `{ myTickets { id timeline { kind photos { id url uploadedBy { name } } } } }`
			few := s.post(q, nil, withToken(agent)).must(t)
			for i := 0; i < 3; i++ {
				other := s.openTicket(agent)
				ph := s.upload(testPNG(t, 10+i), agent).must(t).path("uploadPhoto", "photo", "id")
				s.post(commentMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "ticketId": other["id"],
					"body": "现场照片", "photoRefs": []any{ph}}}, withToken(agent)).must(t)
			}
			many := s.post(q, nil, withToken(agent)).must(t)
			t.Logf("statements: %d for 1 ticket with a photo, %d for 4", few.Statements, many.Statements)
			if many.Statements > few.Statements+2 {
				t.Fatalf("photos cost %d statements for 4 tickets against %d for 1", many.Statements, few.Statements)
			}
		})
	})
}

const createTicketMutation = `mutation($in: CreateTicketInput!) { createTicket(input: $in) { replayed ticket { ` + ticketFields + ` depot { name } } } }`

func TestFreeFormTicketsAndUnownedQueue(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		create := func(in map[string]any) *gqlResult {
			in["idempotencyKey"] = key()
			return s.post(createTicketMutation, map[string]any{"in": in}, withToken(agent))
		}

		t.Run("a free-form ticket without an order", func(t *testing.T) {
			r := create(map[string]any{"kind": "SUGGESTION", "summary": "建议周末延长营业时间", "customerName": "王女士",
				"customerPhone": "13700001111"}).must(t)
			tk := r.path("createTicket", "ticket").(map[string]any)
			if tk["order"] != nil || tk["waybillNo"] != "" || tk["customerPhoneMasked"] != "137****1111" || tk["priority"] != "NORMAL" ||
				tk["assignee"] == nil || tk["state"] != "NEW" {
				t.Fatalf("free-form ticket: %s", r.Raw)
			}
			if r := create(map[string]any{"kind": "ENQUIRY", "summary": "询问运费", "customerName": "王女士", "customerPhone": "12345"}); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("a bad phone is refused: %s", r.Raw)
			}
			if r := create(map[string]any{"kind": "COMPLAINT", "summary": "投诉", "customerName": "王女士", "customerPhone": "13700001111",
				"exceptionKind": "DAMAGE"}); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("only exceptions have an exception kind: %s", r.Raw)
			}
		})

		t.Run("a ticket nobody owns waits for the supervisor, who assigns it", func(t *testing.T) {
			r := create(map[string]any{"kind": "COMPLAINT", "summary": "客户投诉电话无人接听", "customerName": "赵先生",
				"customerPhone": "13600002222", "unassigned": true}).must(t)
			tk := r.path("createTicket", "ticket").(map[string]any)
			if tk["assignee"] != nil || tk["priority"] != "HIGH" {
				t.Fatalf("unassigned complaint: %s", r.Raw)
			}
			unowned := func() []any {
				return s.post(`{ unownedTickets { id summary } }`, nil, withToken(sup)).must(t).path("unownedTickets").([]any)
			}
			if u := unowned(); len(u) != 1 || u[0].(map[string]any)["id"] != tk["id"] {
				t.Fatalf("the supervisor's unowned queue: %v", u)
			}
			if r := s.post(`{ unownedTickets { id } }`, nil, withToken(agent)); r.Code() != "FORBIDDEN" {
				t.Fatalf("agents do not read the unowned queue: %s", r.Raw)
			}
			assign := func(tok string, version any) *gqlResult {
				return s.ticketWrite(tok, "assignTicket", "AssignTicketInput", map[string]any{"ticketId": tk["id"], "expectedVersion": version,
					"assigneeId": s.staffID("CS1002"), "note": "请今天回电"})
			}
			if r := assign(agent, tk["version"]); r.Code() != "FORBIDDEN" {
				t.Fatalf("agents do not assign: %s", r.Raw)
			}
			if r := assign(sup, tk["version"].(float64)+5); r.Code() != "CONFLICT" {
				t.Fatalf("a stale version: %s", r.Raw)
			}
			r = assign(sup, tk["version"]).must(t)
			if r.path("assignTicket", "ticket", "assignee", "name") == nil {
				t.Fatalf("assigned: %s", r.Raw)
			}
			if u := unowned(); len(u) != 0 {
				t.Fatalf("an assigned ticket leaves the unowned queue: %v", u)
			}
			lina, _ := s.login("CS1002")
			mine := s.post(`{ myTickets { id } }`, nil, withToken(lina)).must(t).path("myTickets").([]any)
			if len(mine) != 1 || mine[0].(map[string]any)["id"] != tk["id"] {
				t.Fatalf("the assignee's tickets: %v", mine)
			}
			// The assignee leaves the company: the ticket waits for the supervisor again.
			admin, _ := s.login("CS9001")
			s.post(setActive, deactivation(s.staffID("CS1002"), key(), "已离职"), withToken(admin)).must(t)
			if u := unowned(); len(u) != 1 || u[0].(map[string]any)["id"] != tk["id"] {
				t.Fatalf("a deactivated assignee's ticket is unowned: %v", u)
			}
		})
	})
}

// Order.openTickets in a list of orders is one statement through a loader, not one per
// order: five orders with a ticket each cost what one does.
func TestOpenTicketsOfAListOfOrdersAreLoadedTogether(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		const list = `query($n: Int!) { orders(first: $n) { edges { node { waybillNo openTickets { id kind } } } } }`
		s.openTicket(agent)
		few := s.post(list, map[string]any{"n": 1}, withToken(agent)).must(t)
		for range 4 {
			s.openTicket(agent)
		}
		many := s.post(list, map[string]any{"n": 5}, withToken(agent)).must(t)
		withTickets := 0
		for _, e := range many.path("orders", "edges").([]any) {
			if len(e.(map[string]any)["node"].(map[string]any)["openTickets"].([]any)) > 0 {
				withTickets++
			}
		}
		if withTickets != 5 {
			t.Fatalf("%d of the 5 newest orders show their open ticket: %s", withTickets, many.Raw)
		}
		t.Logf("statements: %d for 1 order, %d for 5", few.Statements, many.Statements)
		if many.Statements > few.Statements+1 {
			t.Fatalf("open tickets of 5 orders cost %d statements, of 1 order %d: one per order", many.Statements, few.Statements)
		}
	})
}
