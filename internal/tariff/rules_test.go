package tariff_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tariff"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func TestVolumetricAndChargeableWeight(t *testing.T) {
	for _, c := range []struct {
		name             string
		p                tariff.Parcel
		divisor          int64
		volumetric, want int64
	}{
		{"30×30×30 cm at 6,000 cm³/kg weighs 4.5 kg by volume", tariff.Parcel{WeightGrams: 5000, LengthMm: 300, WidthMm: 300, HeightMm: 300}, 6000, 4500, 5000},
		{"a light bulky parcel is charged by its volume", tariff.Parcel{WeightGrams: 1000, LengthMm: 500, WidthMm: 400, HeightMm: 300}, 6000, 10000, 10000},
		{"a larger divisor makes the same box lighter", tariff.Parcel{WeightGrams: 1000, LengthMm: 500, WidthMm: 400, HeightMm: 300}, 8000, 7500, 7500},
		{"volumetric weight rounds up to the gram", tariff.Parcel{WeightGrams: 1, LengthMm: 101, WidthMm: 101, HeightMm: 101}, 6000, 172, 172},
		{"without dimensions the actual weight counts", tariff.Parcel{WeightGrams: 2300}, 6000, 0, 2300},
	} {
		t.Run(c.name, func(t *testing.T) {
			if v := tariff.VolumetricGrams(c.p, c.divisor); v != c.volumetric {
				t.Errorf("volumetric = %d g, want %d", v, c.volumetric)
			}
			if g := tariff.ChargeableGrams(c.p, c.divisor); g != c.want {
				t.Errorf("chargeable = %d g, want %d", g, c.want)
			}
		})
	}
}

func TestFirstAndContinuedWeightRounding(t *testing.T) {
	half := tariff.ZonePrice{FirstWeightGrams: 1000, FirstFen: 1500, StepGrams: 500, StepFen: 800, MinimumFen: 0}
	kilo := tariff.ZonePrice{FirstWeightGrams: 1000, FirstFen: 1200, StepGrams: 1000, StepFen: 500}
	for _, c := range []struct {
		name  string
		grams int64
		zp    tariff.ZonePrice
		want  int64
	}{
		{"up to the first weight costs the first-weight price", 1000, half, 1500},
		{"a parcel lighter than the first weight still pays it", 200, half, 1500},
		{"one gram over the first weight starts a 0.5 kg step", 1001, half, 2300},
		{"continued weight rounds up to 0.5 kg: 1.2 kg over is three steps", 2200, half, 1500 + 3*800},
		{"5 kg is the first kilogram and eight 0.5 kg steps", 5000, half, 1500 + 8*800},
		{"with 1 kg steps 4.01 kg over is five steps", 5010, kilo, 1200 + 5*500},
		{"the minimum charge applies when the price is below it", 500, tariff.ZonePrice{FirstWeightGrams: 1000, FirstFen: 600, StepGrams: 500, StepFen: 100, MinimumFen: 1000}, 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := tariff.FreightFen(c.grams, c.zp); got != c.want {
				t.Errorf("FreightFen(%d g) = %d fen, want %d", c.grams, got, c.want)
			}
		})
	}
}

func TestInsurancePremium(t *testing.T) {
	va := tariff.ValueAdded{InsuranceRateBP: 50, InsuranceMinimumFen: 100}
	for _, c := range []struct {
		name        string
		value, want int64
	}{
		{"0.5% of ¥1,000 is ¥5", 100000, 500},
		{"the premium rounds up to the whole fen", 100001, 501},
		{"a small value pays the minimum premium", 5000, 100},
		{"no declared value, no premium", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := tariff.InsuranceFen(c.value, va); got != c.want {
				t.Errorf("InsuranceFen(%d) = %d, want %d", c.value, got, c.want)
			}
		})
	}
}

func TestZoneLookUp(t *testing.T) {
	terms := tariff.DemoTerms()
	terms.Zones = append(terms.Zones, tariff.Zone{Code: "2", Origin: tariff.Place{Province: "浙江省", City: "杭州市"},
		Destinations: []tariff.Place{{Province: "四川省", City: "成都市"}}})
	sh, hz := tariff.Place{Province: "上海市", City: "上海市"}, tariff.Place{Province: "浙江省", City: "杭州市"}
	for _, c := range []struct {
		name         string
		origin, dest tariff.Place
		want         string
	}{
		{"上海 to 成都 is zone 3 by its province", sh, tariff.Place{Province: "四川省", City: "成都市"}, "3"},
		{"上海 to 苏州 is zone 1", sh, tariff.Place{Province: "江苏省", City: "苏州市"}, "1"},
		{"a city entry wins over its province: 杭州 to 成都 is zone 2", hz, tariff.Place{Province: "四川省", City: "成都市"}, "2"},
		{"杭州 to 绵阳 still follows the province", hz, tariff.Place{Province: "四川省", City: "绵阳市"}, "3"},
		{"an origin with no zones has no route", tariff.Place{Province: "广东省", City: "广州市"}, sh, ""},
		{"a destination in no zone has no route", sh, tariff.Place{Province: "台湾省", City: "台北市"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := terms.ZoneOf(c.origin, c.dest); got != c.want {
				t.Errorf("ZoneOf = %q, want %q", got, c.want)
			}
		})
	}
}

func TestPriceBreakdownAndRefusals(t *testing.T) {
	terms := tariff.DemoTerms()
	chengdu := tariff.Place{Province: "四川省", City: "成都市"}
	box := tariff.Parcel{WeightGrams: 5000, LengthMm: 300, WidthMm: 300, HeightMm: 300}
	for _, c := range []struct {
		name    string
		service string
		zone    string
		dest    tariff.Place
		p       tariff.Parcel
		want    tariff.Breakdown
		refusal tariff.Refusal
	}{
		{"standard 5 kg to zone 3: first kilogram and eight 0.5 kg steps", "STANDARD", "3", chengdu, box,
			tariff.Breakdown{ChargeableGrams: 5000, VolumetricGrams: 4500, FreightFen: 7900, TotalFen: 7900}, ""},
		{"economy counts continued weight in whole kilograms", "ECONOMY", "3", chengdu, box,
			tariff.Breakdown{ChargeableGrams: 5000, VolumetricGrams: 3375, FreightFen: 3200, TotalFen: 3200}, ""},
		{"surcharges and extras add up", "STANDARD", "3", tariff.Place{Province: "四川省", City: "甘孜藏族自治州"},
			tariff.Parcel{WeightGrams: 1000, Fragile: true, KeepUpright: true, Insured: true, DeclaredValueFen: 200000, ReceiptReturn: true, TimeSlot: true},
			tariff.Breakdown{ChargeableGrams: 1000, FreightFen: 1500, RemoteFen: 1000, FragileFen: 500, KeepUprightFen: 300, InsuranceFen: 1000,
				ReceiptReturnFen: 300, TimeSlotFen: 1000, TotalFen: 5600}, ""},
		{"over the service's weight limit is refused", "NEXT_DAY", "3", chengdu, tariff.Parcel{WeightGrams: 30001}, tariff.Breakdown{}, tariff.OverWeight},
		{"a side over the service's limit is refused", "NEXT_DAY", "3", chengdu, tariff.Parcel{WeightGrams: 1000, LengthMm: 1010, WidthMm: 100, HeightMm: 100}, tariff.Breakdown{}, tariff.OverSize},
		{"a zone the service does not serve is refused", "NEXT_DAY", "4", tariff.Place{Province: "西藏自治区", City: "拉萨市"}, box, tariff.Breakdown{}, tariff.NoServiceToArea},
		{"no zone at all is refused", "STANDARD", "", tariff.Place{Province: "台湾省"}, box, tariff.Breakdown{}, tariff.NoServiceToArea},
		{"time-slot delivery on a service without it is refused", "ECONOMY", "3", chengdu, tariff.Parcel{WeightGrams: 1000, TimeSlot: true}, tariff.Breakdown{}, tariff.TimeSlotUnavailable},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, refusal := terms.Price(terms.Service(order.DeliveryService(c.service)), c.zone, c.dest, c.p)
			if refusal != c.refusal || b != c.want {
				t.Errorf("Price = %+v, %q\nwant    %+v, %q", b, refusal, c.want, c.refusal)
			}
		})
	}
}

func TestTransitArrivalCountsWorkingDays(t *testing.T) {
	// A calendar with 国庆节 Oct 1–7 2026 off and Saturday Oct 10 a working day (调休).
	working := func(day string) bool {
		d, _ := time.Parse(tariff.DayLayout, day)
		if day >= "2026-10-01" && day <= "2026-10-07" {
			return false
		}
		if day == "2026-10-10" {
			return true
		}
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	}
	at := func(s string) time.Time { t, _ := time.ParseInLocation("2006-01-02 15:04", s, shanghai); return t }
	for _, c := range []struct {
		name  string
		taken string
		tr    tariff.Transit
		want  string
	}{
		{"next day by 18:00 from a Tuesday is Wednesday", "2026-12-01 10:00", tariff.Transit{Days: 1, ByHour: 18}, "2026-12-02 18:00"},
		{"after the 17:00 cut-off the parcel counts from the next day", "2026-12-01 17:30", tariff.Transit{Days: 1, ByHour: 18}, "2026-12-03 18:00"},
		{"weekends are not counted", "2026-12-04 10:00", tariff.Transit{Days: 1, ByHour: 12}, "2026-12-07 12:00"},
		{"taken on Saturday, five days later is Friday", "2026-12-05 10:00", tariff.Transit{Days: 5, ByHour: 18}, "2026-12-11 18:00"},
		{"a public holiday is not counted: from Sep 30 the next day is Oct 8", "2026-09-30 10:00", tariff.Transit{Days: 1, ByHour: 18}, "2026-10-08 18:00"},
		{"an adjusted working Saturday (调休) is counted", "2026-10-09 10:00", tariff.Transit{Days: 1, ByHour: 18}, "2026-10-10 18:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := tariff.Arrival(at(c.taken), 17, c.tr, shanghai, working)
			if want := at(c.want); !got.Equal(want) {
				t.Errorf("Arrival = %s, want %s", got.In(shanghai).Format("2006-01-02 15:04"), c.want)
			}
		})
	}
}

func TestRecommendation(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 18, 0, 0, 0, shanghai) }
	opt := func(s order.DeliveryService, fen int64, arrives int, meets bool) tariff.Option {
		return tariff.Option{Service: s, Breakdown: tariff.Breakdown{TotalFen: fen}, Arrival: day(arrives), MeetsDeadline: meets}
	}
	for _, c := range []struct {
		name        string
		opts        []tariff.Option
		hasDeadline bool
		want        order.DeliveryService
		reason      tariff.Reason
	}{
		{"the cheapest that meets the deadline, not the cheapest overall", []tariff.Option{opt("STANDARD", 7900, 9, true), opt("NEXT_DAY", 12400, 7, true), opt("ECONOMY", 3200, 14, false)}, true, "STANDARD", tariff.CheapestMeetingDeadline},
		{"economy when it arrives in time", []tariff.Option{opt("STANDARD", 7900, 9, true), opt("ECONOMY", 3200, 11, true)}, true, "ECONOMY", tariff.CheapestMeetingDeadline},
		{"on equal price the earlier arrival", []tariff.Option{opt("STANDARD", 3200, 9, true), opt("ECONOMY", 3200, 11, true)}, true, "STANDARD", tariff.CheapestMeetingDeadline},
		{"without a deadline the cheapest", []tariff.Option{opt("STANDARD", 7900, 9, true), opt("ECONOMY", 3200, 14, true)}, false, "ECONOMY", tariff.Cheapest},
		{"when none meets the deadline the fastest", []tariff.Option{opt("STANDARD", 7900, 9, false), opt("NEXT_DAY", 12400, 8, false)}, true, "NEXT_DAY", tariff.FastestMissingDeadline},
	} {
		t.Run(c.name, func(t *testing.T) {
			i, reason := tariff.Recommend(c.opts, c.hasDeadline)
			if i < 0 || c.opts[i].Service != c.want || reason != c.reason {
				t.Errorf("Recommend = %d (%v), want %s (%s)", i, reason, c.want, c.reason)
			}
		})
	}
	if i, _ := tariff.Recommend(nil, true); i != -1 {
		t.Error("nothing to recommend without options")
	}
}
