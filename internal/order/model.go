package order

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/relay"
)

// DeliveryService is the delivery service the customer bought.
type DeliveryService string

// The services.
const (
	Standard DeliveryService = "STANDARD"  // 标准快递
	NextDay  DeliveryService = "NEXT_DAY"  // 次日达
	TimeSlot DeliveryService = "TIME_SLOT" // 定时派送
	Insured  DeliveryService = "INSURED"   // 保价
	Economy  DeliveryService = "ECONOMY"   // 经济快递
)

// State is where an order is in its life at the counter.
type State string

// The states.
const (
	PendingVerification State = "PENDING_VERIFICATION" // taken, not yet fully checked
	Released            State = "RELEASED"             // verified and handed to operations
	Cancelled           State = "CANCELLED"            // voided
)

// Stage is how far the parcel has gone physically; it decides what a change does.
type Stage string

// The stages, in order.
const (
	NotPrinted Stage = "NOT_PRINTED"
	Printed    Stage = "PRINTED"
	Packed     Stage = "PACKED"
	Shipped    Stage = "SHIPPED"
)

var stageRank = map[Stage]int{NotPrinted: 0, Printed: 1, Packed: 2, Shipped: 3}

// Goods is what is sent. Weight, volume and value are kept in integers (grams, cubic
// centimetres, fen) so sums and comparisons are exact.
type Goods struct {
	Name             string `bun:"name" json:"name"`
	Quantity         int    `bun:"quantity" json:"quantity"`
	WeightGrams      int64  `bun:"weight_grams" json:"weightGrams"`
	VolumeCm3        int64  `bun:"volume_cm3" json:"volumeCm3"`
	DeclaredValueFen *int64 `bun:"declared_value_fen" json:"declaredValueFen"`
}

// Handling are the special-handling flags printed on the label.
type Handling struct {
	Fragile     bool `bun:"fragile" json:"fragile"`
	KeepUpright bool `bun:"keep_upright" json:"keepUpright"`
	KeepDry     bool `bun:"keep_dry" json:"keepDry"`
}

// Requests are the customer's extra requests.
type Requests struct {
	InvoiceTitle       string `bun:"invoice_title" json:"invoiceTitle"`
	DeliveryWindowFrom string `bun:"delivery_window_from" json:"deliveryWindowFrom"` // HH:MM or ""
	DeliveryWindowTo   string `bun:"delivery_window_to" json:"deliveryWindowTo"`
	CardText           string `bun:"card_text" json:"cardText"`
}

// Order is one consignment under one waybill number.
type Order struct {
	bun.BaseModel `bun:"table:orders"`

	ID              string  `bun:"id,pk" json:"id"`
	WaybillNo       string  `bun:"waybill_no" json:"waybillNo"`
	DepotID         string  `bun:"depot_id" json:"depotId"`
	PartnerClientID *string `bun:"partner_client_id" json:"partnerClientId"`
	CreatedBy       string  `bun:"created_by,nullzero" json:"createdBy"` // empty for a partner's API order
	Consignor       Party   `bun:"embed:consignor_" json:"consignor"`
	Consignee       Party   `bun:"embed:consignee_" json:"consignee"`
	Goods           Goods   `bun:"embed:goods_" json:"goods"`
	// GoodsFlag names the rule of a restricted item found in the goods (限寄): the
	// verification step must look at the goods and say so; empty otherwise.
	GoodsFlag         string          `bun:"goods_flag" json:"goodsFlag"`
	Service           DeliveryService `bun:"service" json:"service"`
	RequiredArrivalAt *time.Time      `bun:"required_arrival_at" json:"requiredArrivalAt"`
	Handling
	Requests
	State State `bun:"state" json:"state"`
	Stage Stage `bun:"stage" json:"stage"`
	// Kept current by the tracking package from the parcel's events.
	TrackingStatus          string     `bun:"tracking_status" json:"trackingStatus"`
	TrackingExceptionReason string     `bun:"tracking_exception_reason" json:"trackingExceptionReason"`
	TrackingEventAt         *time.Time `bun:"tracking_event_at" json:"trackingEventAt"`
	ETA                     time.Time  `bun:"eta" json:"eta"`
	ReturnOfID              *string    `bun:"return_of_id" json:"returnOfId"`
	// QuoteID is the quote the order was taken from; FreightFen is its quoted charge.
	QuoteID    *string `bun:"quote_id" json:"quoteId"`
	FreightFen *int64  `bun:"freight_fen" json:"freightFen"`
	// ReceiptReturn is the signed-receipt return service (签回单); ReceiptReceivedAt is
	// when the signed receipt came back.
	ReceiptReturn     bool       `bun:"receipt_return" json:"receiptReturn"`
	ReceiptReceivedAt *time.Time `bun:"receipt_received_at" json:"receiptReceivedAt"`
	Version           int        `bun:"version" json:"version"`
	CreatedAt         time.Time  `bun:"created_at" json:"createdAt"`
	UpdatedAt         time.Time  `bun:"updated_at" json:"updatedAt"`
	ReleasedAt        *time.Time `bun:"released_at" json:"releasedAt"`
}

// NodeID is the order's global id in the API (relay.ID).
func (o *Order) NodeID() string { return relay.ID("Order", o.ID) }

// RowKey names the table of orders and its key column, for those who follow changes to
// the rows (db.WatchRows: the look-up cache on SQLite).
func RowKey() (table, column string) { return "orders", "id" }

// Element is one part of an order that is checked before release (信息核实).
type Element string

// The elements.
const (
	ElemConsignor   Element = "CONSIGNOR"   // sender's name, phone, address
	ElemConsignee   Element = "CONSIGNEE"   // receiver's name and phone
	ElemDestination Element = "DESTINATION" // receiver's address
	ElemGoods       Element = "GOODS"       // name, quantity, weight, volume, value
	ElemService     Element = "SERVICE"     // service and required arrival
	ElemHandling    Element = "HANDLING"    // special handling and customer requests
)

// Elements lists every element an order needs verified, in the order they are checked.
var Elements = []Element{ElemConsignor, ElemConsignee, ElemDestination, ElemGoods, ElemService, ElemHandling}

// Verification records that a staff member confirmed one element.
type Verification struct {
	bun.BaseModel `bun:"table:order_verifications"`

	OrderID    string    `bun:"order_id,pk" json:"orderId"`
	Element    Element   `bun:"element,pk" json:"element"`
	VerifiedBy string    `bun:"verified_by" json:"verifiedBy"`
	VerifiedAt time.Time `bun:"verified_at" json:"verifiedAt"`
	Note       string    `bun:"note" json:"note"`
}

// HistoryKind says what an entry of an order's history records.
type HistoryKind string

// The kinds of history entry.
const (
	HistIntake        HistoryKind = "INTAKE"
	HistVerify        HistoryKind = "VERIFY"
	HistRelease       HistoryKind = "RELEASE"
	HistStage         HistoryKind = "STAGE"
	HistAddressChange HistoryKind = "ADDRESS_CHANGE"
	HistGoodsChange   HistoryKind = "GOODS_CHANGE"
	HistCancel        HistoryKind = "CANCEL"
	HistReveal        HistoryKind = "REVEAL"
	HistReturn        HistoryKind = "RETURN"
	HistReceipt       HistoryKind = "RECEIPT"
)

// HistoryEntry is one line of an order's full history. Changes requested by the
// customer carry the fixed-form remark; before and after snapshots keep the full data
// for audit and are never sent to clients.
type HistoryEntry struct {
	bun.BaseModel `bun:"table:order_history"`

	ID            string      `bun:"id,pk" json:"id"`
	OrderID       string      `bun:"order_id" json:"orderId"`
	Kind          HistoryKind `bun:"kind" json:"kind"`
	Action        string      `bun:"action" json:"action"`
	Remark        string      `bun:"remark" json:"remark"`
	ChangedFields string      `bun:"changed_fields" json:"changedFields"`
	BeforeJSON    string      `bun:"before_json" json:"-"`
	AfterJSON     string      `bun:"after_json" json:"-"`
	ActorID       string      `bun:"actor_id" json:"actorId"`
	ActorName     string      `bun:"actor_name" json:"actorName"`
	// TicketID is the after-sales ticket a shipped order's change or cancellation was
	// handed to; nil for other entries.
	TicketID  *string   `bun:"ticket_id" json:"ticketId"`
	CreatedAt time.Time `bun:"created_at" json:"createdAt"`
}
