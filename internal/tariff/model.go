package tariff

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/order"
)

// Place is a province, or a city in it. A place without a city stands for the whole
// province.
type Place struct {
	Province string `json:"province"`
	City     string `json:"city,omitempty"`
}

// Zone groups the destinations one origin prices alike (一区, 二区 …). Zone codes are
// shared across origins, so one price table per service serves every origin.
type Zone struct {
	Code         string  `json:"code"`
	Origin       Place   `json:"origin"`
	Destinations []Place `json:"destinations"`
}

// ZonePrice is a service's price to one zone: the first weight (首重) for a fixed price,
// then each started step of continued weight (续重) for a fixed price, and a minimum
// charge for the freight.
type ZonePrice struct {
	Zone             string `json:"zone"`
	FirstWeightGrams int64  `json:"firstWeightGrams"`
	FirstFen         int64  `json:"firstFen"`
	StepGrams        int64  `json:"stepGrams"`
	StepFen          int64  `json:"stepFen"`
	MinimumFen       int64  `json:"minimumFen"`
}

// Transit is a service's transit-time standard to one zone: arrival by ByHour local time
// on the Days-th working day after the day the parcel is taken (the next day when taken
// after the tariff's cut-off).
type Transit struct {
	Zone   string `json:"zone"`
	Days   int    `json:"days"`
	ByHour int    `json:"byHour"`
}

// ServiceRate is one service's terms: the volumetric divisor (cm³ per kg), the limits of
// what it carries, whether it offers time-slot delivery, its prices and its transit
// standards per zone. A zone without a price is a zone the service does not serve.
type ServiceRate struct {
	Service         order.DeliveryService `json:"service"` // STANDARD, NEXT_DAY, ECONOMY
	NameZH          string                `json:"nameZh"`
	NameEN          string                `json:"nameEn"`
	DivisorCm3PerKg int64                 `json:"divisorCm3PerKg"`
	MaxWeightGrams  int64                 `json:"maxWeightGrams"`
	MaxSideCm       int64                 `json:"maxSideCm"`
	TimeSlot        bool                  `json:"timeSlot"`
	Prices          []ZonePrice           `json:"prices"`
	Transit         []Transit             `json:"transit"`
}

// Surcharges are fixed amounts per parcel.
type Surcharges struct {
	RemoteFen      int64   `json:"remoteFen"`
	RemoteAreas    []Place `json:"remoteAreas"`
	FragileFen     int64   `json:"fragileFen"`
	KeepUprightFen int64   `json:"keepUprightFen"`
}

// ValueAdded are the paid extras: insurance (保价) as a rate of the declared value in
// basis points (1/10,000) with a minimum premium, signed-receipt return (签回单) and
// time-slot delivery (定时派送).
type ValueAdded struct {
	InsuranceRateBP     int64 `json:"insuranceRateBp"`
	InsuranceMinimumFen int64 `json:"insuranceMinimumFen"`
	ReceiptReturnFen    int64 `json:"receiptReturnFen"`
	TimeSlotFen         int64 `json:"timeSlotFen"`
}

// Terms is the content of a tariff: everything a price and a promise are computed from.
type Terms struct {
	// CutOffHour is the local hour after which a parcel taken in counts from the next day.
	CutOffHour int           `json:"cutOffHour"`
	Zones      []Zone        `json:"zones"`
	Services   []ServiceRate `json:"services"`
	Surcharges Surcharges    `json:"surcharges"`
	ValueAdded ValueAdded    `json:"valueAdded"`
}

// Tariff is a published tariff of an organisation. It applies from its effective date
// (a calendar day in the organisation's zone) until a tariff with a later date takes
// over; once published it never changes.
type Tariff struct {
	bun.BaseModel `bun:"table:tariffs"`

	ID            string    `bun:"id,pk"`
	OrgID         string    `bun:"org_id"`
	Name          string    `bun:"name"`
	EffectiveFrom string    `bun:"effective_from"` // YYYY-MM-DD
	Terms         Terms     `bun:"terms,type:text,json_use_number"`
	NoticeID      string    `bun:"notice_id"`
	PublishedBy   string    `bun:"published_by"`
	PublishedAt   time.Time `bun:"published_at"`
}

// Service finds a service's terms.
func (t *Terms) Service(code order.DeliveryService) *ServiceRate {
	for i := range t.Services {
		if t.Services[i].Service == code {
			return &t.Services[i]
		}
	}
	return nil
}
