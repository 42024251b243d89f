package tariff

import "github.com/expresscs/cs/internal/order"

// Parcel is what is priced: actual weight, outer dimensions, handling and extras.
type Parcel struct {
	WeightGrams int64
	// Dimensions in millimetres; zero when not measured (the actual weight alone counts).
	LengthMm, WidthMm, HeightMm int64
	Fragile, KeepUpright        bool
	// DeclaredValueFen > 0 with Insured buys insurance (保价) on that value.
	DeclaredValueFen int64
	Insured          bool
	ReceiptReturn    bool
	TimeSlot         bool
}

// VolumetricGrams is volume ÷ divisor, rounded up to the gram. A divisor in cm³ per kg
// is the same number in mm³ per gram, so millimetres give grams exactly.
func VolumetricGrams(p Parcel, divisorCm3PerKg int64) int64 {
	if divisorCm3PerKg <= 0 {
		return 0
	}
	return ceilDiv(p.LengthMm*p.WidthMm*p.HeightMm, divisorCm3PerKg)
}

// ChargeableGrams is the greater of the actual and the volumetric weight.
func ChargeableGrams(p Parcel, divisorCm3PerKg int64) int64 {
	return max(p.WeightGrams, VolumetricGrams(p, divisorCm3PerKg))
}

// FreightFen is first weight plus continued weight: the first FirstWeightGrams for
// FirstFen, then every started step of StepGrams for StepFen (the continued weight is
// rounded up to the step, so with 500 g steps 1.2 kg over the first weight counts as
// 1.5 kg), and never less than the minimum charge.
func FreightFen(chargeableGrams int64, zp ZonePrice) int64 {
	fen := zp.FirstFen
	if over := chargeableGrams - zp.FirstWeightGrams; over > 0 && zp.StepGrams > 0 {
		fen += ceilDiv(over, zp.StepGrams) * zp.StepFen
	}
	return max(fen, zp.MinimumFen)
}

// InsuranceFen is the premium on a declared value: the rate in basis points, rounded up
// to the whole fen, and never less than the minimum premium. The value times the rate
// fits an int64 when the value is at most the intake's cap (order.MaxDeclaredValueCapFen)
// and the rate at most MaxInsuranceRateBP, as quotes and Validate ensure.
func InsuranceFen(declaredValueFen int64, va ValueAdded) int64 {
	if declaredValueFen <= 0 {
		return 0
	}
	return max(ceilDiv(declaredValueFen*va.InsuranceRateBP, 10000), va.InsuranceMinimumFen)
}

// ZoneOf finds the zone of a route: the zone whose origin is the origin's city (or,
// failing that, its province) and that lists the destination's city (or, failing that,
// its province). Empty when the route is in no zone.
func (t *Terms) ZoneOf(origin, dest Place) string {
	for _, exactOrigin := range []bool{true, false} {
		for _, exactDest := range []bool{true, false} {
			for _, z := range t.Zones {
				if !placeMatches(z.Origin, origin, exactOrigin) {
					continue
				}
				for _, d := range z.Destinations {
					if placeMatches(d, dest, exactDest) {
						return z.Code
					}
				}
			}
		}
	}
	return ""
}

// placeMatches: exact matches a city entry to the city; otherwise a province entry (no
// city) matches any city of the province.
func placeMatches(entry, p Place, exact bool) bool {
	if entry.Province != p.Province {
		return false
	}
	if exact {
		return entry.City != "" && entry.City == p.City
	}
	return entry.City == ""
}

// IsRemote reports whether a destination carries the remote-area surcharge.
func (t *Terms) IsRemote(dest Place) bool {
	for _, r := range t.Surcharges.RemoteAreas {
		if placeMatches(r, dest, true) || placeMatches(r, dest, false) {
			return true
		}
	}
	return false
}

// priceIn returns the service's price to a zone, or nil when it does not serve it.
func (s *ServiceRate) priceIn(zone string) *ZonePrice {
	for i := range s.Prices {
		if s.Prices[i].Zone == zone {
			return &s.Prices[i]
		}
	}
	return nil
}

// transitTo returns the service's transit standard to a zone, or nil.
func (s *ServiceRate) transitTo(zone string) *Transit {
	for i := range s.Transit {
		if s.Transit[i].Zone == zone {
			return &s.Transit[i]
		}
	}
	return nil
}

// Breakdown is a price in parts, all in fen; TotalFen is their sum.
type Breakdown struct {
	ChargeableGrams  int64 `json:"chargeableGrams"`
	VolumetricGrams  int64 `json:"volumetricGrams"`
	FreightFen       int64 `json:"freightFen"`
	RemoteFen        int64 `json:"remoteFen"`
	FragileFen       int64 `json:"fragileFen"`
	KeepUprightFen   int64 `json:"keepUprightFen"`
	InsuranceFen     int64 `json:"insuranceFen"`
	ReceiptReturnFen int64 `json:"receiptReturnFen"`
	TimeSlotFen      int64 `json:"timeSlotFen"`
	TotalFen         int64 `json:"totalFen"`
}

// Refusal says why a service cannot carry a parcel.
type Refusal string

// The refusals.
const (
	OverWeight          Refusal = "OVER_WEIGHT"           // heavier than the service carries
	OverSize            Refusal = "OVER_SIZE"             // a side longer than the service carries
	NoServiceToArea     Refusal = "NO_SERVICE_TO_AREA"    // the route is in no zone, or the service does not serve the zone
	TimeSlotUnavailable Refusal = "TIME_SLOT_UNAVAILABLE" // time-slot delivery asked of a service without it
)

// Messages of the refusals, zh-CN and English.
var RefusalMessages = map[Refusal][2]string{
	OverWeight:          {"超过该服务的重量上限", "Heavier than this service carries"},
	OverSize:            {"超过该服务的尺寸上限", "Larger than this service carries"},
	NoServiceToArea:     {"该服务不到达此区域", "This service does not reach that area"},
	TimeSlotUnavailable: {"该服务不提供定时派送", "This service offers no time-slot delivery"},
}

// Price prices a parcel on one service over a route's zone, or says why the service
// refuses it. The service's limits are checked first, then whether it serves the zone. No
// service charges for more than order.MaxWeightGrams, the most intake takes: a parcel
// whose volumetric weight is more is over weight (this also bounds the steps of
// continued weight that FreightFen multiplies).
func (t *Terms) Price(s *ServiceRate, zone string, dest Place, p Parcel) (Breakdown, Refusal) {
	chargeable := ChargeableGrams(p, s.DivisorCm3PerKg)
	if s.MaxWeightGrams > 0 && p.WeightGrams > s.MaxWeightGrams || chargeable > order.MaxWeightGrams {
		return Breakdown{}, OverWeight
	}
	if s.MaxSideCm > 0 && max(p.LengthMm, p.WidthMm, p.HeightMm) > s.MaxSideCm*10 {
		return Breakdown{}, OverSize
	}
	zp := s.priceIn(zone)
	if zone == "" || zp == nil || s.transitTo(zone) == nil {
		return Breakdown{}, NoServiceToArea
	}
	if p.TimeSlot && !s.TimeSlot {
		return Breakdown{}, TimeSlotUnavailable
	}
	b := Breakdown{VolumetricGrams: VolumetricGrams(p, s.DivisorCm3PerKg), ChargeableGrams: chargeable}
	b.FreightFen = FreightFen(b.ChargeableGrams, *zp)
	if t.IsRemote(dest) {
		b.RemoteFen = t.Surcharges.RemoteFen
	}
	if p.Fragile {
		b.FragileFen = t.Surcharges.FragileFen
	}
	if p.KeepUpright {
		b.KeepUprightFen = t.Surcharges.KeepUprightFen
	}
	if p.Insured {
		b.InsuranceFen = InsuranceFen(p.DeclaredValueFen, t.ValueAdded)
	}
	if p.ReceiptReturn {
		b.ReceiptReturnFen = t.ValueAdded.ReceiptReturnFen
	}
	if p.TimeSlot {
		b.TimeSlotFen = t.ValueAdded.TimeSlotFen
	}
	b.TotalFen = b.FreightFen + b.RemoteFen + b.FragileFen + b.KeepUprightFen + b.InsuranceFen + b.ReceiptReturnFen + b.TimeSlotFen
	return b, ""
}

func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
