package reconcile

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/tariff"
)

// Station is a consignment station (托运站) a depot hands goods over to, with its
// contract rate and the tolerance within which a billed charge is accepted as it is.
// PartnerClientID is its API client, if it has one.
type Station struct {
	bun.BaseModel `bun:"table:consignment_stations"`

	ID              string           `bun:"id,pk"`
	DepotID         string           `bun:"depot_id"`
	Name            string           `bun:"name"`
	PartnerClientID *string          `bun:"partner_client_id"`
	Rate            tariff.ZonePrice `bun:"rate,type:text"`
	ToleranceFen    int64            `bun:"tolerance_fen"`
	CreatedAt       time.Time        `bun:"created_at"`
}

// Handover records that an order was handed to a station, and what it should cost.
type Handover struct {
	bun.BaseModel `bun:"table:station_handovers"`

	ID           string    `bun:"id,pk"`
	StationID    string    `bun:"station_id"`
	OrderID      string    `bun:"order_id"`
	WaybillNo    string    `bun:"waybill_no"`
	Month        string    `bun:"month"` // YYYY-MM in the organisation's zone
	WeightGrams  int64     `bun:"weight_grams"`
	ExpectedFen  int64     `bun:"expected_fen"`
	HandedOverAt time.Time `bun:"handed_over_at"`
	RecordedBy   string    `bun:"recorded_by"`
}

// Bill is a station's billed charge for one waybill of a month.
type Bill struct {
	bun.BaseModel `bun:"table:station_bills"`

	StationID  string    `bun:"station_id,pk"`
	Month      string    `bun:"month,pk"`
	WaybillNo  string    `bun:"waybill_no,pk"`
	BilledFen  int64     `bun:"billed_fen"`
	Receipt    bool      `bun:"receipt"`
	ImportedAt time.Time `bun:"imported_at"`
}

// Mark is an agent's decision on one anomaly of a station's month.
type Mark struct {
	bun.BaseModel `bun:"table:reconciliation_marks"`

	StationID    string    `bun:"station_id,pk"`
	Month        string    `bun:"month,pk"`
	WaybillNo    string    `bun:"waybill_no,pk"`
	Decision     Decision  `bun:"decision"`
	Reason       string    `bun:"reason"`
	CorrectedFen *int64    `bun:"corrected_fen"`
	DecidedBy    string    `bun:"decided_by"`
	DecidedAt    time.Time `bun:"decided_at"`
	Version      int       `bun:"version"`
}

// SignOff is a station's month as the supervisor signed it: the lines frozen.
type SignOff struct {
	bun.BaseModel `bun:"table:reconciliation_signoffs"`

	StationID string    `bun:"station_id,pk"`
	Month     string    `bun:"month,pk"`
	Lines     []Line    `bun:"lines,type:text"`
	SignedBy  string    `bun:"signed_by"`
	SignedAt  time.Time `bun:"signed_at"`
}

// Month is a station's month: its lines, and the sign-off once signed.
type Month struct {
	Station *Station
	Month   string
	Lines   []Line
	Signed  *SignOff
	// Since is when the month began to wait for review (Reviews only): when its
	// anomalies were alerted.
	Since time.Time
}
