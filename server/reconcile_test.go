package main

import (
	"strings"
	"testing"
	"time"
)

const createStationMutation = `mutation($in: CreateConsignmentStationInput!) { createConsignmentStation(input: $in) { station { id name } } }`

// stationInput is a station at depot with a contract rate of ¥8 for the first kilogram
// and ¥3 for each further one, ¥0.50 tolerance.
func stationInput(depot, client string) map[string]any {
	in := map[string]any{"idempotencyKey": key(), "depotId": depot, "name": "成都中转托运站", "toleranceFen": 50,
		"rate": map[string]any{"zone": "", "firstWeightGrams": 1000, "firstFen": 800, "stepGrams": 1000, "stepFen": 300, "minimumFen": 800}}
	if client != "" {
		in["partnerClientId"] = client
	}
	return in
}

const stationMonthQuery = `query($s: ID!, $m: String!) { stationMonth(stationId: $s, month: $m) {
	undecided payableFen signedAt signedBy { name } statementCsv
	lines { waybillNo expectedFen billedFen receipt status decision reason version payableFen } } }`

func TestSupervisorReconcilesAStationsMonthDisputesTwoWaybillsAndSignsOff(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		supervisor, _ := s.login("CS2001")
		depot := s.post(`{ me { depot { id } } }`, nil, withToken(agent)).must(t).path("me", "depot", "id").(string)
		st := s.post(createStationMutation, map[string]any{"in": stationInput(depot, "")}, withToken(supervisor)).must(t).path("createConsignmentStation", "station", "id").(string)
		month := time.Now().In(shanghaiZone).Format("2006-01")

		var waybills []string
		for range 3 {
			o := s.intake(agent, orderInput()) // 1.5 kg: ¥8 + ¥3 = ¥11 expected
			waybills = append(waybills, o["waybillNo"].(string))
			s.post(`mutation($s: ID!, $o: ID!, $k: String!) { recordStationHandover(input: {idempotencyKey: $k, stationId: $s, orderId: $o}) { handover { expectedFen } } }`,
				map[string]any{"s": st, "o": o["id"], "k": key()}, withToken(agent)).must(t)
		}
		csv := "运单号,运费,回单\n" + waybills[0] + ",11.00,是\n" + waybills[1] + ",15.00,是\n" + waybills[2] + ",11.00,是\nSD999999990CN,9.00,是\n"
		r := s.post(`mutation($s: ID!, $m: String!, $c: String!) { importStationBills(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m, csv: $c}) { imported } }`,
			map[string]any{"s": st, "m": month, "c": csv}, withToken(supervisor)).must(t)
		if r.path("importStationBills", "imported") != float64(4) {
			t.Fatalf("import: %s", r.Raw)
		}
		m := s.post(stationMonthQuery, map[string]any{"s": st, "m": month}, withToken(supervisor)).must(t)
		if m.path("stationMonth", "undecided") != float64(2) || !strings.Contains(m.Raw, `"status":"UNKNOWN_WAYBILL"`) || !strings.Contains(m.Raw, `"status":"MISMATCH"`) {
			t.Fatalf("month: %s", m.Raw)
		}
		for _, w := range []string{waybills[1], "SD999999990CN"} {
			s.post(`mutation($s: ID!, $m: String!, $w: String!) { decideReconciliationLine(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m, waybillNo: $w, decision: DISPUTED, reason: "运费与合同价不符", expectedVersion: 0}) { month { undecided } } }`,
				map[string]any{"s": st, "m": month, "w": w}, withToken(supervisor)).must(t)
		}
		r = s.post(`mutation($s: ID!, $m: String!) { signOffStationMonth(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m}) { month { signedAt payableFen } } }`,
			map[string]any{"s": st, "m": month}, withToken(supervisor)).must(t)
		if r.path("signOffStationMonth", "month", "signedAt") == nil || r.path("signOffStationMonth", "month", "payableFen") != float64(2200) {
			t.Fatalf("sign-off: %s", r.Raw)
		}
		after := s.post(stationMonthQuery, map[string]any{"s": st, "m": month}, withToken(agent)).must(t)
		csvOut, _ := after.path("stationMonth", "statementCsv").(string)
		if !strings.Contains(csvOut, "合计 total,,,,,,,22.00") || strings.Count(csvOut, "运费与合同价不符") != 2 {
			t.Fatalf("statement: %s", csvOut)
		}
		again := s.post(`mutation($s: ID!, $m: String!, $c: String!) { importStationBills(input: {idempotencyKey: "`+key()+`", stationId: $s, month: $m, csv: $c}) { imported } }`,
			map[string]any{"s": st, "m": month, "c": csv}, withToken(supervisor))
		if again.Code() != "RECONCILIATION_SIGNED" {
			t.Fatalf("an import after sign-off: %s", again.Raw)
		}
	})
}

func TestStationListLoadsDepotsWithoutExtraStatementsPerStation(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		supervisor, _ := s.login("CS2001")
		depot := s.post(`{ me { depot { id } } }`, nil, withToken(agent)).must(t).path("me", "depot", "id").(string)
		const q = `{ consignmentStations { id name toleranceFen rate { firstFen } depot { id name } } }`
		s.post(createStationMutation, map[string]any{"in": stationInput(depot, "")}, withToken(supervisor)).must(t)
		// The counts are compared exactly: load must not split a batch (exact).
		one := s.post(q, nil, withToken(agent), exact).must(t)
		for range 2 {
			s.post(createStationMutation, map[string]any{"in": stationInput(depot, "")}, withToken(supervisor)).must(t)
		}
		three := s.post(q, nil, withToken(agent), exact).must(t)
		if n := len(three.path("consignmentStations").([]any)); n != 3 {
			t.Fatalf("%d stations", n)
		}
		if three.Statements != one.Statements {
			t.Fatalf("three stations ran %d statements, one ran %d", three.Statements, one.Statements)
		}
	})
}
