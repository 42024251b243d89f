package tariff

import (
	"fmt"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/text"
)

// Services are the services a tariff may price; their codes are the orders' services.
var Services = []order.DeliveryService{order.Standard, order.NextDay, order.Economy}

// MaxAmountFen is the most any amount of a tariff or a contract rate may be (a price, a
// step, a minimum, a surcharge, an extra): ¥1,000,000. MaxInsuranceRateBP is 100 % of the
// declared value. With what a quote takes (a chargeable weight of at most
// order.MaxWeightGrams, so at most 10^8 steps; a declared value of at most the intake's
// cap) they keep every price an int64 of fen with room to spare: the freight is at most
// 10^8 × ¥1,000,000 = 10^16 fen, checked here before anything is multiplied.
const (
	MaxAmountFen       = 100_000_000
	MaxInsuranceRateBP = 10_000
)

// Check refuses a price whose first weight or step is not positive, or whose amounts are
// not 0 to MaxAmountFen: BAD_USER_INPUT on field with extensions.maxFen. Tariffs and the
// contract rates of consignment stations are checked with it.
func (zp ZonePrice) Check(op, field string) error {
	if zp.FirstWeightGrams <= 0 || zp.StepGrams <= 0 || !amount(zp.FirstFen) || !amount(zp.StepFen) || !amount(zp.MinimumFen) {
		return apperr.Invalid(op, field, "首重和续重单位须大于 0,金额须为 0 到 1000000 元",
			"First weight and step are positive; amounts are ¥0 to ¥1,000,000").With("maxFen", MaxAmountFen)
	}
	return nil
}

func amount(fen int64) bool { return fen >= 0 && fen <= MaxAmountFen }

// Validate checks that terms can price every route they name: at least one zone and one
// service, known service codes once each, positive divisors, limits on a service's weight
// and longest side no larger than what a quote takes (0 is none), positive first weights and steps,
// amounts of 0 to MaxAmountFen and an insurance rate of 0 to MaxInsuranceRateBP, prices
// and transit standards only for zones that exist, transit of 1 to 30 days by an hour of
// the day. BAD_USER_INPUT naming the field.
func (t *Terms) Validate(op string) error {
	bad := func(field, zh, en string) error { return apperr.Invalid(op, "terms."+field, zh, en) }
	if t.CutOffHour < 0 || t.CutOffHour > 23 {
		return bad("cutOffHour", "截单时间须为 0 到 23 点", "The cut-off hour is 0 to 23")
	}
	if len(t.Zones) == 0 || len(t.Services) == 0 {
		return bad("zones", "运价须至少有一个区域和一个服务", "A tariff needs at least one zone and one service")
	}
	zones := map[string]bool{}
	for i := range t.Zones {
		z := &t.Zones[i]
		f := fmt.Sprintf("zones[%d]", i)
		var err error
		if z.Code, err = (text.Rule{Field: "terms." + f + ".code", Max: 20}).Clean(op, z.Code); err != nil {
			return err
		}
		if err := cleanPlace(op, "terms."+f+".origin", &z.Origin); err != nil {
			return err
		}
		if len(z.Destinations) == 0 {
			return bad(f+".destinations", "区域须列出目的地", "A zone lists its destinations")
		}
		for j := range z.Destinations {
			if err := cleanPlace(op, fmt.Sprintf("terms.%s.destinations[%d]", f, j), &z.Destinations[j]); err != nil {
				return err
			}
		}
		zones[z.Code] = true
	}
	seen := map[order.DeliveryService]bool{}
	for i := range t.Services {
		s := &t.Services[i]
		f := fmt.Sprintf("services[%d]", i)
		known := false
		for _, c := range Services {
			known = known || c == s.Service
		}
		if !known || seen[s.Service] {
			return bad(f+".service", "服务须为标准快递、次日达或经济快递,且各出现一次", "Services are STANDARD, NEXT_DAY or ECONOMY, each once")
		}
		seen[s.Service] = true
		var err error
		if s.NameZH, err = (text.Rule{Field: "terms." + f + ".nameZh", Max: 20}).Clean(op, s.NameZH); err != nil {
			return err
		}
		if s.NameEN, err = (text.Rule{Field: "terms." + f + ".nameEn", Max: 40}).Clean(op, s.NameEN); err != nil {
			return err
		}
		if s.DivisorCm3PerKg <= 0 {
			return bad(f+".divisorCm3PerKg", "抛比须大于 0", "The divisor is positive")
		}
		if s.MaxWeightGrams < 0 || s.MaxWeightGrams > order.MaxWeightGrams {
			return apperr.Invalid(op, "terms."+f+".maxWeightGrams", "重量上限须为 0(不限)到 100 吨", "The weight limit is 0 (none) to 100 tonnes").
				With("maxGrams", order.MaxWeightGrams)
		}
		if s.MaxSideCm < 0 || s.MaxSideCm > MaxSideCm {
			return apperr.Invalid(op, "terms."+f+".maxSideCm", "边长上限须为 0(不限)到 100 米", "The side limit is 0 (none) to 100 m").
				With("maxCm", MaxSideCm)
		}
		for j, p := range s.Prices {
			if !zones[p.Zone] {
				return bad(fmt.Sprintf("%s.prices[%d].zone", f, j), "价格所属区域不存在", "The price names no zone of this tariff")
			}
			if err := p.Check(op, fmt.Sprintf("terms.%s.prices[%d]", f, j)); err != nil {
				return err
			}
		}
		for j, tr := range s.Transit {
			if !zones[tr.Zone] {
				return bad(fmt.Sprintf("%s.transit[%d].zone", f, j), "时效所属区域不存在", "The transit standard names no zone of this tariff")
			}
			if tr.Days < 1 || tr.Days > 30 || tr.ByHour < 0 || tr.ByHour > 23 {
				return bad(fmt.Sprintf("%s.transit[%d]", f, j), "时效须为 1 到 30 天,送达钟点为 0 到 23", "Transit is 1 to 30 days by an hour 0 to 23")
			}
		}
	}
	sc, va := t.Surcharges, t.ValueAdded
	if !amount(sc.RemoteFen) || !amount(sc.FragileFen) || !amount(sc.KeepUprightFen) || !amount(va.InsuranceMinimumFen) ||
		!amount(va.ReceiptReturnFen) || !amount(va.TimeSlotFen) {
		return apperr.Invalid(op, "terms.surcharges", "附加费和增值服务费须为 0 到 1000000 元", "Surcharges and extras are ¥0 to ¥1,000,000").
			With("maxFen", MaxAmountFen)
	}
	if va.InsuranceRateBP < 0 || va.InsuranceRateBP > MaxInsuranceRateBP {
		return apperr.Invalid(op, "terms.valueAdded.insuranceRateBp", "保价费率须为 0 到 10000 个基点(0 到 100%)",
			"The insurance rate is 0 to 10,000 basis points (0 to 100 %)").With("maxBp", MaxInsuranceRateBP)
	}
	for j := range t.Surcharges.RemoteAreas {
		if err := cleanPlace(op, fmt.Sprintf("terms.surcharges.remoteAreas[%d]", j), &t.Surcharges.RemoteAreas[j]); err != nil {
			return err
		}
	}
	return nil
}

func cleanPlace(op, field string, p *Place) error {
	var err error
	if p.Province, err = (text.Rule{Field: field + ".province", Max: 20}).Clean(op, p.Province); err != nil {
		return err
	}
	p.City, err = (text.Rule{Field: field + ".city", Max: 20, Optional: true}).Clean(op, p.City)
	return err
}
