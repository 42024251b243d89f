package tariff

// DemoTerms is a believable tariff for the demo organisation's two cities, 上海 and
// 杭州: four zones (一区 江浙沪, 二区 nearby provinces and the big cities, 三区 central and
// western China, 四区 the far west) and three services. Prices are in fen.
func DemoTerms() Terms {
	places := func(provinces ...string) []Place {
		out := make([]Place, len(provinces))
		for i, p := range provinces {
			out[i] = Place{Province: p}
		}
		return out
	}
	one := places("上海市", "江苏省", "浙江省")
	two := places("安徽省", "江西省", "福建省", "山东省", "北京市", "天津市", "广东省", "河北省")
	three := places("四川省", "重庆市", "湖南省", "湖北省", "河南省", "陕西省", "广西壮族自治区", "云南省", "贵州省",
		"山西省", "辽宁省", "吉林省", "黑龙江省", "海南省", "甘肃省", "宁夏回族自治区")
	four := places("新疆维吾尔自治区", "西藏自治区", "青海省", "内蒙古自治区")
	var zones []Zone
	for _, origin := range []Place{{Province: "上海市", City: "上海市"}, {Province: "浙江省", City: "杭州市"}} {
		zones = append(zones, Zone{Code: "1", Origin: origin, Destinations: one}, Zone{Code: "2", Origin: origin, Destinations: two},
			Zone{Code: "3", Origin: origin, Destinations: three}, Zone{Code: "4", Origin: origin, Destinations: four})
	}
	price := func(zone string, first, step, min int64, stepGrams int64) ZonePrice {
		return ZonePrice{Zone: zone, FirstWeightGrams: 1000, FirstFen: first, StepGrams: stepGrams, StepFen: step, MinimumFen: min}
	}
	return Terms{
		CutOffHour: 17,
		Zones:      zones,
		Services: []ServiceRate{
			{Service: "STANDARD", NameZH: "标准快递", NameEN: "Standard", DivisorCm3PerKg: 6000, MaxWeightGrams: 50_000, MaxSideCm: 150, TimeSlot: true,
				Prices:  []ZonePrice{price("1", 1000, 300, 1000, 500), price("2", 1200, 500, 1200, 500), price("3", 1500, 800, 1500, 500), price("4", 2000, 1400, 2000, 500)},
				Transit: []Transit{{Zone: "1", Days: 1, ByHour: 18}, {Zone: "2", Days: 2, ByHour: 18}, {Zone: "3", Days: 3, ByHour: 18}, {Zone: "4", Days: 5, ByHour: 18}}},
			{Service: "NEXT_DAY", NameZH: "次日达", NameEN: "Next day", DivisorCm3PerKg: 6000, MaxWeightGrams: 30_000, MaxSideCm: 100, TimeSlot: true,
				Prices:  []ZonePrice{price("1", 1800, 600, 1800, 500), price("2", 2300, 900, 2300, 500), price("3", 2800, 1200, 2800, 500)},
				Transit: []Transit{{Zone: "1", Days: 1, ByHour: 12}, {Zone: "2", Days: 1, ByHour: 18}, {Zone: "3", Days: 1, ByHour: 18}}},
			{Service: "ECONOMY", NameZH: "经济快递", NameEN: "Economy", DivisorCm3PerKg: 8000, MaxWeightGrams: 100_000, MaxSideCm: 200,
				Prices:  []ZonePrice{price("1", 800, 200, 800, 1000), price("2", 1000, 300, 1000, 1000), price("3", 1200, 500, 1200, 1000), price("4", 1600, 900, 1600, 1000)},
				Transit: []Transit{{Zone: "1", Days: 2, ByHour: 18}, {Zone: "2", Days: 3, ByHour: 18}, {Zone: "3", Days: 5, ByHour: 18}, {Zone: "4", Days: 7, ByHour: 18}}},
		},
		Surcharges: Surcharges{RemoteFen: 1000, FragileFen: 500, KeepUprightFen: 300,
			RemoteAreas: []Place{{Province: "新疆维吾尔自治区"}, {Province: "西藏自治区"}, {Province: "青海省", City: "玉树藏族自治州"}, {Province: "四川省", City: "甘孜藏族自治州"}}},
		ValueAdded: ValueAdded{InsuranceRateBP: 50, InsuranceMinimumFen: 100, ReceiptReturnFen: 300, TimeSlotFen: 1000},
	}
}
