package order

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/text"
)

// ReturnKind says whether the customer returns the goods or exchanges them.
type ReturnKind string

// The kinds.
const (
	KindReturn   ReturnKind = "RETURN"   // 退货
	KindExchange ReturnKind = "EXCHANGE" // 换货: a replacement ships on a new waybill
)

// ReturnReason decides who pays.
type ReturnReason string

// The reasons.
const (
	ReasonQuality ReturnReason = "QUALITY" // 质量问题: photo proof; the company pays both ways
	ReasonOther   ReturnReason = "OTHER"   // any other reason: the customer pays the return leg
)

// Payer is who pays a leg's freight.
type Payer string

// The payers.
const (
	PayerCompany  Payer = "COMPANY"
	PayerCustomer Payer = "CUSTOMER"
)

// Return is a return or exchange of a delivered order, linked to the return waybill and,
// for an exchange, the replacement waybill.
type Return struct {
	bun.BaseModel `bun:"table:order_returns"`

	ID           string       `bun:"id,pk" json:"id"`
	OrderID      string       `bun:"order_id" json:"orderId"`
	Kind         ReturnKind   `bun:"kind" json:"kind"`
	Reason       ReturnReason `bun:"reason" json:"reason"`
	Description  string       `bun:"description" json:"description"`
	ParcelIntact bool         `bun:"parcel_intact" json:"parcelIntact"`
	PhotoRefsCSV string       `bun:"photo_refs" json:"photoRefs"` // free-form references of returns opened before photo uploads
	// PhotoIDs are the uploaded photos proving a quality problem (order_return_photos),
	// in the order given; ReturnsOf and OpenReturn fill them.
	PhotoIDs            []string  `bun:"-" json:"photoIds"`
	ReturnLegPayer      Payer     `bun:"return_leg_payer" json:"returnLegPayer"`
	ReplacementLegPayer Payer     `bun:"replacement_leg_payer" json:"replacementLegPayer"` // "" for a plain return
	ReturnOrderID       string    `bun:"return_order_id" json:"returnOrderId"`
	ReplacementOrderID  *string   `bun:"replacement_order_id" json:"replacementOrderId"`
	OpenedBy            string    `bun:"opened_by" json:"openedBy"`
	OpenedAt            time.Time `bun:"opened_at" json:"openedAt"`
}

// PhotoRefs lists the free-form photo references of a return opened before photos were
// uploaded; newer returns have none and list their photos in PhotoIDs.
func (r *Return) PhotoRefs() []string {
	if r.PhotoRefsCSV == "" {
		return []string{}
	}
	return strings.Split(r.PhotoRefsCSV, ",")
}

// ReturnInput is what the agent records when the customer asks for a return or exchange.
type ReturnInput struct {
	Kind         ReturnKind
	Reason       ReturnReason
	Description  string
	ParcelIntact bool
	// PhotoIDs are ids of photos the caller uploaded (media.Photo), at most MaxReturnPhotos.
	PhotoIDs []string
}

// ReturnPhoto attaches an uploaded photo to a return as quality proof.
type ReturnPhoto struct {
	bun.BaseModel `bun:"table:order_return_photos"`

	ReturnID string `bun:"return_id,pk"`
	PhotoID  string `bun:"photo_id,pk"`
	Position int    `bun:"position"`
}

// MaxReturnPhotos is how many photos one return may carry.
const MaxReturnPhotos = 9

// returnDescription is the customer's problem in their words.
var returnDescription = text.Rule{Field: "description", Max: 500, Multiline: true}

// Payers applies the rule: a quality problem is the company's cost both ways; otherwise
// the customer pays the return leg, and the replacement of an exchange ships as usual.
func Payers(kind ReturnKind, reason ReturnReason) (returnLeg, replacementLeg Payer) {
	returnLeg = PayerCustomer
	if reason == ReasonQuality {
		returnLeg = PayerCompany
	}
	if kind == KindExchange {
		replacementLeg = PayerCompany
	}
	return returnLeg, replacementLeg
}

// OpenReturn opens a return or exchange of a signed-for order: it issues the return
// waybill (receiver and sender swapped) and, for an exchange, the replacement waybill,
// both released at once because their data is that of the verified original. Returns
// RETURN_NOT_DELIVERED before the parcel was signed for, RETURN_PARCEL_NOT_INTACT when
// the parcel cannot come back intact, RETURN_PHOTO_REQUIRED for a quality claim without
// photos, NOT_FOUND (extensions.photoId) when a photo is not one the caller uploaded
// (nothing is written then), RETURN_ALREADY_OPEN for a second request, ORDER_CANCELLED,
// CONFLICT, BAD_USER_INPUT.
func (s *Service) OpenReturn(ctx context.Context, key, orderID string, expectedVersion int, in ReturnInput) (*Outcome, bool, error) {
	const op = "order.OpenReturn"
	if in.Kind != KindReturn && in.Kind != KindExchange {
		return nil, false, apperr.Invalid(op, "kind", "请选择退货或换货", "Choose a return or an exchange")
	}
	if in.Reason != ReasonQuality && in.Reason != ReasonOther {
		return nil, false, apperr.Invalid(op, "reason", "请选择退换货原因", "Choose the reason")
	}
	var err error
	if in.Description, err = returnDescription.Clean(op, in.Description); err != nil {
		return nil, false, err
	}
	if len(in.PhotoIDs) > MaxReturnPhotos {
		return nil, false, apperr.Invalid(op, "photoRefs", fmt.Sprintf("照片最多 %d 张", MaxReturnPhotos), fmt.Sprintf("At most %d photos", MaxReturnPhotos))
	}
	if !in.ParcelIntact {
		return nil, false, apperr.E(op, apperr.ReturnParcelNotIntact)
	}
	if in.Reason == ReasonQuality && len(in.PhotoIDs) == 0 {
		return nil, false, apperr.E(op, apperr.ReturnPhotoRequired)
	}
	return s.mutate(ctx, op, key, orderID, expectedVersion, in, func(ctx context.Context, w *write) error {
		o := w.o
		switch {
		case o.State == Cancelled:
			return apperr.E(op, apperr.OrderCancelled)
		case o.TrackingStatus != "SIGNED":
			return apperr.E(op, apperr.ReturnNotDelivered)
		}
		if n, err := w.tx.NewSelect().Model((*Return)(nil)).Where("order_id = ?", o.ID).Count(ctx); err != nil || n > 0 {
			if err != nil {
				return err
			}
			return apperr.E(op, apperr.ReturnAlreadyOpen)
		}
		photos, err := media.OwnPhotos(ctx, w.tx, w.actorID, in.PhotoIDs)
		if err != nil {
			return err
		}
		back, err := s.issueLinked(ctx, w, o.Consignee, o.Consignor)
		if err != nil {
			return err
		}
		retLeg, replLeg := Payers(in.Kind, in.Reason)
		r := &Return{ID: uuid.Must(uuid.NewV7()).String(), OrderID: o.ID, Kind: in.Kind, Reason: in.Reason,
			Description: in.Description, ParcelIntact: true, PhotoIDs: []string{},
			ReturnLegPayer: retLeg, ReplacementLegPayer: replLeg, ReturnOrderID: back.ID, OpenedBy: w.actorID, OpenedAt: w.now}
		done := "生成退货运单 " + back.WaybillNo
		request := "退货"
		if in.Kind == KindExchange {
			repl, err := s.issueLinked(ctx, w, o.Consignor, o.Consignee)
			if err != nil {
				return err
			}
			r.ReplacementOrderID = &repl.ID
			done += "、换货运单 " + repl.WaybillNo
			request = "换货"
		}
		if _, err := w.tx.NewInsert().Model(r).Exec(ctx); err != nil {
			return err
		}
		if len(photos) > 0 {
			rows := make([]*ReturnPhoto, len(photos))
			for i, ph := range photos {
				rows[i] = &ReturnPhoto{ReturnID: r.ID, PhotoID: ph.ID, Position: i}
				r.PhotoIDs = append(r.PhotoIDs, ph.ID)
			}
			if _, err := w.tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
				return err
			}
		}
		w.out.Return = r
		w.out.Remark = fmt.Sprintf("客户要求%s(原因:%s),已%s — %s %s", request, in.Description, done, w.now.In(s.Zone).Format("2006-01-02"), w.actorName)
		return w.history(ctx, HistReturn, string(in.Kind), w.out.Remark, nil, nil, r)
	})
}

// issueLinked creates a released order for the same goods from sender to receiver,
// linked to the original, with its own history entry.
func (s *Service) issueLinked(ctx context.Context, w *write, from, to Party) (*Order, error) {
	o := w.o
	n := &Order{ID: uuid.Must(uuid.NewV7()).String(), WaybillNo: NewWaybillNo(), DepotID: o.DepotID,
		PartnerClientID: o.PartnerClientID, CreatedBy: w.actorID, Consignor: from, Consignee: to, Goods: o.Goods,
		Service: Standard, Handling: o.Handling, State: Released, Stage: NotPrinted, ReturnOfID: &o.ID,
		Version: 1, CreatedAt: w.now, UpdatedAt: w.now, ReleasedAt: &w.now}
	if o.Service == Insured {
		n.Service = Insured
	}
	n.ETA = PromisedArrival(n, w.now, s.Zone)
	if _, err := w.tx.NewInsert().Model(n).Exec(ctx); err != nil {
		return nil, err
	}
	return n, addHistory(ctx, w.tx, &HistoryEntry{OrderID: n.ID, Kind: HistIntake, Action: "LINKED",
		Remark: "", ChangedFields: "", ActorID: w.actorID, ActorName: w.actorName, CreatedAt: w.now}, nil, map[string]string{"originalOrderId": o.ID})
}

// ReturnsOf loads the returns opened on the given orders with their photo ids (for
// dataloaders): two statements whatever the number of orders.
func (s *Service) ReturnsOf(ctx context.Context, orderIDs []string) ([]*Return, error) {
	const op = "order.ReturnsOf"
	var out []*Return
	if err := s.DB.Lagging(ctx).NewSelect().Model(&out).Where("order_id IN (?)", bun.List(orderIDs)).Scan(ctx); err != nil || len(out) == 0 {
		return out, apperr.Wrap(op, err)
	}
	byID := make(map[string]*Return, len(out))
	ids := make([]string, len(out))
	for i, r := range out {
		r.PhotoIDs = []string{}
		byID[r.ID], ids[i] = r, r.ID
	}
	var photos []*ReturnPhoto
	if err := s.DB.Lagging(ctx).NewSelect().Model(&photos).Where("return_id IN (?)", bun.List(ids)).Order("return_id", "position").Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	for _, ph := range photos {
		r := byID[ph.ReturnID]
		r.PhotoIDs = append(r.PhotoIDs, ph.PhotoID)
	}
	return out, nil
}
