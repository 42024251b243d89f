package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/demo"
	"github.com/expresscs/cs/internal/identity"
)

// persona is one caller of the reach matrix: a role, inside or outside the reach of the
// records the matrix touches (all of them belong to 上海浦东张江网点, SH-PD-01).
type persona struct {
	role string // agent, supervisor, manager, verifier, admin, partner
	in   bool
	who  string // employee number or partner client id
}

func (p persona) String() string {
	where := "outside"
	if p.in {
		where = "inside"
	}
	return fmt.Sprintf("%s %s reach (%s)", p.role, where, p.who)
}

// personas: inside reach the Zhangjiang depot's own people, its branch's manager, the
// group's verifier and admin, and the partner whose order it is; outside reach their
// counterparts in Hangzhou, the admin and verifier of another organisation, and another
// partner.
var personas = []persona{
	{"agent", true, "CS1001"}, {"agent", false, "CS1006"},
	{"supervisor", true, "CS2001"}, {"supervisor", false, "CS2003"},
	{"manager", true, "CS3001"}, {"manager", false, "CS3002"},
	{"verifier", true, "CS4001"}, {"verifier", false, "OT4001"},
	{"admin", true, "CS9001"}, {"admin", false, "OT9001"},
	{"partner", true, "matrix-in"}, {"partner", false, "matrix-out"},
}

// reachFixture is the records the matrix reads and writes, and everyone's tokens.
type reachFixture struct {
	s            *testServer
	roster       *rosterFixture
	tok          map[string]string // by employee number or partner client id
	id           map[string]string // global ids by name
	waybill      string
	month        string // this month, for the station's reconciliation
	refresh      string
	victimSecret string
	img          []byte
}

// newReachFixture builds, through the API, one of everything at SH-PD-01, plus a second
// organisation (OT) with its own admin and verifier.
func newReachFixture(t *testing.T, s *testServer) *reachFixture {
	t.Helper()
	f := &reachFixture{s: s, tok: map[string]string{}, id: map[string]string{}, img: testPNG(t, 8)}
	f.roster = newRosterFixture(t, s)
	for no, tok := range f.roster.tok {
		f.tok[no] = tok
	}
	f.otherOrganisation(t)
	for _, p := range personas {
		if p.role != "partner" && f.tok[p.who] == "" {
			f.tok[p.who], _ = s.login(p.who)
		}
	}
	f.id["depot"] = f.roster.depot
	for _, no := range []string{"CS1001", "CS1002", "CS1004", "CS2001", "CS2002", "CS3001"} {
		f.id[no] = f.staffID(t, no)
	}
	units := f.q(t, "CS9001", `{ orgUnits { id code } }`, nil).path("orgUnits").([]any)
	for _, u := range units {
		m := u.(map[string]any)
		f.id["unit:"+m["code"].(string)] = m["id"].(string)
	}
	f.partners(t)
	f.orders(t)
	f.tariffs(t)
	f.stations(t)
	f.tickets(t)
	f.phrases(t)
	f.workforce(t)
	f.checks(t)
	_, f.refresh = s.login("CS1003")
	return f
}

// q runs a request as who and fails the test on any error.
func (f *reachFixture) q(t *testing.T, who, doc string, vars map[string]any) *gqlResult {
	t.Helper()
	return f.s.post(doc, vars, withToken(f.tok[who])).must(t)
}

func (f *reachFixture) staffID(t *testing.T, no string) string {
	t.Helper()
	var st identity.Staff
	if err := f.s.app.DB.R.NewSelect().Model(&st).Where("employee_no = ?", no).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return GlobalIDForTest("Staff", st.ID)
}

// otherOrganisation adds a second organisation with an admin and a verifier.
func (f *reachFixture) otherOrganisation(t *testing.T) {
	t.Helper()
	ids := f.s.app.Identity
	err := f.s.app.DB.Tx(context.Background(), func(ctx context.Context, tx bun.Tx) error {
		group, err := ids.CreateOrgUnit(ctx, tx, identity.NewOrgUnit{Kind: identity.KindGroup, Code: "OT", Name: "另一快递集团", TimeZone: "Asia/Shanghai"})
		if err != nil {
			return err
		}
		depot, err := ids.CreateOrgUnit(ctx, tx, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "OT-01", Name: "另一集团网点", ParentID: &group.ID, TimeZone: "Asia/Shanghai"})
		if err != nil {
			return err
		}
		for _, p := range []struct {
			no   string
			role identity.Role
		}{{"OT9001", identity.RoleAdmin}, {"OT4001", identity.RoleVerifier}} {
			if _, err := ids.CreateStaff(ctx, tx, identity.NewStaff{EmployeeNo: p.no, Name: "外部" + p.no, Phone: "13700000000",
				DepotID: depot.ID, Roles: []identity.Role{p.role}, Password: demo.Password}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// partners creates the partner inside reach (the order's owner, assigned to SH-PD-01),
// one outside (assigned to HZ-XH-01) and a victim for the administrators' writes.
func (f *reachFixture) partners(t *testing.T) {
	t.Helper()
	admin := f.tok["CS9001"]
	all := []string{"orders:read", "orders:write", "tracking:read", "tracking:write", "webhooks", "tracking:scan"}
	// matrix-in's salesperson is 李娜 (CS1002, SH-PD-01); matrix-out's 朱琳 (CS1006, HZ-XH-01).
	for client, unit := range map[string]string{"matrix-in": "unit:SH-PD-01", "matrix-out": "unit:HZ-XH-01"} {
		sales := map[string]string{"matrix-in": "CS1002", "matrix-out": "CS1006"}[client]
		id, secret := f.s.newClient(admin, map[string]any{"name": "矩阵 " + client, "clientId": client, "scopes": all, "orgUnitId": f.id[unit],
			"salespersonId": f.s.staffID(sales)})
		f.id["client:"+client] = id
		f.tok[client], _ = f.s.partnerToken(client, secret)
	}
	f.id["victim"], f.victimSecret = f.s.newClient(admin, map[string]any{"name": "矩阵受试", "clientId": "matrix-victim", "scopes": []string{"orders:read"}})
	r := f.q(t, "matrix-in", `mutation($k: String!) { registerPersistedOperation(input: {idempotencyKey: $k, name: "count", document: "{ orders(first: 1) { totalCount } }"}) { operation { id } } }`,
		map[string]any{"k": key()})
	f.id["operation"] = r.path("registerPersistedOperation", "operation", "id").(string)
	r = f.q(t, "matrix-in", `mutation($k: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: "https://hooks.matrix.example/in", events: [TRACKING_UPDATED]}) { endpoint { id } } }`,
		map[string]any{"k": key()})
	f.id["endpoint"] = r.path("createWebhookEndpoint", "endpoint", "id").(string)
	// A second endpoint for the matrix to disable, so the first keeps its deliveries.
	r = f.q(t, "matrix-in", `mutation($k: String!) { createWebhookEndpoint(input: {idempotencyKey: $k, url: "https://hooks.matrix.example/spare", events: [DELIVERED]}) { endpoint { id } } }`,
		map[string]any{"k": key()})
	f.id["endpoint2"] = r.path("createWebhookEndpoint", "endpoint", "id").(string)
}

// orders takes the partner's order O (released, picked up, its consignee revealed once)
// and a pending one.
func (f *reachFixture) orders(t *testing.T) {
	t.Helper()
	agent := f.tok["CS1001"]
	o := f.s.releaseOrder(agent, f.s.intake(agent, with(orderInput(), "matrix-in", "partnerClientId")))
	f.id["order"], f.waybill = o["id"].(string), o["waybillNo"].(string)
	f.id["pendingOrder"] = f.s.intake(agent, orderInput())["id"].(string)
	f.q(t, "CS1001", recordEvents, map[string]any{"events": []any{ev(key(), f.waybill, "PICKED_UP", time.Now().Add(-2*time.Hour))}})
	r := f.q(t, "matrix-in", `{ webhookEndpoints { id recentDeliveries { id } } }`, nil)
	for _, e := range r.path("webhookEndpoints").([]any) {
		if m := e.(map[string]any); m["id"] == f.id["endpoint"] {
			f.id["delivery"] = m["recentDeliveries"].([]any)[0].(map[string]any)["id"].(string)
		}
	}
	f.q(t, "CS1001", `mutation($o: ID!) { revealOrderContact(input: {orderId: $o, party: CONSIGNEE, reason: "客户来电核对地址"}) { phone } }`,
		map[string]any{"o": f.id["order"]})
}

// tickets opens a ticket on O with a proposed claim, and an over-goods report.
func (f *reachFixture) tickets(t *testing.T) {
	t.Helper()
	r := f.q(t, "CS1001", fromOrderMutation, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": f.id["order"],
		"kind": "EXCEPTION", "exceptionKind": "DAMAGE", "note": "外箱破损"}})
	f.id["ticket"] = r.path("createTicketFromOrder", "ticket", "id").(string)
	r = f.q(t, "CS1001", `mutation($in: ProposeClaimInput!) { proposeClaim(input: $in) { claim { id } } }`,
		map[string]any{"in": map[string]any{"idempotencyKey": key(), "ticketId": f.id["ticket"], "amountFen": 5000, "reason": "外箱破损,内物受损"}})
	f.id["claim"] = r.path("proposeClaim", "claim", "id").(string)
	f.id["photo"] = f.s.upload(f.img, f.tok["CS1001"]).must(t).path("uploadPhoto", "photo", "id").(string)
	r = f.q(t, "CS1001", `mutation($in: ReportOverShortGoodsInput!) { reportOverShortGoods(input: $in) { report { id } } }`,
		map[string]any{"in": map[string]any{"idempotencyKey": key(), "kind": "OVER", "goodsName": "蓝色行李箱", "counter": "3 号窗口",
			"clearingDate": time.Now().In(f.s.app.Cfg.zone).Format("2006-01-02"), "photoRefs": []string{f.id["photo"]}}})
	f.id["report"] = r.path("reportOverShortGoods", "report", "id").(string)
}

// workforce makes a swap waiting for approval (CS1001 ↔ CS1002), one waiting for the
// colleague, a leave request of CS1002's, a punch of CS1001's and a tracking round.
func (f *reachFixture) workforce(t *testing.T) {
	t.Helper()
	f.id["swap"], _ = f.roster.requestAndAccept(t, key(), "CS1001", 3, "CS1002", 4)
	r := f.q(t, "CS1001", `mutation($k: String!, $p: ShiftSwapProposalInput!) { requestShiftSwap(input: {idempotencyKey: $k, proposal: $p}) { shiftSwap { id } } }`,
		map[string]any{"k": key(), "p": f.roster.proposal("CS1001", 7, "CS1002", 8)})
	f.id["swap2"] = r.path("requestShiftSwap", "shiftSwap", "id").(string)
	f.id["assignment"] = f.roster.shifts["CS1001/5"]
	types := f.q(t, "CS1002", `{ leaveTypes { id code } }`, nil).path("leaveTypes").([]any)
	for _, lt := range types {
		if m := lt.(map[string]any); m["code"] == "ANNUAL" {
			f.id["leaveType"] = m["id"].(string)
		}
	}
	r = f.q(t, "CS1002", `mutation($t: ID!) { requestLeave(input: {idempotencyKey: "matrix-leave-0001", leaveTypeId: $t, startDay: "2026-12-20", endDay: "2026-12-20", reason: "复查身体"}) { leaveRequest { id } } }`,
		map[string]any{"t": f.id["leaveType"]})
	f.id["leave"] = r.path("requestLeave", "leaveRequest", "id").(string)
	r = f.q(t, "CS1001", `mutation { recordAttendance(input: {idempotencyKey: "matrix-punch-0001", kind: CLOCK_IN}) { punch { id } } }`, nil)
	f.id["punch"] = r.path("recordAttendance", "punch", "id").(string)
	r = f.q(t, "CS2001", `{ dutyRoster(depotId: "`+f.id["depot"]+`", month: "2026-12") { id } shiftTypes(depotId: "`+f.id["depot"]+`") { id code } }`, nil)
	f.id["roster"] = r.path("dutyRoster", "id").(string)
	for _, st := range r.path("shiftTypes").([]any) {
		if m := st.(map[string]any); m["code"] == "DAY" {
			f.id["shiftType"] = m["id"].(string)
		}
	}
	// An open shift on an even day (CS1001 is free, and 36 hours in that week stay under
	// the standard 44) that CS1001 has claimed.
	r = f.q(t, "CS2001", `mutation($d: ID!, $t: ID!) { postOpenShift(input: {idempotencyKey: "matrix-open-0001", depotId: $d, day: "2026-12-16", shiftTypeId: $t}) { openShift { id } } }`,
		map[string]any{"d": f.id["depot"], "t": f.id["shiftType"]})
	f.id["openShift"] = r.path("postOpenShift", "openShift", "id").(string)
	r = f.q(t, "CS1001", `mutation($o: ID!) { claimOpenShift(input: {idempotencyKey: "matrix-claim-0001", openShiftId: $o}) { claim { id } } }`,
		map[string]any{"o": f.id["openShift"]})
	f.id["openShiftClaim"] = r.path("claimOpenShift", "claim", "id").(string)
	// CS1001 marks a December day unavailable, and another one to remove.
	r = f.q(t, "CS1001", `mutation { markAvailability(input: {idempotencyKey: "matrix-avail-0001", day: "2026-12-20", kind: UNAVAILABLE, reason: "家中有事"}) { mark { id } } }`, nil)
	f.id["availabilityMark"] = r.path("markAvailability", "mark", "id").(string)
	r = f.q(t, "CS1001", `mutation { markAvailability(input: {idempotencyKey: "matrix-avail-0002", day: "2026-12-21", kind: PREFER_NOT, reason: "看病"}) { mark { id } } }`, nil)
	f.id["availabilityMarkToRemove"] = r.path("markAvailability", "mark", "id").(string)
	yesterday := time.Now().In(f.s.app.Cfg.zone).AddDate(0, 0, -1).Format("2006-01-02")
	r = f.q(t, "CS2001", `mutation($in: GenerateTrackingRoundInput!) { generateTrackingRound(input: $in) { round { id items { id } } } }`,
		map[string]any{"in": map[string]any{"depotId": f.id["depot"], "day": yesterday, "slot": "MORNING", "agentIds": []string{f.id["CS1001"]}}})
	f.id["round"] = r.path("generateTrackingRound", "round", "id").(string)
	f.id["roundItem"] = r.path("generateTrackingRound", "round", "items").([]any)[0].(map[string]any)["id"].(string)
}

// checks has the supervisor inspect CS1001 on a December shift, fail an item and raise
// a corrective action, and publish a notice to the depot.
func (f *reachFixture) checks(t *testing.T) {
	t.Helper()
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, shanghaiZone)
	f.s.app.Checklist.Now = func() time.Time { return now }
	r := f.q(t, "CS2001", `mutation($s: ID!) { startInspection(input: {idempotencyKey: "matrix-inspect-01", staffId: $s, kind: CONDUCT}) { check { id items { id item { photoRequired } } } } }`,
		map[string]any{"s": f.id["CS1001"]})
	f.id["check"] = r.path("startInspection", "check", "id").(string)
	for _, it := range r.path("startInspection", "check", "items").([]any) {
		m := it.(map[string]any)
		if m["item"].(map[string]any)["photoRequired"] == false {
			f.id["checkItem"] = m["id"].(string)
			break
		}
	}
	f.q(t, "CS2001", `mutation($i: ID!) { answerChecklistItem(input: {idempotencyKey: "matrix-answer-01", checkItemId: $i, passed: false, note: "离岗未报备"}) { checkItem { id } } }`,
		map[string]any{"i": f.id["checkItem"]})
	r = f.q(t, "CS2001", `mutation($i: ID!, $a: ID!) { raiseCorrectiveAction(input: {idempotencyKey: "matrix-action-01", checkItemId: $i, assigneeId: $a, dueOn: "2026-12-05", description: "离岗须报备"}) { correctiveAction { id } } }`,
		map[string]any{"i": f.id["checkItem"], "a": f.id["CS1001"]})
	f.id["action"] = r.path("raiseCorrectiveAction", "correctiveAction", "id").(string)
	r = f.q(t, "CS2001", `mutation($d: ID!) { publishNotice(input: {idempotencyKey: "matrix-notice-01", kind: ROUTE_CHANGE, title: "线路变更", body: "明日起浦东线路调整", depotId: $d}) { notice { id } } }`,
		map[string]any{"d": f.id["depot"]})
	f.id["notice"] = r.path("publishNotice", "notice", "id").(string)
}

// tariffs publishes the demo tariff as the Shanghai branch manager and gives a quote at
// SH-PD-01.
func (f *reachFixture) tariffs(t *testing.T) {
	t.Helper()
	f.id["tariff"] = f.s.publishDemoTariff(t, f.tok["CS3001"])
	r := f.q(t, "CS1001", quoteMutation, map[string]any{"in": quoteInput()})
	f.id["quote"] = r.path("quote", "quote", "id").(string)
}

// stations adds a consignment station to SH-PD-01 whose API client is matrix-in, hands
// the order over to it and imports a bill with the order and an unknown waybill.
func (f *reachFixture) stations(t *testing.T) {
	t.Helper()
	r := f.q(t, "CS2001", createStationMutation, map[string]any{"in": stationInput(f.id["depot"], "matrix-in")})
	f.id["station"] = r.path("createConsignmentStation", "station", "id").(string)
	f.month = time.Now().In(shanghaiZone).Format("2006-01")
	f.q(t, "CS1001", `mutation($s: ID!, $o: ID!) { recordStationHandover(input: {idempotencyKey: "`+key()+`", stationId: $s, orderId: $o}) { handover { waybillNo } } }`,
		map[string]any{"s": f.id["station"], "o": f.id["order"]})
	f.q(t, "CS1001", `mutation($s: ID!, $m: String!, $c: String!) { importStationBills(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m, csv: $c}) { imported } }`,
		map[string]any{"s": f.id["station"], "m": f.month, "c": "运单号,运费,回单\n" + f.waybill + ",8.00,是\nSD999999990CN,6.00,是\n"})
	// A second station whose month has an anomaly nobody decides: it waits for review in
	// the approvals inbox of SH-PD-01's supervisors whatever the matrix decides on the first.
	in := stationInput(f.id["depot"], "")
	in["name"] = "绵阳托运站"
	r = f.q(t, "CS2001", createStationMutation, map[string]any{"in": in})
	f.id["reviewStation"] = r.path("createConsignmentStation", "station", "id").(string)
	f.q(t, "CS1001", `mutation($s: ID!, $m: String!, $c: String!) { importStationBills(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m, csv: $c}) { imported } }`,
		map[string]any{"s": f.id["reviewStation"], "m": f.month, "c": "运单号,运费,回单\nSD999999991CN,6.00,是\n"})
}
