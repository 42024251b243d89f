package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/tariff"
)

const quoteMutation = `mutation($in: QuoteInput!) { quote(input: $in) { quote { id zone expiresAt
	options { service name arrival meetsDeadline breakdown { chargeableGrams totalFen } }
	refusals { service reason message } recommended { service breakdown { totalFen } arrival } recommendationReason recommendationText } } }`

// publishTariffInput is the demo tariff from today, as the API takes it.
func publishTariffInput() map[string]any {
	var terms map[string]any
	b, _ := json.Marshal(tariff.DemoTerms())
	_ = json.Unmarshal(b, &terms)
	return map[string]any{"idempotencyKey": key(), "name": "2026 冬季运价",
		"effectiveFrom": time.Now().In(shanghaiZone).Format("2006-01-02"), "terms": terms}
}

// publishDemoTariff publishes the demo tariff as tok and returns its global id.
func (s *testServer) publishDemoTariff(t *testing.T, tok string) string {
	t.Helper()
	r := s.post(`mutation($in: PublishTariffInput!) { publishTariff(input: $in) { tariff { id } } }`,
		map[string]any{"in": publishTariffInput()}, withToken(tok)).must(t)
	return r.path("publishTariff", "tariff", "id").(string)
}

// quoteInput is "5 kg, 30×30×30 cm, 上海 → 成都, needed within a week".
func quoteInput() map[string]any {
	return map[string]any{"idempotencyKey": key(), "origin": map[string]any{"province": "上海市", "city": "上海市"},
		"destination": map[string]any{"province": "四川省", "city": "成都市"}, "goodsName": "衣服", "weightKg": 5,
		"lengthCm": 30, "widthCm": 30, "heightCm": 30, "neededBy": time.Now().In(shanghaiZone).AddDate(0, 0, 14).Format("2006-01-02")}
}

func TestQuoteTurnsIntoAnOrderAtTheQuotedPriceAndArrival(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		manager, _ := s.login("CS3001")
		agent, _ := s.login("CS1001")
		s.publishDemoTariff(t, manager)

		r := s.post(quoteMutation, map[string]any{"in": quoteInput()}, withToken(agent), withHeader("Accept-Language", "en")).must(t)
		q := r.path("quote", "quote").(map[string]any)
		if q["zone"] != "3" || len(q["options"].([]any)) != 3 || q["recommendationReason"] != "CHEAPEST_MEETING_DEADLINE" {
			t.Fatalf("quote: %s", r.Raw)
		}
		rec := q["recommended"].(map[string]any)
		if rec["service"] != "ECONOMY" || r.path("quote", "quote", "recommended", "breakdown", "totalFen") != float64(3200) {
			t.Fatalf("recommended %v", rec)
		}
		if q["recommendationText"] != "The cheapest that arrives in time" {
			t.Fatalf("recommendation text %v", q["recommendationText"])
		}

		in := orderInput()
		in["consignee"] = map[string]any{"name": "王五", "phone": "13912345678", "province": "四川省", "city": "成都市", "district": "武侯区", "detail": "人民南路 4 段 1 号"}
		in["goods"] = map[string]any{"name": "衣服", "quantity": 1, "weightKg": 5, "volumeM3": 0.027}
		in["service"], in["quoteId"] = "ECONOMY", q["id"]
		r = s.post(`mutation($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id waybillNo freightFen expectedArrival service } } }`,
			map[string]any{"in": in}, withToken(agent)).must(t)
		o := r.path("intakeOrder", "order").(map[string]any)
		if o["freightFen"] != float64(3200) || o["expectedArrival"] != rec["arrival"] || o["service"] != "ECONOMY" {
			t.Fatalf("order %v, quoted %v", o, rec)
		}

		r = s.post(`query($w: String!, $d: String!) { customerTracking(waybillNo: $w, phoneLast4: $d) { freightFen expectedArrival } }`,
			map[string]any{"w": o["waybillNo"], "d": "5678"}).must(t)
		if r.path("customerTracking", "freightFen") != float64(3200) || r.path("customerTracking", "expectedArrival") != rec["arrival"] {
			t.Fatalf("the public page shows %s", r.Raw)
		}

		again := s.post(`mutation($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id } } }`,
			map[string]any{"in": with(in, key(), "idempotencyKey")}, withToken(agent))
		if again.Code() != "QUOTE_USED" {
			t.Fatalf("a second order from one quote: %s", again.Raw)
		}
	})
}

func TestRateChangeNoticeLinksToTheTariffWithoutExtraStatementsPerNotice(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		manager, _ := s.login("CS3001")
		agent, _ := s.login("CS1001")
		const q = `{ latestNotices { kind tariff { id name effectiveFrom notice { id } terms { services { service } } } } }`
		id := s.publishDemoTariff(t, manager)
		// The counts are compared exactly: load must not split a batch (exact).
		one := s.post(q, nil, withToken(agent), exact).must(t)
		notices := one.path("latestNotices").([]any)
		if len(notices) != 1 || notices[0].(map[string]any)["kind"] != "RATE_CHANGE" || notices[0].(map[string]any)["tariff"].(map[string]any)["id"] != id {
			t.Fatalf("notices: %s", one.Raw)
		}
		s.publishDemoTariff(t, manager)
		s.publishDemoTariff(t, manager)
		three := s.post(q, nil, withToken(agent), exact).must(t)
		if n := len(three.path("latestNotices").([]any)); n != 3 {
			t.Fatalf("%d notices", n)
		}
		if three.Statements != one.Statements {
			t.Fatalf("three notices ran %d statements, one ran %d: the tariffs must be loaded in one batch", three.Statements, one.Statements)
		}
	})
}
