package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db/dbtest"
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

// A quote refuses what intake would: a weight that is not more than 0 and at most
// 100,000 kg (checked before it becomes grams, so 1e308 is not quoted as 1 g), a
// declared value over the intake's cap, a side over 100 m; BAD_USER_INPUT naming the
// field, the range in the message and its bound in the extensions, and no quote stored.
// A declared value past GraphQL's Int (2^62, 2^53 + 1, which overflowed the premium) is
// GRAPHQL_VALIDATION_FAILED.
func TestQuoteRefusesWhatIntakeWouldRefuse(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		manager, _ := s.login("CS3001")
		agent, _ := s.login("CS1001")
		s.publishDemoTariff(t, manager)
		const weightZH, weightEN = "重量须大于 0 千克且不超过 100000 千克", "The weight must be more than 0 kg and at most 100,000 kg"
		const valueZH, valueEN = "声明价值须为 0 到 100000.00 元", "The declared value must be ¥0 to ¥100000.00"
		const sideZH, sideEN = "尺寸须在 0 到 100 米之间", "Dimensions are 0 to 100 m"
		insured := func(fen int64) map[string]any { return map[string]any{"insured": true, "declaredValueFen": fen} }
		for _, c := range []struct {
			name          string
			set           map[string]any
			field, zh, en string
			boundKey      string
			bound         float64
		}{
			{"1e308 kg", map[string]any{"weightKg": 1e308}, "weightKg", weightZH, weightEN, "maxKg", 100_000},
			{"1e15 kg", map[string]any{"weightKg": 1e15}, "weightKg", weightZH, weightEN, "maxKg", 100_000},
			{"a gram over 100 tonnes", map[string]any{"weightKg": 100_000.001}, "weightKg", weightZH, weightEN, "maxKg", 100_000},
			{"a negative weight", map[string]any{"weightKg": -1}, "weightKg", weightZH, weightEN, "maxKg", 100_000},
			{"no weight", map[string]any{"weightKg": 0}, "weightKg", weightZH, weightEN, "maxKg", 100_000},
			{"a fen over the intake's cap", insured(10_000_001), "declaredValueFen", valueZH, valueEN, "maxFen", 10_000_000},
			{"a fen over the cap uninsured", map[string]any{"declaredValueFen": 10_000_001}, "declaredValueFen", valueZH, valueEN, "maxFen", 10_000_000},
			{"a negative declared value", map[string]any{"declaredValueFen": -1}, "declaredValueFen", valueZH, valueEN, "maxFen", 10_000_000},
			{"a side of 1e308 cm", map[string]any{"lengthCm": 1e308}, "dimensions", sideZH, sideEN, "maxCm", 10_000},
			{"a negative side", map[string]any{"widthCm": -30}, "dimensions", sideZH, sideEN, "maxCm", 10_000},
		} {
			t.Run(c.name, func(t *testing.T) {
				in := quoteInput()
				for k, v := range c.set {
					in[k] = v
				}
				for lang, msg := range map[string]string{"zh-CN": c.zh, "en": c.en} {
					r := s.post(quoteMutation, map[string]any{"in": with(in, key(), "idempotencyKey")}, withToken(agent), withHeader("Accept-Language", lang))
					if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field || r.Errors[0].Message != msg ||
						r.Errors[0].Extensions[c.boundKey] != c.bound {
						t.Fatalf("%s: %s", lang, r.Raw)
					}
				}
			})
		}
		// Amounts past GraphQL's 32-bit Int (2^62, 2^53 + 1: they overflowed the premium)
		// are refused before the quote is looked at (the service refuses them too, for Go
		// callers: internal/tariff's tests).
		for _, fen := range []int64{1 << 62, 9007199254740993, 1 << 31} {
			in := quoteInput()
			for k, v := range insured(fen) {
				in[k] = v
			}
			r := s.post(quoteMutation, map[string]any{"in": with(in, key(), "idempotencyKey")}, withToken(agent), withHeader("Accept-Language", "en"))
			if r.Code() != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(r.Errors[0].Message, "declaredValueFen: Int cannot represent a number outside the 32-bit signed range") {
				t.Errorf("%d fen insured: %s", fen, r.Raw)
			}
		}
		if n := dbtest.Count(t, s.app.DB, (*tariff.Quote)(nil)); n != 0 {
			t.Fatalf("%d quotes stored after refusals", n)
		}
	})
}

// The largest parcel a quote takes, 100 tonnes insured at the intake's cap of ¥100,000,
// is priced exactly by the tariff: to 成都 (zone 3) 标准快递 is ¥15 for the first
// kilogram and ¥8 a started 0.5 kg, 次日达 ¥28 and ¥12, 经济快递 ¥12 and ¥5 a started
// 1 kg; insurance is 0.5 % of the value (¥500).
func TestQuotePricesTheLargestAllowedParcelExactly(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		manager, _ := s.login("CS3001")
		agent, _ := s.login("CS1001")
		in := publishTariffInput()
		for _, sr := range in["terms"].(map[string]any)["services"].([]any) {
			sr.(map[string]any)["maxWeightGrams"] = 0 // no service limit: the quote's own is the one
		}
		s.post(`mutation($in: PublishTariffInput!) { publishTariff(input: $in) { tariff { id } } }`, map[string]any{"in": in}, withToken(manager)).must(t)

		q := quoteInput()
		delete(q, "lengthCm")
		delete(q, "widthCm")
		delete(q, "heightCm")
		q["weightKg"], q["insured"], q["declaredValueFen"] = 100_000, true, 10_000_000
		r := s.post(`mutation($in: QuoteInput!) { quote(input: $in) { quote { weightKg
			options { service breakdown { chargeableGrams freightFen insuranceFen totalFen } } refusals { service } } } }`,
			map[string]any{"in": q}, withToken(agent)).must(t)
		if w := r.path("quote", "quote", "weightKg"); w != float64(100_000) {
			t.Fatalf("weightKg %v, want 100000", w)
		}
		const steps500, steps1000 = 199_998, 99_999 // 99,999 kg over the first, in 0.5 kg and 1 kg steps
		want := map[string]int64{
			"STANDARD": 1500 + steps500*800,
			"NEXT_DAY": 2800 + steps500*1200,
			"ECONOMY":  1200 + steps1000*500,
		}
		opts := r.path("quote", "quote", "options").([]any)
		if len(opts) != 3 {
			t.Fatalf("options: %s", r.Raw)
		}
		for _, o := range opts {
			o := o.(map[string]any)
			b := o["breakdown"].(map[string]any)
			freight := want[o["service"].(string)]
			if b["chargeableGrams"] != float64(100_000_000) || b["freightFen"] != float64(freight) ||
				b["insuranceFen"] != float64(50_000) || b["totalFen"] != float64(freight+50_000) {
				t.Fatalf("%s: %v, want freight %d, insurance 50000", o["service"], b, freight)
			}
		}
		if n := dbtest.Count(t, s.app.DB, (*tariff.Quote)(nil)); n != 1 {
			t.Fatalf("%d quotes stored, want 1", n)
		}
	})
}
