package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/graph"
	"github.com/expresscs/cs/internal/identity"
)

// unitID returns the global id of a demo unit by its code.
func (s *testServer) unitID(code string) string {
	s.t.Helper()
	var u identity.OrgUnit
	if err := s.app.DB.R.NewSelect().Model(&u).Where("code = ?", code).Scan(context.Background()); err != nil {
		s.t.Fatal(err)
	}
	return graph.GlobalID("OrgUnit", u.ID)
}

const reviewInbox = `{ approvalsInbox { kind receivedAt stationMonth { month undecided station { id name } } } myCounts { approvalsWaiting } }`

// reviews returns the RECONCILIATION_REVIEW items of who's approvals inbox and who's
// approvalsWaiting.
func (s *testServer) reviews(t *testing.T, tok string) ([]map[string]any, float64) {
	t.Helper()
	r := s.post(reviewInbox, nil, withToken(tok)).must(t)
	var out []map[string]any
	for _, it := range r.path("approvalsInbox").([]any) {
		if m := it.(map[string]any); m["kind"] == "RECONCILIATION_REVIEW" {
			out = append(out, m)
		}
	}
	return out, r.path("myCounts", "approvalsWaiting").(float64)
}

func TestReconciliationAnomaliesReachTheSupervisorsInboxAndTheSalesperson(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		supervisor, _ := s.login("CS2001")
		sales, _ := s.login("CS1004")
		depot := s.unitID("SH-PD-01")
		// A merchant at the depot whose salesperson is 徐静 (CS1004, another depot of the branch).
		s.newClient(admin, map[string]any{"name": "川味商城", "clientId": "chuanwei-mall", "scopes": []string{"orders:read"},
			"orgUnitId": depot, "salespersonId": s.staffID("CS1004")})
		st := s.post(createStationMutation, map[string]any{"in": stationInput(depot, "")}, withToken(supervisor)).must(t).path("createConsignmentStation", "station", "id").(string)
		month := time.Now().In(shanghaiZone).Format("2006-01")
		in := orderInput()
		in["partnerClientId"] = "chuanwei-mall"
		o := s.intake(agent, in) // 1.5 kg: ¥11 expected
		s.post(`mutation($s: ID!, $o: ID!, $k: String!) { recordStationHandover(input: {idempotencyKey: $k, stationId: $s, orderId: $o}) { handover { expectedFen } } }`,
			map[string]any{"s": st, "o": o["id"], "k": key()}, withToken(agent)).must(t)
		before := map[string]float64{}
		for _, no := range []string{"CS2001", "CS2002", "CS2003", "CS3001", "CS3002", "CS1001"} {
			tok, _ := s.login(no)
			_, before[no] = s.reviews(t, tok)
		}
		bill := func() {
			s.post(`mutation($s: ID!, $m: String!, $c: String!) { importStationBills(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m, csv: $c}) { imported } }`,
				map[string]any{"s": st, "m": month, "c": "运单号,运费,回单\n" + o["waybillNo"].(string) + ",15.00,是\n"}, withToken(agent)).must(t)
		}
		bill()

		t.Run("the depot's supervisor finds the review in the approvals inbox, counted", func(t *testing.T) {
			items, n := s.reviews(t, supervisor)
			if len(items) != 1 || n != before["CS2001"]+1 {
				t.Fatalf("reviews %v, approvalsWaiting %v (before %v)", items, n, before["CS2001"])
			}
			sm := items[0]["stationMonth"].(map[string]any)
			if sm["month"] != month || sm["undecided"] != 1.0 || sm["station"].(map[string]any)["id"] != st {
				t.Fatalf("review %v", items[0])
			}
		})
		t.Run("other depots, other branches and agents have no review", func(t *testing.T) {
			for _, no := range []string{"CS2002", "CS2003", "CS3002", "CS1001"} {
				tok, _ := s.login(no)
				items, n := s.reviews(t, tok)
				if len(items) != 0 || n != before[no] {
					t.Errorf("%s: reviews %v, approvalsWaiting %v (before %v)", no, items, n, before[no])
				}
			}
			manager, _ := s.login("CS3001")
			if items, _ := s.reviews(t, manager); len(items) != 1 {
				t.Errorf("the branch manager above the depot has reviews %v", items)
			}
		})
		notes := func(tok, kind string) int {
			r := s.post(`{ myRosterNotifications(first: 100) { kind message subjectId } }`, nil, withToken(tok)).must(t)
			n := 0
			for _, it := range r.path("myRosterNotifications").([]any) {
				if it.(map[string]any)["kind"] == kind {
					n++
				}
			}
			return n
		}
		t.Run("the supervisor and the merchant's salesperson are notified once, however often the month is reconciled", func(t *testing.T) {
			bill()
			bill()
			if n := notes(supervisor, "RECONCILIATION_ANOMALIES"); n != 1 {
				t.Errorf("the supervisor has %d anomaly notifications", n)
			}
			if n := notes(sales, "RECONCILIATION_MERCHANT_ANOMALIES"); n != 1 {
				t.Errorf("the salesperson has %d merchant notifications", n)
			}
			other, _ := s.login("CS2002")
			if n := notes(other, "RECONCILIATION_ANOMALIES") + notes(agent, "RECONCILIATION_MERCHANT_ANOMALIES"); n != 0 {
				t.Errorf("%d notifications to people it is not for", n)
			}
		})
		t.Run("deciding the anomaly takes the review out of the inbox", func(t *testing.T) {
			s.post(`mutation($s: ID!, $m: String!, $w: String!) { decideReconciliationLine(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m, waybillNo: $w, decision: ACCEPTED, expectedVersion: 0}) { month { undecided } } }`,
				map[string]any{"s": st, "m": month, "w": o["waybillNo"]}, withToken(agent)).must(t)
			if items, n := s.reviews(t, supervisor); len(items) != 0 || n != before["CS2001"] {
				t.Fatalf("reviews %v, approvalsWaiting %v", items, n)
			}
		})
	})
}

const clientSalesperson = `query($id: ID!) { node(id: $id) { ... on PartnerClient { salesperson { id name } } } }`

func TestPartnerClientSalesperson(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		depot, xuJing := s.unitID("SH-PD-01"), s.staffID("CS1004")
		id, secret := s.newClient(admin, map[string]any{"name": "川味商城", "clientId": "chuanwei-mall", "scopes": []string{"orders:read"},
			"orgUnitId": depot, "salespersonId": xuJing})
		r := s.post(clientSalesperson, map[string]any{"id": id}, withToken(admin)).must(t)
		if r.path("node", "salesperson", "name") != "徐静" {
			t.Fatalf("salesperson: %s", r.Raw)
		}

		t.Run("the client itself does not see its salesperson", func(t *testing.T) {
			tok, res := s.partnerToken("chuanwei-mall", secret)
			if tok == "" {
				t.Fatalf("token: %s", res.Raw)
			}
			r := s.post(clientSalesperson, map[string]any{"id": id}, withToken(tok)).must(t)
			if r.path("node", "salesperson") != nil || strings.Contains(r.Raw, "徐静") {
				t.Fatalf("the partner reads its salesperson: %s", r.Raw)
			}
		})
		t.Run("staff other than administrators cannot read the client", func(t *testing.T) {
			r := s.post(clientSalesperson, map[string]any{"id": id}, withToken(agent))
			if strings.Contains(r.Raw, "徐静") {
				t.Fatalf("an agent reads the salesperson: %s", r.Raw)
			}
		})

		const update = `mutation($in: UpdatePartnerClientInput!) { updatePartnerClient(input: $in) { client { salesperson { name } } } }`
		upd := func(extra map[string]any) *gqlResult {
			in := map[string]any{"idempotencyKey": key(), "id": id, "name": "川味商城", "scopes": []string{"orders:read"}}
			for k, v := range extra {
				in[k] = v
			}
			return s.post(update, map[string]any{"in": in}, withToken(admin))
		}
		long := strings.Repeat("x", 10000)
		for _, c := range []struct {
			name  string
			extra map[string]any
			code  string
		}{
			{"staff of another branch", map[string]any{"orgUnitId": depot, "salespersonId": s.staffID("CS1006")}, "BAD_USER_INPUT"},
			{"a salesperson for a client of no unit", map[string]any{"salespersonId": xuJing}, "BAD_USER_INPUT"},
			{"a staff id that does not exist", map[string]any{"orgUnitId": depot, "salespersonId": graph.GlobalID("Staff", "00000000-0000-0000-0000-000000000000")}, "BAD_USER_INPUT"},
			{"a unit's id given as the salesperson", map[string]any{"orgUnitId": depot, "salespersonId": depot}, "BAD_USER_INPUT"},
			{"a NUL in the id", map[string]any{"orgUnitId": depot, "salespersonId": "U3RhZmY6\x00"}, "BAD_USER_INPUT"},
			{"a right-to-left override", map[string]any{"orgUnitId": depot, "salespersonId": "\u202e" + xuJing}, "BAD_USER_INPUT"},
			{"10,000 characters", map[string]any{"orgUnitId": depot, "salespersonId": long}, "BAD_USER_INPUT"},
			{"whitespace", map[string]any{"orgUnitId": depot, "salespersonId": "   "}, "BAD_USER_INPUT"},
		} {
			t.Run("refused: "+c.name, func(t *testing.T) {
				if r := upd(c.extra); r.Code() != c.code {
					t.Fatalf("got %s: %s", r.Code(), r.Raw)
				}
			})
		}
		t.Run("a deactivated salesperson is refused", func(t *testing.T) {
			_, err := s.app.DB.W.NewUpdate().Model((*identity.Staff)(nil)).Set("active = ?", false).Where("employee_no = ?", "CS1005").Exec(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if r := upd(map[string]any{"orgUnitId": depot, "salespersonId": s.staffID("CS1005")}); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("got %s", r.Raw)
			}
		})
		t.Run("creating with staff of another branch is refused", func(t *testing.T) {
			r := s.post(createClient, map[string]any{"in": map[string]any{"idempotencyKey": key(), "name": "x", "clientId": "x-mall", "scopes": []string{"orders:read"},
				"orgUnitId": depot, "salespersonId": s.staffID("CS2003")}}, withToken(admin))
			if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "salespersonId" {
				t.Fatalf("got %s", r.Raw)
			}
		})
		t.Run("staff of the branch may be named, and an update without one clears it", func(t *testing.T) {
			r := upd(map[string]any{"orgUnitId": depot, "salespersonId": s.staffID("CS1002")}).must(t)
			if r.path("updatePartnerClient", "client", "salesperson", "name") != "李娜" {
				t.Fatalf("got %s", r.Raw)
			}
			r = upd(map[string]any{"orgUnitId": depot}).must(t)
			if r.path("updatePartnerClient", "client", "salesperson") != nil {
				t.Fatalf("got %s", r.Raw)
			}
		})
	})
}
