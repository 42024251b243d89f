package tariff_test

import (
	"context"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tariff"
)

// Every amount of a tariff is 0 to ¥1,000,000 and the insurance rate 0 to 100 %: a
// rate of 2^62 basis points or a step of 2^62 fen would wrap a premium or a freight
// round to a small or negative price.
func TestTermsRefuseAmountsThatCouldOverflowAPrice(t *testing.T) {
	const huge = 1 << 62
	for _, c := range []struct {
		name       string
		edit       func(*tariff.Terms)
		field, ext string
		bound      any
	}{
		{"an insurance rate over 100 % is refused", func(t *tariff.Terms) { t.ValueAdded.InsuranceRateBP = tariff.MaxInsuranceRateBP + 1 },
			"terms.valueAdded.insuranceRateBp", "maxBp", tariff.MaxInsuranceRateBP},
		{"an insurance rate of 2^62 basis points is refused", func(t *tariff.Terms) { t.ValueAdded.InsuranceRateBP = huge },
			"terms.valueAdded.insuranceRateBp", "maxBp", tariff.MaxInsuranceRateBP},
		{"a negative insurance rate is refused", func(t *tariff.Terms) { t.ValueAdded.InsuranceRateBP = -1 },
			"terms.valueAdded.insuranceRateBp", "maxBp", tariff.MaxInsuranceRateBP},
		{"a step of 2^62 fen is refused", func(t *tariff.Terms) { t.Services[0].Prices[0].StepFen = huge },
			"terms.services[0].prices[0]", "maxFen", tariff.MaxAmountFen},
		{"a first weight over ¥1,000,000 is refused", func(t *tariff.Terms) { t.Services[1].Prices[2].FirstFen = tariff.MaxAmountFen + 1 },
			"terms.services[1].prices[2]", "maxFen", tariff.MaxAmountFen},
		{"a minimum charge of 2^62 fen is refused", func(t *tariff.Terms) { t.Services[2].Prices[3].MinimumFen = huge },
			"terms.services[2].prices[3]", "maxFen", tariff.MaxAmountFen},
		{"a negative price is still refused", func(t *tariff.Terms) { t.Services[0].Prices[1].StepFen = -1 },
			"terms.services[0].prices[1]", "maxFen", tariff.MaxAmountFen},
		{"a remote-area surcharge of 2^62 fen is refused", func(t *tariff.Terms) { t.Surcharges.RemoteFen = huge },
			"terms.surcharges", "maxFen", tariff.MaxAmountFen},
		{"an insurance minimum over ¥1,000,000 is refused", func(t *tariff.Terms) { t.ValueAdded.InsuranceMinimumFen = tariff.MaxAmountFen + 1 },
			"terms.surcharges", "maxFen", tariff.MaxAmountFen},
		// A service's limits are named for themselves (they were refused as the divisor),
		// and are no larger than what a quote takes.
		{"a negative weight limit is refused on its field", func(t *tariff.Terms) { t.Services[1].MaxWeightGrams = -1 },
			"terms.services[1].maxWeightGrams", "maxGrams", order.MaxWeightGrams},
		{"a weight limit over 100 tonnes is refused", func(t *tariff.Terms) { t.Services[1].MaxWeightGrams = order.MaxWeightGrams + 1 },
			"terms.services[1].maxWeightGrams", "maxGrams", order.MaxWeightGrams},
		{"a negative side limit is refused on its field", func(t *tariff.Terms) { t.Services[2].MaxSideCm = -1 },
			"terms.services[2].maxSideCm", "maxCm", tariff.MaxSideCm},
		{"a side limit over 100 m is refused", func(t *tariff.Terms) { t.Services[2].MaxSideCm = tariff.MaxSideCm + 1 },
			"terms.services[2].maxSideCm", "maxCm", tariff.MaxSideCm},
	} {
		t.Run(c.name, func(t *testing.T) {
			terms := tariff.DemoTerms()
			c.edit(&terms)
			wantRefused(t, terms.Validate("test"), c.field, c.ext, c.bound)
		})
	}
	t.Run("the limits themselves are taken", func(t *testing.T) {
		terms := limitTerms()
		terms.Services[0].MaxWeightGrams, terms.Services[0].MaxSideCm = order.MaxWeightGrams, tariff.MaxSideCm
		if err := terms.Validate("test"); err != nil {
			t.Fatal(err)
		}
	})
}

// limitTerms is a tariff at every limit: one service carrying anything, charging
// ¥1,000,000 a gram with the volume counted gram for gram (a divisor of 1), every
// surcharge and extra ¥1,000,000, insurance at 100 %.
func limitTerms() tariff.Terms {
	terms := tariff.DemoTerms()
	terms.Services = []tariff.ServiceRate{{Service: order.Standard, NameZH: "标准快递", NameEN: "Standard", DivisorCm3PerKg: 1, TimeSlot: true,
		Prices: []tariff.ZonePrice{{Zone: "3", FirstWeightGrams: 1, FirstFen: tariff.MaxAmountFen, StepGrams: 1, StepFen: tariff.MaxAmountFen,
			MinimumFen: tariff.MaxAmountFen}},
		Transit: []tariff.Transit{{Zone: "3", Days: 3, ByHour: 18}}}}
	terms.Surcharges.RemoteFen, terms.Surcharges.FragileFen, terms.Surcharges.KeepUprightFen = tariff.MaxAmountFen, tariff.MaxAmountFen, tariff.MaxAmountFen
	terms.ValueAdded = tariff.ValueAdded{InsuranceRateBP: tariff.MaxInsuranceRateBP, InsuranceMinimumFen: tariff.MaxAmountFen,
		ReceiptReturnFen: tariff.MaxAmountFen, TimeSlotFen: tariff.MaxAmountFen}
	return terms
}

// At every limit at once the price is exact: 100 tonnes at ¥1,000,000 a gram is
// 10^16 fen, the highest declared value there can be (¥1,000,000,000,000) insured at
// 100 % is 10^14 fen, and five extras of ¥1,000,000 each. A volume weighing more than
// 100 tonnes is over weight on every service instead of a freight that wraps round.
func TestPriceAtEveryLimitIsExact(t *testing.T) {
	terms := limitTerms()
	s := terms.Service(order.Standard)
	ganzi := tariff.Place{Province: "四川省", City: "甘孜藏族自治州"} // remote
	p := tariff.Parcel{WeightGrams: order.MaxWeightGrams, Fragile: true, KeepUpright: true, Insured: true,
		DeclaredValueFen: order.MaxDeclaredValueCapFen, ReceiptReturn: true, TimeSlot: true}
	b, refusal := terms.Price(s, "3", ganzi, p)
	const freight, insurance, extras = 10_000_000_000_000_000, 100_000_000_000_000, 5 * tariff.MaxAmountFen
	if refusal != "" || b.ChargeableGrams != order.MaxWeightGrams || b.FreightFen != freight || b.InsuranceFen != insurance ||
		b.TotalFen != freight+insurance+extras {
		t.Fatalf("Price = %+v, %q; want freight %d, insurance %d, total %d", b, refusal, freight, insurance, freight+insurance+extras)
	}

	// 1 m × 1 m × 10 cm at a divisor of 1 weighs exactly 100 tonnes by volume: priced.
	p = tariff.Parcel{WeightGrams: 1000, LengthMm: 1000, WidthMm: 1000, HeightMm: 100}
	if b, refusal := terms.Price(s, "3", ganzi, p); refusal != "" || b.VolumetricGrams != order.MaxWeightGrams || b.FreightFen != freight {
		t.Fatalf("100 t by volume: %+v, %q", b, refusal)
	}
	// 100 m × 100 m × 100 m weighs 10^15 g by volume: 10^23 fen would wrap round.
	p = tariff.Parcel{WeightGrams: 1000, LengthMm: tariff.MaxSideCm * 10, WidthMm: tariff.MaxSideCm * 10, HeightMm: tariff.MaxSideCm * 10}
	if b, refusal := terms.Price(s, "3", ganzi, p); refusal != tariff.OverWeight {
		t.Fatalf("a volume of 10^15 g: %+v, %q; want OVER_WEIGHT", b, refusal)
	}
}

// Publishing a tariff whose rate could overflow a premium stores nothing.
func TestPublishingRefusesAnInsuranceRateOf2To62(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		terms := tariff.DemoTerms()
		terms.ValueAdded.InsuranceRateBP = 1 << 62
		_, _, err := w.svc.Publish(w.as("CS3001"), w.key(), tariff.NewTariff{Name: "x", EffectiveFrom: "2026-12-05", Terms: terms})
		wantRefused(t, err, "terms.valueAdded.insuranceRateBp", "maxBp", tariff.MaxInsuranceRateBP)
		n, err := d.R.NewSelect().Model((*tariff.Tariff)(nil)).Count(context.Background())
		w.must(err)
		if n != 0 {
			t.Fatalf("%d tariffs stored", n)
		}
	})
}
