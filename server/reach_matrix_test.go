package main

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// The reach matrix: every query, mutation and subscription of the schema, and node() on
// every type implementing Node, called by each role inside and outside the reach of the
// records it names, against the real server on both databases. The schema is read from
// the executable schema, so a field (or a Node type) added without an entry here fails
// the test, which says what to add.
//
// An expectation lists, for agent, supervisor, manager, verifier, admin and partner in
// that order, the outcome inside and then outside reach (see personas):
//
//	A  allowed: no access refusal (a business refusal such as CONFLICT or BAD_USER_INPUT
//	   is allowed: the caller reached the rule), and for reads with a seen check, the
//	   record is in the answer
//	E  allowed, but the record is not in the answer (filtered out, or null)
//	F  FORBIDDEN
//	N  NOT_FOUND
//	U  UNAUTHENTICATED
//
// Calls without a token must be UNAUTHENTICATED unless the case is public (then A).
type reachCase struct {
	doc string
	// vars returns the variables; $k in doc gets a fresh idempotency key.
	vars   func(f *reachFixture) map[string]any
	want   string
	public bool
	// seen reports whether the record named is in the answer (A) or not (E).
	seen func(f *reachFixture, r *gqlResult) bool
	// outcome reads a code the answer carries in its data (per-event results).
	outcome func(r *gqlResult) string
	// run sends a request that is not plain JSON (a file upload).
	run func(f *reachFixture, tok string) *gqlResult
}

// ids is the shorthand for a variables function over fixture ids: ids("o", "order").
func ids(pairs ...string) func(f *reachFixture) map[string]any {
	return func(f *reachFixture) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(pairs); i += 2 {
			m[pairs[i]] = f.id[pairs[i+1]]
		}
		return m
	}
}

// listHas reports whether the list at path holds an object whose id is the fixture's.
func listHas(name string, path ...string) func(f *reachFixture, r *gqlResult) bool {
	return func(f *reachFixture, r *gqlResult) bool {
		list, _ := r.path(path...).([]any)
		return slices.ContainsFunc(list, func(x any) bool {
			m, _ := x.(map[string]any)
			return m != nil && m["id"] == f.id[name]
		})
	}
}

// notNull reports whether the value at path is there.
func notNull(path ...string) func(f *reachFixture, r *gqlResult) bool {
	return func(_ *reachFixture, r *gqlResult) bool { return r.path(path...) != nil }
}

const (
	staffOnly   = "AA AA AA AA AA FF" // every staff member for themself; partners never
	handlers    = "AA AA AA FF AA FF" // order and ticket handlers (no verifiers)
	overseers   = "FF AF AF FF AF FF" // a depot's supervisors, the managers above it, its admins
	depotWrite  = "AN AN AN FF AN FF" // a record of the depot: its handlers; outside reach it does not exist
	onlyAdmins  = "FF FF FF FF AA FF"
	onlyPartner = "FF FF FF FF FF AA"
	managersUp  = "FF FF AA FF AA FF"
)

var reachMatrix = map[string]reachCase{
	// Root.
	"Query.node": {doc: `query($id: ID!) { node(id: $id) { id } }`, vars: ids("id", "order"), want: "AE AE AE EE AE AN", seen: notNull("node")},
	"Query.nodes": {doc: `query($id: ID!) { nodes(ids: [$id]) { id } }`, vars: ids("id", "order"), want: "AE AE AE EE AE AN", seen: func(_ *reachFixture, r *gqlResult) bool {
		l, _ := r.path("nodes").([]any)
		return len(l) == 1 && l[0] != nil
	}},

	// Identity.
	"Query.me":             {doc: `{ me { id } }`, want: staffOnly},
	"Query.orgUnits":       {doc: `{ orgUnits { id } }`, want: "AA AA AA AE AE FF", seen: listHas("depot", "orgUnits")},
	"Query.contactReveals": {doc: `{ contactReveals { edges { node { id order { id } } } } }`, want: "AE AE AE FF AE FF", seen: func(f *reachFixture, r *gqlResult) bool { return strings.Contains(r.Raw, f.id["order"]) }},
	"Query.contactRevealsCsv": {doc: `{ contactRevealsCsv }`, want: "AE AE AE FF AE FF", seen: func(f *reachFixture, r *gqlResult) bool {
		s, _ := r.path("contactRevealsCsv").(string)
		return strings.Contains(s, f.waybill)
	}},
	"Mutation.login":             {doc: `mutation { login(input: {employeeNo: "CS1003", password: "Demo@2026"}) { accessToken } }`, want: "AA AA AA AA AA AA", public: true},
	"Mutation.refreshSession":    {doc: `mutation($r: String!) { refreshSession(input: {refreshToken: $r}) { accessToken } }`, vars: func(f *reachFixture) map[string]any { return map[string]any{"r": f.refresh} }, want: "AA AA AA AA AA AA", public: true},
	"Mutation.logout":            {doc: `mutation { logout(input: {refreshToken: "no-such-token"}) { revoked } }`, want: "AA AA AA AA AA AA", public: true},
	"Mutation.issuePartnerToken": {doc: `mutation($s: String!) { issuePartnerToken(input: {clientId: "matrix-victim", clientSecret: $s}) { accessToken } }`, vars: func(f *reachFixture) map[string]any { return map[string]any{"s": f.victimSecret} }, want: "AA AA AA AA AA AA", public: true},
	"Mutation.revealStaffPhone":  {doc: `mutation($s: ID!) { revealStaffPhone(input: {staffId: $s, reason: "核对排班"}) { phone } }`, vars: ids("s", "CS1001"), want: "AF AF AF FF AN FF"},
	// CS1004 is no persona: deactivating them locks no one out of the matrix.
	"Mutation.deactivateStaff": {doc: `mutation($s: ID!, $k: String!) { deactivateStaff(input: {idempotencyKey: $k, staffId: $s, reason: "矩阵测试"}) { staff { id } } }`, vars: ids("s", "CS1004"), want: "FF FF FF FF AN FF"},
	"Mutation.reactivateStaff": {doc: `mutation($s: ID!, $k: String!) { reactivateStaff(input: {idempotencyKey: $k, staffId: $s, reason: "矩阵测试"}) { staff { id } } }`, vars: ids("s", "CS1004"), want: "FF FF FF FF AN FF"},
	"Mutation.setManagedUnit":  {doc: `mutation($s: ID!, $u: ID!) { setManagedUnit(input: {staffId: $s, unitId: $u}) { staff { id } } }`, vars: ids("s", "CS3001", "u", "unit:SH"), want: "FF FF FF FF AN FF"},

	// Orders.
	"Query.orderByWaybill":         {doc: `query($w: String!) { orderByWaybill(waybillNo: $w) { id } }`, vars: func(f *reachFixture) map[string]any { return map[string]any{"w": f.waybill} }, want: "AN AN AN FF AN AN"},
	"Query.orders":                 {doc: `{ orders(first: 100) { edges { node { id } } } }`, want: "AE AE AE FF AE AE", seen: func(f *reachFixture, r *gqlResult) bool { return strings.Contains(r.Raw, f.id["order"]) }},
	"Mutation.intakeOrder":         {doc: `mutation($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id } } }`, vars: func(*reachFixture) map[string]any { return map[string]any{"in": orderInput()} }, want: "AA AA AA FF AA AA"},
	"Mutation.verifyOrder":         {doc: `mutation($o: ID!, $k: String!) { verifyOrder(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1, elements: [CONSIGNOR]}) { order { id } } }`, vars: ids("o", "pendingOrder"), want: depotWrite},
	"Mutation.releaseOrder":        {doc: `mutation($o: ID!, $k: String!) { releaseOrder(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1}) { order { id } } }`, vars: ids("o", "pendingOrder"), want: depotWrite},
	"Mutation.recordSignedReceipt": {doc: `mutation($o: ID!, $k: String!) { recordSignedReceipt(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1}) { order { id } } }`, vars: ids("o", "order"), want: depotWrite},
	"Mutation.advanceOrderStage":   {doc: `mutation($o: ID!, $k: String!) { advanceOrderStage(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1, stage: PRINTED}) { order { id } } }`, vars: ids("o", "order"), want: depotWrite},
	"Mutation.changeOrderAddress": {doc: `mutation($o: ID!, $k: String!) { changeOrderAddress(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1,
		consignee: {name: "刘女士", phone: "13987654321", province: "浙江省", city: "杭州市", district: "上城区", detail: "解放路 1 号"}}) { order { id } } }`, vars: ids("o", "order"), want: depotWrite},
	"Mutation.changeOrderGoods":        {doc: `mutation($o: ID!, $k: String!) { changeOrderGoods(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1, goods: {name: "鞋", quantity: 1, weightKg: 1, volumeM3: 0.01}}) { order { id } } }`, vars: ids("o", "order"), want: depotWrite},
	"Mutation.cancelOrder":             {doc: `mutation($o: ID!, $k: String!) { cancelOrder(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1, reason: "客户不要了"}) { order { id } } }`, vars: ids("o", "order"), want: depotWrite},
	"Mutation.cancelPrintedOrder":      {doc: `mutation($o: ID!, $k: String!) { cancelPrintedOrder(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1, reason: "客户不要了", waybillRetrieved: true, deliverySlipRetrieved: true}) { order { id } } }`, vars: ids("o", "order"), want: depotWrite},
	"Query.dangerousGoodsCatalogue":    {doc: `{ dangerousGoodsCatalogue { id name } }`, want: handlers},
	"Mutation.saveDangerousGoodsEntry": {doc: `mutation($k: String!) { saveDangerousGoodsEntry(input: {idempotencyKey: $k, category: "TOXIC", name: "矩阵测试品", synonyms: [], handling: RESTRICTED, rule: "测试"}) { entry { id } } }`, want: onlyAdmins},
	// The entry is the Zhangjiang organisation's: the other organisation's admin finds nothing.
	"Mutation.deleteDangerousGoodsEntry": {doc: `mutation($id: ID!) { deleteDangerousGoodsEntry(input: {id: $id, expectedVersion: 1}) { deletedId } }`, vars: func(f *reachFixture) map[string]any {
		r := f.s.post(`mutation($k: String!) { saveDangerousGoodsEntry(input: {idempotencyKey: $k, category: "TOXIC", name: $k, synonyms: [], handling: RESTRICTED, rule: "测试"}) { entry { id } } }`,
			map[string]any{"k": key()}, withToken(f.tok["CS9001"])).must(f.s.t)
		return map[string]any{"id": r.path("saveDangerousGoodsEntry", "entry", "id")}
	}, want: "FF FF FF FF AN FF"},
	"Mutation.openOrderReturn":    {doc: `mutation($o: ID!, $k: String!) { openOrderReturn(input: {idempotencyKey: $k, orderId: $o, expectedVersion: 1, kind: RETURN, reason: OTHER, description: "不合适", parcelIntact: true}) { remark } }`, vars: ids("o", "order"), want: depotWrite},
	"Mutation.revealOrderContact": {doc: `mutation($o: ID!) { revealOrderContact(input: {orderId: $o, party: CONSIGNOR, reason: "回访客户"}) { phone } }`, vars: ids("o", "order"), want: depotWrite},

	// Tracking.
	"Query.customerTracking":     {doc: `query($w: String!) { customerTracking(waybillNo: $w, phoneLast4: "5678") { waybillNo } }`, vars: func(f *reachFixture) map[string]any { return map[string]any{"w": f.waybill} }, want: "AA AA AA AA AA AA", public: true},
	"Query.myTrackingRoundItems": {doc: `{ myTrackingRoundItems { id } }`, want: "AA AA FF FF FF FF"},
	"Query.missedTrackingRounds": {doc: `query($d: ID!) { missedTrackingRounds(depotId: $d, from: "2026-11-01", to: "2026-11-30") { total } }`, vars: ids("d", "depot"), want: overseers},
	"Mutation.recordTrackingEvents": {doc: `mutation($e: [TrackingEventInput!]!) { recordTrackingEvents(input: {events: $e}) { results { errorCode } } }`,
		vars: func(f *reachFixture) map[string]any {
			return map[string]any{"e": []any{ev(key(), f.waybill, "IN_TRANSIT", time.Now().Add(-time.Hour))}}
		}, want: "AN AN AN FF AN AN",
		outcome: func(r *gqlResult) string {
			res, _ := r.path("recordTrackingEvents", "results").([]any)
			if len(res) == 1 {
				c, _ := res[0].(map[string]any)["errorCode"].(string)
				return c
			}
			return ""
		}},
	"Mutation.generateTrackingRound": {doc: `mutation($d: ID!, $a: ID!) { generateTrackingRound(input: {depotId: $d, day: "2026-11-20", slot: AFTERNOON, agentIds: [$a]}) { created } }`, vars: ids("d", "depot", "a", "CS1001"), want: overseers},
	"Mutation.markTrackingRoundItem": {doc: `mutation($i: ID!, $k: String!) { markTrackingRoundItem(input: {idempotencyKey: $k, itemId: $i, customerTold: true}) { item { id } } }`, vars: ids("i", "roundItem"), want: "AN AN AN FF AN FF"},
	"Mutation.confirmArrival": {doc: `mutation($o: ID!, $k: String!) { confirmArrival(input: {idempotencyKey: $k, orderId: $o, arrivedAt: "2026-11-01T08:00:00Z", goodsCondition: INTACT, driverAttitude: GOOD, signerName: "刘女士", reachedBy: [SMS]}) { arrival { signerName } } }`,
		vars: ids("o", "order"), want: depotWrite},

	// Tickets.
	"Query.myTickets":           {doc: `{ myTickets { id } }`, want: handlers},
	"Query.tickets":             {doc: `{ tickets(first: 100) { edges { node { id } } } }`, want: "AE AE AE FF AE FF", seen: func(f *reachFixture, r *gqlResult) bool { return strings.Contains(r.Raw, f.id["ticket"]) }},
	"Query.unownedTickets":      {doc: `query($d: ID!) { unownedTickets(depotId: $d) { id } }`, vars: ids("d", "depot"), want: overseers},
	"Query.brokenPromises":      {doc: `query($d: ID!) { brokenPromises(depotId: $d) { id } }`, vars: ids("d", "depot"), want: overseers},
	"Query.ticketsAtRisk":       {doc: `query($d: ID!) { ticketsAtRisk(depotId: $d) { minutesSinceShiftEnd } }`, vars: ids("d", "depot"), want: overseers},
	"Query.ticketSlaPolicies":   {doc: `{ ticketSlaPolicies { kind } }`, want: handlers},
	"Query.claimApprovalLimits": {doc: `{ claimApprovalLimits { role } }`, want: handlers},
	"Query.overShortQueue":      {doc: `{ overShortQueue { id } }`, want: "AE AE AE AE AE FF", seen: listHas("report", "overShortQueue")},
	"Query.overShortRegister": {doc: `query($m: String!) { overShortRegister(month: $m) { id } }`, vars: func(f *reachFixture) map[string]any {
		return map[string]any{"m": time.Now().In(f.s.app.Cfg.zone).Format("2006-01")}
	}, want: "AE AE AE AE AE FF", seen: listHas("report", "overShortRegister")},
	"Query.ticketCauses":      {doc: `{ ticketCauses { id } }`, want: handlers},
	"Mutation.addTicketCause": {doc: `mutation { addTicketCause(input: {category: "破损", name: "外包装受潮"}) { id } }`, want: managersUp},
	"Mutation.retireTicketCause": {doc: `mutation($c: ID!) { retireTicketCause(input: {causeId: $c}) { id } }`, want: "FF FF AA FF AN FF", vars: func(f *reachFixture) map[string]any {
		r := f.s.post(`{ ticketCauses(withRetired: true) { id name } }`, nil, withToken(f.tok["CS1001"]))
		for _, c := range r.path("ticketCauses").([]any) {
			if m := c.(map[string]any); m["name"] == "运输挤压" {
				return map[string]any{"c": m["id"]}
			}
		}
		return map[string]any{"c": ""}
	}},
	"Query.ticketReport":                {doc: `query($d: ID!) { ticketReport(from: "2026-11-01", to: "2026-11-30", depotId: $d) { total } }`, vars: ids("d", "depot"), want: overseers},
	"Mutation.createTicket":             {doc: `mutation($k: String!) { createTicket(input: {idempotencyKey: $k, kind: ENQUIRY, summary: "咨询时效", customerName: "王先生", customerPhone: "13812345678"}) { ticket { id } } }`, want: handlers},
	"Mutation.createTicketFromOrder":    {doc: `mutation($o: ID!, $k: String!) { createTicketFromOrder(input: {idempotencyKey: $k, orderId: $o, kind: COMPLAINT, note: "客户投诉"}) { ticket { id } } }`, vars: ids("o", "order"), want: depotWrite},
	"Mutation.addTicketComment":         {doc: `mutation($t: ID!, $k: String!) { addTicketComment(input: {idempotencyKey: $k, ticketId: $t, body: "已联系客户"}) { ticket { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.changeTicketState":        {doc: `mutation($t: ID!, $k: String!) { changeTicketState(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: 1, state: IN_PROGRESS}) { ticket { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.resolveTicket":            {doc: `mutation($t: ID!, $k: String!) { resolveTicket(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: 1, resolution: "已赔付", cause: "装卸不当"}) { ticket { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.closeTicket":              {doc: `mutation($t: ID!, $k: String!) { closeTicket(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: 1, followUp: {outcome: "客户满意", satisfaction: 5}}) { ticket { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.escalateTicket":           {doc: `mutation($t: ID!, $k: String!) { escalateTicket(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: 1, reason: "需要上级处理"}) { ticket { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.handOverTickets":          {doc: `mutation($to: ID!, $k: String!) { handOverTickets(input: {idempotencyKey: $k, toStaffId: $to, note: "交接班"}) { tickets { id } } }`, vars: ids("to", "CS1002"), want: handlers},
	"Mutation.assignTicket":             {doc: `mutation($t: ID!, $a: ID!, $k: String!) { assignTicket(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: 1, assigneeId: $a}) { ticket { id } } }`, vars: ids("t", "ticket", "a", "CS1002"), want: "FF AN AN FF AN FF"},
	"Mutation.restateTicket":            {doc: `mutation($t: ID!, $k: String!) { restateTicket(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: 1, problem: "外箱破损", plan: "明日回电", promisedAt: "2027-01-01T08:00:00Z"}) { ticket { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.confirmTicketRestatement": {doc: `mutation($t: ID!, $k: String!) { confirmTicketRestatement(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: 1, via: CALL}) { ticket { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.setTicketSlaPolicy":       {doc: `mutation { setTicketSlaPolicy(input: {kind: ENQUIRY, priority: NORMAL, firstResponseMinutes: 30, resolutionMinutes: 600}) { kind } }`, want: managersUp},
	"Mutation.setClaimApprovalLimit":    {doc: `mutation { setClaimApprovalLimit(input: {role: SUPERVISOR, limitFen: 50000}) { role } }`, want: onlyAdmins},
	"Mutation.proposeClaim":             {doc: `mutation($t: ID!, $k: String!) { proposeClaim(input: {idempotencyKey: $k, ticketId: $t, amountFen: 100, reason: "补偿运费"}) { claim { id } } }`, vars: ids("t", "ticket"), want: depotWrite},
	"Mutation.decideClaim":              {doc: `mutation($c: ID!, $k: String!) { decideClaim(input: {idempotencyKey: $k, claimId: $c, expectedVersion: 1, decision: REJECT, comment: "证据不足"}) { claim { id } } }`, vars: ids("c", "claim"), want: "FF AN AN FF AN FF"},
	"Mutation.payClaim":                 {doc: `mutation($c: ID!, $k: String!) { payClaim(input: {idempotencyKey: $k, claimId: $c, expectedVersion: 1, paymentRef: "PAY-001"}) { claim { id } } }`, vars: ids("c", "claim"), want: "FF AN AN FF AN FF"},
	"Mutation.reportOverShortGoods":     {doc: `mutation($k: String!) { reportOverShortGoods(input: {idempotencyKey: $k, kind: SHORT, goodsName: "纸箱", counter: "1 号窗口", clearingDate: "2026-11-20", photoRefs: []}) { report { id } } }`, want: "AA AA FF FF FF FF"},
	"Mutation.reviewOverShortGoods":     {doc: `mutation($r: ID!, $k: String!) { reviewOverShortGoods(input: {idempotencyKey: $k, reportId: $r, expectedVersion: 1, decision: APPROVE, comment: "属实"}) { report { id } } }`, vars: ids("r", "report"), want: "FF FF FF AN FF FF"},

	// Workforce: rosters, attendance, swaps, leave.
	"Query.myAttendance":         {doc: `{ myAttendance { id } }`, want: staffOnly},
	"Query.shiftTypes":           {doc: `query($d: ID!) { shiftTypes(depotId: $d) { id } }`, vars: ids("d", "depot"), want: "AF AF AF AF AF FF"},
	"Query.dutyRoster":           {doc: `query($d: ID!) { dutyRoster(depotId: $d, month: "2026-12") { id approvedLeave { id } duty { staff { id } nights weekends holidays } hours { people { staff { id } hours } warnings { period } } } }`, vars: ids("d", "depot"), want: "AE AE AE AE AE FF", seen: notNull("dutyRoster")},
	"Query.myShifts":             {doc: `{ myShifts(month: "2026-12") { id } }`, want: staffOnly},
	"Query.onDutyNow":            {doc: `query($d: ID!) { onDutyNow(depotId: $d) { id } }`, vars: ids("d", "depot"), want: "AF AF AF FF AF FF"},
	"Query.holidays":             {doc: `{ holidays(year: 2026) { day } }`, want: staffOnly},
	"Query.rosterSettings":       {doc: `{ rosterSettings { version } }`, want: staffOnly},
	"Query.retentionSettings":    {doc: `{ retentionSettings { version historyDays } }`, want: onlyAdmins},
	"Query.checkShiftSwap":       {doc: `query($a: ID!, $c: ID!, $b: ID!) { checkShiftSwap(input: {requesterShiftId: $a, colleagueId: $c, colleagueShiftId: $b}) { allowed } }`, vars: ids("a", "assignment", "c", "CS1002", "b", "assignment"), want: staffOnly},
	"Query.myShiftSwaps":         {doc: `{ myShiftSwaps(month: "2026-12") { id } }`, want: staffOnly},
	"Query.leaveTypes":           {doc: `{ leaveTypes { id } }`, want: staffOnly},
	"Query.coverCandidates":      {doc: `query($a: ID!) { coverCandidates(shiftAssignmentId: $a) { available } }`, vars: ids("a", "assignment"), want: "AN FN FN FN FN FF"},
	"Query.myLeaveRequests":      {doc: `{ myLeaveRequests(month: "2026-12") { id } }`, want: staffOnly},
	"Query.myLeaveBalances":      {doc: `{ myLeaveBalances { remaining } }`, want: staffOnly},
	"Query.checkLeave":           {doc: `query($t: ID!) { checkLeave(input: {leaveTypeId: $t, startDay: "2026-12-07", endDay: "2026-12-08"}) { allowed violations { code day } } }`, vars: ids("t", "leaveType"), want: staffOnly},
	"Query.leaveRequestDays":     {doc: `query($t: ID!) { leaveRequestDays(leaveTypeId: $t, startDay: "2026-12-07", endDay: "2026-12-08") }`, vars: ids("t", "leaveType"), want: staffOnly},
	"Query.leaveEntitlements":    {doc: `{ leaveEntitlements { version } }`, want: staffOnly},
	"Query.depotHoursScheme":     {doc: `query($d: ID!) { depotHoursScheme(depotId: $d) { comprehensive version } }`, vars: ids("d", "depot"), want: overseers},
	"Query.leaveBalanceSheetCsv": {doc: `query($d: ID!) { leaveBalanceSheetCsv(depotId: $d, year: 2026) }`, vars: ids("d", "depot"), want: overseers},
	"Query.approvalsInbox":       {doc: `{ approvalsInbox { kind } }`, want: staffOnly},
	// A station's month waiting for review is its depot's overseers' (issue 22).
	"Query.approvalsInbox (reconciliation review)": {doc: `{ approvalsInbox { kind stationMonth { station { id } } } }`, want: "EE AE AE EE AE FF",
		seen: func(f *reachFixture, r *gqlResult) bool {
			list, _ := r.path("approvalsInbox").([]any)
			return slices.ContainsFunc(list, func(x any) bool {
				m, _ := x.(map[string]any)
				sm, _ := m["stationMonth"].(map[string]any)
				st, _ := sm["station"].(map[string]any)
				return m["kind"] == "RECONCILIATION_REVIEW" && st["id"] == f.id["reviewStation"]
			})
		}},
	"Query.myRosterNotifications":    {doc: `{ myRosterNotifications { id } }`, want: staffOnly},
	"Query.myUpcomingShifts":         {doc: `{ myUpcomingShifts { shift { id } depot { id } coworkers { id } } }`, want: staffOnly},
	"Query.depotAttendance":          {doc: `query($d: ID!) { depotAttendance(depotId: $d, day: "2026-12-03") { lateMinutes } }`, vars: ids("d", "depot"), want: overseers},
	"Query.depotOnDutyNow":           {doc: `query($d: ID!) { depotOnDutyNow(depotId: $d) { lateMinutes notArrived } }`, vars: ids("d", "depot"), want: overseers},
	"Query.myAttendanceRecords":      {doc: `{ myAttendanceRecords(month: "2026-12") { lateMinutes } }`, want: staffOnly},
	"Mutation.recordAttendance":      {doc: `mutation($k: String!) { recordAttendance(input: {idempotencyKey: $k, kind: CLOCK_OUT}) { punch { id } } }`, want: staffOnly},
	"Mutation.createShiftType":       {doc: `mutation($d: ID!) { createShiftType(input: {depotId: $d, code: "MID", name: "中班", startTime: "12:00", endTime: "20:00", night: false}) { shiftType { id } } }`, vars: ids("d", "depot"), want: overseers},
	"Mutation.setShiftQualification": {doc: `mutation($s: ID!, $t: ID!) { setShiftQualification(input: {staffId: $s, shiftTypeId: $t, qualified: true}) { ok } }`, vars: ids("s", "CS1001", "t", "shiftType"), want: "FF AN AN FF AN FF"},
	"Mutation.assignShifts": {doc: `mutation($d: ID!, $s: ID!, $t: ID!, $k: String!) { assignShifts(input: {idempotencyKey: $k, depotId: $d, month: "2027-01", assignments: [{staffId: $s, day: "2027-01-04", shiftTypeId: $t}]}) { roster { id } } }`,
		vars: ids("d", "depot", "s", "CS1001", "t", "shiftType"), want: overseers},
	"Mutation.copyPreviousRoster":      {doc: `mutation($d: ID!, $k: String!) { copyPreviousRoster(input: {idempotencyKey: $k, depotId: $d, month: "2027-02"}) { roster { id } } }`, vars: ids("d", "depot"), want: overseers},
	"Mutation.publishRoster":           {doc: `mutation($r: ID!, $k: String!) { publishRoster(input: {idempotencyKey: $k, rosterId: $r, version: 1}) { roster { id } } }`, vars: ids("r", "roster"), want: "FF AN AN FF AN FF"},
	"Mutation.setHoliday":              {doc: `mutation { setHoliday(input: {day: "2026-12-31", kind: HOLIDAY, name: "跨年"}) { holiday { day } } }`, want: managersUp},
	"Mutation.setDepotHoursScheme":     {doc: `mutation($d: ID!) { setDepotHoursScheme(input: {depotId: $d, comprehensive: true, monthlyStandardHours: 167, version: 999}) { scheme { version } } }`, vars: ids("d", "depot"), want: "FF FF AN FF AN FF"},
	"Mutation.updateRetentionSettings": {doc: `mutation { updateRetentionSettings(input: {version: 999, historyDays: 400}) { settings { version } } }`, want: onlyAdmins},
	"Mutation.updateRosterSettings":    {doc: `mutation { updateRosterSettings(input: {version: 999}) { settings { version } } }`, want: managersUp},
	"Mutation.requestShiftSwap": {doc: `mutation($a: ID!, $c: ID!, $b: ID!, $k: String!) { requestShiftSwap(input: {idempotencyKey: $k, proposal: {requesterShiftId: $a, colleagueId: $c, colleagueShiftId: $b}}) { shiftSwap { id } } }`,
		vars: ids("a", "assignment", "c", "CS1002", "b", "assignment"), want: staffOnly},
	"Mutation.respondToShiftSwap":  {doc: `mutation($s: ID!, $k: String!) { respondToShiftSwap(input: {idempotencyKey: $k, shiftSwapId: $s, version: 1, accept: false}) { shiftSwap { id } } }`, vars: ids("s", "swap2"), want: "FN FN FN NN FN FF"},
	"Mutation.decideShiftSwap":     {doc: `mutation($s: ID!, $k: String!) { decideShiftSwap(input: {idempotencyKey: $k, id: $s, version: 999, decision: APPROVE}) { shiftSwap { id } } }`, vars: ids("s", "swap"), want: "FF AN AN FF FF FF"},
	"Mutation.cancelShiftSwap":     {doc: `mutation($s: ID!, $k: String!) { cancelShiftSwap(input: {idempotencyKey: $k, id: $s, version: 999}) { shiftSwap { id } } }`, vars: ids("s", "swap"), want: "AN FN FN NN FN FF"},
	"Mutation.requestLeave":        {doc: `mutation($t: ID!, $k: String!) { requestLeave(input: {idempotencyKey: $k, leaveTypeId: $t, startDay: "2026-12-28", endDay: "2026-12-28", reason: "家中有事"}) { leaveRequest { id } } }`, vars: ids("t", "leaveType"), want: staffOnly},
	"Mutation.cancelLeaveRequest":  {doc: `mutation($l: ID!, $k: String!) { cancelLeaveRequest(input: {idempotencyKey: $k, id: $l, version: 999}) { leaveRequest { id } } }`, vars: ids("l", "leave"), want: "NN FN FN NN FN FF"},
	"Mutation.decideLeave":         {doc: `mutation($l: ID!, $k: String!) { decideLeave(input: {idempotencyKey: $k, id: $l, version: 999, decision: APPROVE}) { leaveRequest { id } } }`, vars: ids("l", "leave"), want: "NN AN AN NN FN FF"},
	"Mutation.saveLeaveType":       {doc: `mutation { saveLeaveType(input: {code: "STUDY", nameZh: "学习假", nameEn: "Study leave", requiresAdvance: true, active: true}) { leaveType { id } } }`, want: managersUp},
	"Mutation.setLeaveEntitlement": {doc: `mutation($t: ID!) { setLeaveEntitlement(input: {leaveTypeId: $t, extraDays: 0, maxCarryOverDays: 0, version: 999}) { leaveEntitlement { version } } }`, vars: ids("t", "leaveType"), want: managersUp},
	"Mutation.setApprovalDelegate": {doc: `mutation($d: ID!) { setApprovalDelegate(input: {delegateId: $d}) { delegate { id } } }`, vars: ids("d", "CS2002"), want: "FF AA AA FF AA FF"},
	// Open shifts: the depot's staff see the ones they may take (and claimed), its overseers
	// all with their claims; a verifier of the depot sees none; withdrawing needs one's own claim.
	"Query.myAvailability":                 {doc: `{ myAvailability(month: "2026-12") { id reason } }`, want: staffOnly},
	"Query.depotAvailability":              {doc: `query($d: ID!) { depotAvailability(depotId: $d, month: "2026-12") { id reason staff { id } } }`, vars: ids("d", "depot"), want: overseers, seen: listHas("availabilityMark", "depotAvailability")},
	"Mutation.markAvailability":            {doc: `mutation($k: String!) { markAvailability(input: {idempotencyKey: $k, day: "2026-12-22", kind: PREFER_NOT, reason: "看病"}) { mark { id } } }`, want: staffOnly},
	"Mutation.removeAvailability":          {doc: `mutation($m: ID!) { removeAvailability(id: $m) { removed } }`, vars: ids("m", "availabilityMarkToRemove"), want: staffOnly},
	"Query.openShifts":                     {doc: `query($d: ID!) { openShifts(depotId: $d) { id claims { id claimant { id } } myClaim { status } violations { code } } }`, vars: ids("d", "depot"), want: "AN AN AN EN AN FF", seen: listHas("openShift", "openShifts")},
	"Mutation.postOpenShift":               {doc: `mutation($d: ID!, $t: ID!, $k: String!) { postOpenShift(input: {idempotencyKey: $k, depotId: $d, day: "2026-12-30", shiftTypeId: $t, note: "缺人"}) { openShift { id } } }`, vars: ids("d", "depot", "t", "shiftType"), want: overseers},
	"Mutation.cancelOpenShift":             {doc: `mutation($o: ID!, $k: String!) { cancelOpenShift(input: {idempotencyKey: $k, id: $o, version: 999}) { openShift { id } } }`, vars: ids("o", "openShift"), want: "FF AN AN FF AN FF"},
	"Mutation.claimOpenShift":              {doc: `mutation($o: ID!, $k: String!) { claimOpenShift(input: {idempotencyKey: $k, openShiftId: $o}) { claim { id } } }`, vars: ids("o", "openShift"), want: "AN AN AN AN AN FF"},
	"Mutation.withdrawOpenShiftClaim":      {doc: `mutation($o: ID!, $k: String!) { withdrawOpenShiftClaim(input: {idempotencyKey: $k, openShiftId: $o}) { claim { id } } }`, vars: ids("o", "openShift"), want: "AN AN NN NN NN FF"},
	"Mutation.confirmOpenShiftClaim":       {doc: `mutation($c: ID!, $k: String!) { confirmOpenShiftClaim(input: {idempotencyKey: $k, claimId: $c, version: 999}) { openShift { id } } }`, vars: ids("c", "openShiftClaim"), want: "FF AN AN FF AN FF"},
	"Mutation.markRosterNotificationsRead": {doc: `mutation { markRosterNotificationsRead(input: {upTo: "2026-01-01T00:00:00Z"}) { count } }`, want: staffOnly},

	// Push devices and counts: each person's own, nothing to reach beyond.
	"Query.pushPublicKey": {doc: `{ pushPublicKey }`, want: staffOnly},
	"Query.myPushDevices": {doc: `{ myPushDevices { id } }`, want: staffOnly},
	"Query.myCounts":      {doc: `{ myCounts { total } }`, want: staffOnly},
	"Mutation.subscribePush": {doc: `mutation { subscribePush(input: {endpoint: "ftp://x", p256dh: "x", auth: "x", applicationServerKey: "x"}) { device { id } } }`,
		want: staffOnly},
	"Mutation.unsubscribePush": {doc: `mutation($d: ID!) { unsubscribePush(input: {deviceId: $d}) { removed } }`,
		vars: func(*reachFixture) map[string]any { return map[string]any{"d": graph.GlobalID("PushDevice", "none")} }, want: staffOnly},
	// Tariffs and quotes.
	"Query.tariffInEffect": {doc: `{ tariffInEffect { id } }`, want: "AA AA AA AE AE FF", seen: func(f *reachFixture, r *gqlResult) bool {
		return r.path("tariffInEffect", "id") == f.id["tariff"]
	}},
	"Mutation.publishTariff": {doc: `mutation($in: PublishTariffInput!) { publishTariff(input: $in) { tariff { id } } }`, vars: func(*reachFixture) map[string]any {
		return map[string]any{"in": publishTariffInput()}
	}, want: "FF FF AA FF AA FF"},
	"Mutation.quote": {doc: quoteMutation, vars: func(*reachFixture) map[string]any { return map[string]any{"in": quoteInput()} }, want: "AA AA AA FF AA FF"},

	// Standard phrases: read by the units below the one they belong to (the Shanghai branch's
	// here), maintained by its manager and the admins, counted per depot.
	"Query.phraseBook":      {doc: `{ phraseBook { phrases { id } } }`, want: "AE AE AE FF AE FF", seen: listHas("phrase", "phraseBook", "phrases")},
	"Query.phraseUsage":     {doc: `query($d: ID!) { phraseUsage(depotId: $d, month: "2026-12") { employeeNo } }`, vars: ids("d", "depot"), want: overseers},
	"Mutation.createPhrase": {doc: createPhraseMutation, want: managersUp},
	"Mutation.updatePhrase": {doc: `mutation($p: ID!, $k: String!) { updatePhrase(input: {idempotencyKey: $k, phraseId: $p, expectedVersion: 1, situation: THANKS, textZh: "谢谢您的理解与支持。", textEn: "Thank you for your understanding.", order: 1, active: true}) { phrase { id } } }`,
		vars: ids("p", "phrase"), want: "FF FF AN FF AN FF"},
	"Mutation.addTicketComment (with a phrase)": {doc: `mutation($t: ID!, $p: ID!, $k: String!) { addTicketComment(input: {idempotencyKey: $k, ticketId: $t, body: "非常抱歉给您带来不便。", phraseId: $p}) { ticket { id } } }`,
		vars: ids("t", "ticket", "p", "phrase"), want: depotWrite},

	// Consignment stations and their month-end reconciliation.
	"Query.consignmentStations": {doc: `{ consignmentStations { id } }`, want: "AE AE AE FF AE AE", seen: listHas("station", "consignmentStations")},
	"Query.reconciliationInbox": {doc: `{ reconciliationInbox { month undecided } }`, want: "FF AA AA FF AA FF"},
	"Query.stationMonth":        {doc: `query($s: ID!, $m: String!) { stationMonth(stationId: $s, month: $m) { month lines { waybillNo } } }`, vars: stationMonthVars, want: "AN AN AN FF AN AN"},
	"Mutation.createConsignmentStation": {doc: createStationMutation, vars: func(f *reachFixture) map[string]any {
		return map[string]any{"in": stationInput(f.id["depot"], "")}
	}, want: overseers},
	"Mutation.recordStationHandover":    {doc: `mutation($s: ID!, $o: ID!, $k: String!) { recordStationHandover(input: {idempotencyKey: $k, stationId: $s, orderId: $o}) { handover { waybillNo } } }`, vars: ids("s", "station", "o", "order"), want: depotWrite},
	"Mutation.importStationBills":       {doc: `mutation($s: ID!, $m: String!, $k: String!) { importStationBills(input: {idempotencyKey: $k, stationId: $s, month: $m, csv: "运单号,运费,回单\nSD999999990CN,6.00,是\n"}) { imported } }`, vars: stationMonthVars, want: "AN AN AN FF AN AN"},
	"Mutation.decideReconciliationLine": {doc: `mutation($s: ID!, $m: String!, $k: String!) { decideReconciliationLine(input: {idempotencyKey: $k, stationId: $s, month: $m, waybillNo: "SD999999990CN", decision: DISPUTED, reason: "未交接此运单", expectedVersion: 0}) { month { undecided } } }`, vars: stationMonthVars, want: depotWrite},
	"Mutation.signOffStationMonth":      {doc: `mutation($s: ID!, $m: String!, $k: String!) { signOffStationMonth(input: {idempotencyKey: $k, stationId: $s, month: $m}) { month { signedAt } } }`, vars: stationMonthVars, want: "FF AN AN FF AN FF"},

	// Checklists, notices, score sheets, photos.
	"Query.checklistTemplates":         {doc: `{ checklistTemplates { id } }`, want: staffOnly},
	"Query.dressCodeProfiles":          {doc: `{ dressCodeProfiles { code } }`, want: staffOnly},
	"Query.myDressCode":                {doc: `{ myDressCode }`, want: staffOnly},
	"Query.dueSelfChecks":              {doc: `{ dueSelfChecks { kind } }`, want: staffOnly},
	"Query.myChecks":                   {doc: `{ myChecks(month: "2026-12") { id } }`, want: staffOnly},
	"Query.depotChecks":                {doc: `query($d: ID!) { depotChecks(depotId: $d, month: "2026-12") { id } }`, vars: ids("d", "depot"), want: overseers},
	"Query.myCorrectiveActions":        {doc: `{ myCorrectiveActions { id } }`, want: staffOnly},
	"Query.overdueCorrectiveActions":   {doc: `query($d: ID!) { overdueCorrectiveActions(depotId: $d) { id } }`, vars: ids("d", "depot"), want: overseers},
	"Query.latestNotices":              {doc: `{ latestNotices { id } }`, want: "AE AE AE AE AE FF", seen: listHas("notice", "latestNotices")},
	"Query.scoreSheets":                {doc: `query($d: ID!) { scoreSheets(depotId: $d, month: "2026-12") { month } }`, vars: ids("d", "depot"), want: overseers},
	"Query.myScoreSheet":               {doc: `{ myScoreSheet(month: "2026-12") { month } }`, want: staffOnly},
	"Query.scoreSheetsCsv":             {doc: `query($d: ID!) { scoreSheetsCsv(depotId: $d, month: "2026-12") }`, vars: ids("d", "depot"), want: overseers},
	"Mutation.uploadPhoto":             {want: staffOnly, run: func(f *reachFixture, tok string) *gqlResult { return f.s.upload(f.img, tok) }},
	"Mutation.setDressCode":            {doc: `mutation($s: ID!) { setDressCode(input: {staffId: $s, profileCode: "STANDARD"}) { profileCode } }`, vars: ids("s", "CS1001"), want: "AF AF AF FN AN FF"},
	"Mutation.reviseChecklistTemplate": {doc: `mutation($k: String!) { reviseChecklistTemplate(input: {idempotencyKey: $k, kind: PRE_SHIFT, titleZh: "岗前准备", titleEn: "Pre-shift", items: []}) { template { id } } }`, want: managersUp},
	"Mutation.startSelfCheck":          {doc: `mutation($s: ID!, $k: String!) { startSelfCheck(input: {idempotencyKey: $k, shiftId: $s, kind: APPEARANCE}) { check { id } } }`, vars: ids("s", "assignment"), want: staffOnly},
	"Mutation.startInspection":         {doc: `mutation($s: ID!, $k: String!) { startInspection(input: {idempotencyKey: $k, staffId: $s, kind: APPEARANCE}) { check { id } } }`, vars: ids("s", "CS1001"), want: "FF AF AF FF AN FF"},
	"Mutation.answerChecklistItem":     {doc: `mutation($i: ID!, $k: String!) { answerChecklistItem(input: {idempotencyKey: $k, checkItemId: $i, passed: true}) { checkItem { id } } }`, vars: ids("i", "checkItem"), want: "FN AN FN NN FN FF"},
	"Mutation.raiseCorrectiveAction": {doc: `mutation($i: ID!, $a: ID!, $k: String!) { raiseCorrectiveAction(input: {idempotencyKey: $k, checkItemId: $i, assigneeId: $a, dueOn: "2026-12-10", description: "再次提醒"}) { correctiveAction { id } } }`,
		vars: ids("i", "checkItem", "a", "CS1001"), want: "FF AN AN FF AN FF"},
	"Mutation.completeCorrectiveAction": {doc: `mutation($a: ID!, $k: String!) { completeCorrectiveAction(input: {idempotencyKey: $k, actionId: $a, version: 999}) { correctiveAction { id } } }`, vars: ids("a", "action"), want: "AN AN AN NN AN FF"},
	"Mutation.verifyCorrectiveAction":   {doc: `mutation($a: ID!, $k: String!) { verifyCorrectiveAction(input: {idempotencyKey: $k, actionId: $a, version: 999}) { correctiveAction { id } } }`, vars: ids("a", "action"), want: "FF AN AN FF AN FF"},
	"Mutation.publishNotice":            {doc: `mutation($d: ID!, $k: String!) { publishNotice(input: {idempotencyKey: $k, kind: ANNOUNCEMENT, title: "通知", body: "请按时签到", depotId: $d}) { notice { id } } }`, vars: ids("d", "depot"), want: overseers},
	"Mutation.remindUnreadNotice":       {doc: `mutation($n: ID!, $k: String!) { remindUnreadNotice(input: {idempotencyKey: $k, noticeId: $n}) { notice { id } } }`, vars: ids("n", "notice"), want: "FF AN AN FF AN FF"},
	"Mutation.markNoticeRead":           {doc: `mutation($n: ID!) { markNoticeRead(input: {noticeId: $n}) { notice { id } } }`, vars: ids("n", "notice"), want: "AN AN AN AN AN FF"},
	"Mutation.signOffScoreSheet":        {doc: `mutation($s: ID!, $k: String!) { signOffScoreSheet(input: {idempotencyKey: $k, staffId: $s, month: "2026-10"}) { scoreSheet { month } } }`, vars: ids("s", "CS1001"), want: "FF AF AF FF AN FF"},

	// Partners.
	"Query.partnerClients": {doc: `{ partnerClients { id } }`, want: onlyAdmins},
	// A merchant's salesperson is for its organisation's administrators: not the client
	// itself, not another organisation's administrator (issue 22).
	"Query.node (PartnerClient.salesperson)": {doc: `query($id: ID!) { node(id: $id) { ... on PartnerClient { salesperson { id } } } }`, vars: ids("id", "client:matrix-in"),
		want: "EE EE EE EE AE EN", seen: notNull("node", "salesperson", "id")},
	"Query.persistedOperations":           {doc: `{ persistedOperations { id } }`, want: onlyPartner},
	"Query.webhookEndpoints":              {doc: `{ webhookEndpoints { id } }`, want: onlyPartner},
	"Mutation.createPartnerClient":        {doc: `mutation($k: String!) { createPartnerClient(input: {idempotencyKey: $k, name: "新商户", clientId: "matrix-new", scopes: ["orders:read"]}) { client { id } } }`, want: onlyAdmins},
	"Mutation.updatePartnerClient":        {doc: `mutation($c: ID!, $k: String!) { updatePartnerClient(input: {idempotencyKey: $k, id: $c, name: "受试商户", scopes: ["orders:read"]}) { client { id } } }`, vars: ids("c", "victim"), want: onlyAdmins},
	"Mutation.rotatePartnerClientSecret":  {doc: `mutation($c: ID!, $k: String!) { rotatePartnerClientSecret(input: {idempotencyKey: $k, id: $c}) { client { id } } }`, vars: ids("c", "victim"), want: onlyAdmins},
	"Mutation.revokePartnerClient":        {doc: `mutation($c: ID!, $k: String!) { revokePartnerClient(input: {idempotencyKey: $k, id: $c}) { client { id } } }`, vars: ids("c", "victim"), want: onlyAdmins},
	"Mutation.registerPersistedOperation": {doc: `mutation($k: String!) { registerPersistedOperation(input: {idempotencyKey: $k, name: "me", document: "{ orders(first: 2) { totalCount } }"}) { operation { id } } }`, want: onlyPartner},
	"Mutation.createWebhookEndpoint":      {doc: `mutation($k: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: "https://hooks.matrix.example/other", events: [DELIVERED]}) { endpoint { id } } }`, want: onlyPartner},
	"Mutation.disableWebhookEndpoint":     {doc: `mutation($e: ID!, $k: String!) { disableWebhookEndpoint(input: {idempotencyKey: $k, id: $e}) { endpoint { id } } }`, vars: ids("e", "endpoint2"), want: "FF FF FF FF FF AN"},
	"Mutation.replayWebhookDelivery":      {doc: `mutation($d: ID!, $k: String!) { replayWebhookDelivery(input: {idempotencyKey: $k, id: $d}) { delivery { id } } }`, vars: ids("d", "delivery"), want: "FF FF FF FF FF AN"},

	// Subscriptions: the decision made when subscribing (every message is reloaded with
	// the subscriber's rights afterwards).
	"Subscription.rosterNotificationAdded": {want: staffOnly},
	"Subscription.myCountsChanged":         {want: staffOnly},
	"Subscription.ticketUpdated":           {want: handlers},
	"Subscription.trackingUpdated":         {want: "AN AN AN FF AN AN"},
}

// nodeMatrix is node(id:) on every type implementing Node: the fixture record and who
// resolves it (E: null; a partner is told NOT_FOUND).
var nodeMatrix = map[string]struct{ fixture, want string }{
	"Order":              {"order", "AE AE AE EE AE AN"},
	"Staff":              {"CS1001", "AA AA AA AE AE NN"},
	"OrgUnit":            {"depot", "AA AA AA AE AE NN"},
	"TrackingRound":      {"round", "AE AE AE EE AE NN"},
	"TrackingRoundItem":  {"roundItem", "AE AE AE EE AE NN"},
	"AttendancePunch":    {"punch", "AE AE AE EE AE NN"},
	"ShiftType":          {"shiftType", "AE AE AE AE AE NN"},
	"DutyRoster":         {"roster", "AE AE AE AE AE NN"},
	"ShiftAssignment":    {"assignment", "AE AE AE AE AE NN"},
	"ShiftSwap":          {"swap", "AE AE AE EE AE NN"},
	"OpenShift":          {"openShift", "AE AE AE AE AE NN"},
	"LeaveRequest":       {"leave", "EE AE AE EE AE NN"},
	"Ticket":             {"ticket", "AE AE AE EE AE NN"},
	"Claim":              {"claim", "AE AE AE EE AE NN"},
	"OverShortReport":    {"report", "AE AE AE AE AE NN"},
	"ChecklistTemplate":  {"template", "AA AA AA AA AA NN"},
	"ChecklistCheck":     {"check", "AE AE AE EE AE NN"},
	"CorrectiveAction":   {"action", "AE AE AE EE AE NN"},
	"Notice":             {"notice", "AE AE AE AE AE NN"},
	"Photo":              {"photo", "AE AE AE EE AE NN"},
	"PartnerClient":      {"client:matrix-in", "EE EE EE EE AA AN"},
	"WebhookEndpoint":    {"endpoint", "EE EE EE EE AA AN"},
	"WebhookDelivery":    {"delivery", "EE EE EE EE AA AN"},
	"PersistedOperation": {"operation", "EE EE EE EE AA AN"},
	"Tariff":             {"tariff", "AA AA AA AE AE NN"},
	"Quote":              {"quote", "AE AE AE EE AE NN"},
	"ConsignmentStation": {"station", "AE AE AE EE AE AN"},
}

func TestReachMatrix(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		r := s.post(`{ checklistTemplates { id } }`, nil, withToken(f.tok["CS1001"])).must(t)
		f.id["template"] = r.path("checklistTemplates").([]any)[0].(map[string]any)["id"].(string)
		schema := graph.NewExecutableSchema(s.app.Resolver()).Schema()

		var missing []string
		for _, root := range []*ast.Definition{schema.Query, schema.Mutation, schema.Subscription} {
			for _, fd := range root.Fields {
				if strings.HasPrefix(fd.Name, "__") {
					continue
				}
				name := root.Name + "." + fd.Name
				c, ok := reachMatrix[name]
				if !ok {
					missing = append(missing, fmt.Sprintf("%s has no entry in the reach matrix: add one to reachMatrix in server/reach_matrix_test.go, e.g.\n\t%q: {doc: `%s`, want: \"?? ?? ?? ?? ?? ??\"},\n"+
						"with the outcome for agent, supervisor, manager, verifier, admin, partner inside/outside reach (A allowed, E allowed but not shown, F FORBIDDEN, N NOT_FOUND)",
						name, name, exampleDoc(root.Name, fd)))
					continue
				}
				t.Run(name, func(t *testing.T) {
					if root.Name == "Subscription" {
						checkSubscription(t, f, fd, c)
						return
					}
					checkCase(t, f, c)
				})
				// Further rows for the same field, "Query.field (what they check)".
				for variant, c := range reachMatrix {
					if strings.HasPrefix(variant, name+" (") {
						t.Run(variant, func(t *testing.T) { checkCase(t, f, c) })
					}
				}
			}
		}
		for _, typ := range schema.GetPossibleTypes(schema.Types["Node"]) {
			n, ok := nodeMatrix[typ.Name]
			if !ok {
				missing = append(missing, fmt.Sprintf("%s implements Node but has no entry in nodeMatrix (server/reach_matrix_test.go): add\n\t%q: {fixture: \"<a name in reachFixture.id>\", want: \"?? ?? ?? ?? ?? ??\"},", typ.Name, typ.Name))
				continue
			}
			t.Run("node:"+typ.Name, func(t *testing.T) {
				if f.id[n.fixture] == "" {
					t.Fatalf("the fixture has no %q", n.fixture)
				}
				checkCase(t, f, reachCase{doc: `query($id: ID!) { node(id: $id) { id } }`, vars: ids("id", n.fixture), want: n.want, seen: notNull("node")})
			})
		}
		for name := range reachMatrix {
			field, _, _ := strings.Cut(name, " (")
			if kind, field, _ := strings.Cut(field, "."); fieldOf(schema, kind, field) == nil {
				missing = append(missing, name+" is in reachMatrix but not in the schema: remove it")
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Error(m)
		}
	})
}

func fieldOf(schema *ast.Schema, kind, field string) *ast.FieldDefinition {
	def := map[string]*ast.Definition{"Query": schema.Query, "Mutation": schema.Mutation, "Subscription": schema.Subscription}[kind]
	if def == nil {
		return nil
	}
	return def.Fields.ForName(field)
}

// exampleDoc is a starting point for a missing entry's request.
func exampleDoc(root string, fd *ast.FieldDefinition) string {
	var args []string
	for _, a := range fd.Arguments {
		args = append(args, a.Name+": …")
	}
	call := fd.Name
	if len(args) > 0 {
		call += "(" + strings.Join(args, ", ") + ")"
	}
	return strings.ToLower(root) + " { " + call + " { __typename } }"
}

// checkCase sends c as every persona and without a token and compares the outcomes.
func checkCase(t *testing.T, f *reachFixture, c reachCase) {
	t.Helper()
	anon := f.outcome(t, c, "")
	if want := map[bool]string{true: "A", false: "U"}[c.public]; anon != want {
		t.Errorf("without a token: got %s, want %s", anon, want)
	}
	got := make([]string, len(personas))
	for i, p := range personas {
		got[i] = f.outcome(t, c, f.tok[p.who])
	}
	if g := pairs(got); g != c.want {
		t.Errorf("got  %s\nwant %s (agent, supervisor, manager, verifier, admin, partner; inside/outside reach)\n%s", g, c.want, explain(got, c.want))
	}
}

// outcome is one call's letter.
func (f *reachFixture) outcome(t *testing.T, c reachCase, tok string) string {
	t.Helper()
	var r *gqlResult
	if c.run != nil {
		r = c.run(f, tok)
	} else {
		vars := map[string]any{}
		if c.vars != nil {
			vars = c.vars(f)
		}
		if strings.Contains(c.doc, "$k") {
			vars["k"] = key()
		}
		opts := []reqOpt{}
		if tok != "" {
			opts = append(opts, withToken(tok))
		}
		r = f.s.post(c.doc, vars, opts...)
	}
	code := r.Code()
	if c.outcome != nil && code == "" {
		code = c.outcome(r)
	}
	if code == "GRAPHQL_VALIDATION_FAILED" || code == "GRAPHQL_PARSE_FAILED" || code == "INTERNAL" {
		t.Fatalf("the matrix's request is broken (%s): %.600s", code, r.Raw)
	}
	return letter(code, func() bool { return c.seen == nil || c.seen(f, r) })
}

func letter(code string, seen func() bool) string {
	switch code {
	case "FORBIDDEN":
		return "F"
	case "NOT_FOUND":
		return "N"
	case "UNAUTHENTICATED":
		return "U"
	}
	if !seen() {
		return "E"
	}
	return "A"
}

// checkSubscription starts the subscription as each persona, as the server would after
// its @hasRole check, and compares whether it was refused.
func checkSubscription(t *testing.T, f *reachFixture, fd *ast.FieldDefinition, c reachCase) {
	t.Helper()
	var roles []identity.Role
	if d := fd.Directives.ForName("hasRole"); d != nil {
		for _, v := range d.Arguments.ForName("roles").Value.Children {
			roles = append(roles, identity.Role(v.Value.Raw))
		}
	}
	sub := f.s.app.Resolver().Subscription()
	start := func(tok string) string {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if tok != "" {
			p, err := f.s.app.Identity.Authenticate(ctx, tok)
			if err != nil {
				t.Fatal(err)
			}
			ctx = identity.WithPrincipal(ctx, p)
		}
		var err error
		call := func(ctx context.Context) (any, error) {
			switch fd.Name {
			case "rosterNotificationAdded":
				return sub.RosterNotificationAdded(ctx)
			case "myCountsChanged":
				return sub.MyCountsChanged(ctx)
			case "ticketUpdated":
				return sub.TicketUpdated(ctx)
			case "trackingUpdated":
				return sub.TrackingUpdated(ctx, f.waybill)
			}
			t.Fatalf("checkSubscription does not know how to start %s: add it", fd.Name)
			return nil, nil
		}
		if roles != nil {
			_, err = graph.HasRole(ctx, nil, func(ctx context.Context) (any, error) { return call(ctx) }, roles)
		} else {
			_, err = call(ctx)
		}
		return letter(string(apperr.CodeOf(err)), func() bool { return true })
	}
	if got := start(""); got != "U" {
		t.Errorf("without a token: got %s, want U", got)
	}
	got := make([]string, len(personas))
	for i, p := range personas {
		got[i] = start(f.tok[p.who])
	}
	if g := pairs(got); g != c.want {
		t.Errorf("got  %s\nwant %s\n%s", g, c.want, explain(got, c.want))
	}
}

// pairs joins the personas' letters as "AN AN AN FF AN FF".
func pairs(letters []string) string {
	var out []string
	for i := 0; i+1 < len(letters); i += 2 {
		out = append(out, letters[i]+letters[i+1])
	}
	return strings.Join(out, " ")
}

// explain names the personas whose outcome differs.
func explain(got []string, want string) string {
	w := strings.ReplaceAll(want, " ", "")
	var out []string
	for i, p := range personas {
		if i < len(w) && string(w[i]) != got[i] {
			out = append(out, fmt.Sprintf("  %s: got %s, want %s", p, got[i], string(w[i])))
		}
	}
	return strings.Join(out, "\n")
}

func stationMonthVars(f *reachFixture) map[string]any {
	return map[string]any{"s": f.id["station"], "m": f.month}
}
