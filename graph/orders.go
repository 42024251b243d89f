package graph

import (
	"context"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tracking"
)

// Mapping between the generated order inputs and the domain's.

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func partyInput(in *model.OrderContactInput) order.Party {
	if in == nil {
		return order.Party{}
	}
	return order.Party{Name: in.Name, Phone: in.Phone, Province: in.Province, City: in.City, District: in.District, Detail: in.Detail}
}

func goodsInput(in *model.GoodsInput) order.GoodsInput {
	if in == nil {
		return order.GoodsInput{}
	}
	g := order.GoodsInput{Name: in.Name, Quantity: in.Quantity, WeightKg: in.WeightKg, VolumeM3: in.VolumeM3}
	if in.DeclaredValueFen != nil {
		v := int64(*in.DeclaredValueFen)
		g.DeclaredValueFen = &v
	}
	return g
}

func intakeInput(in model.IntakeOrderInput) (order.IntakeInput, error) {
	out := order.IntakeInput{Consignor: partyInput(in.Consignor), Consignee: partyInput(in.Consignee),
		Goods: goodsInput(in.Goods), Service: in.Service, RequiredArrivalAt: in.RequiredArrivalAt,
		DangerousGoods: deref(in.DangerousGoods), PartnerClientID: deref(in.PartnerClientID), ReceiptReturn: deref(in.ReceiptReturn)}
	if in.QuoteID != nil {
		_, id, err := ParseGlobalID(*in.QuoteID, "Quote")
		if err != nil {
			return out, err
		}
		out.QuoteID = id
	}
	if h := in.Handling; h != nil {
		out.Handling = order.Handling{Fragile: deref(h.Fragile), KeepUpright: deref(h.KeepUpright), KeepDry: deref(h.KeepDry)}
	}
	if q := in.Requests; q != nil {
		out.Requests = order.Requests{InvoiceTitle: deref(q.InvoiceTitle), DeliveryWindowFrom: deref(q.DeliveryWindowFrom),
			DeliveryWindowTo: deref(q.DeliveryWindowTo), CardText: deref(q.CardText)}
	}
	return out, nil
}

func orderPayload(out *order.Outcome, replayed bool, err error) (*model.OrderPayload, error) {
	if err != nil {
		return nil, err
	}
	p := &model.OrderPayload{Order: out.Order, Replayed: replayed}
	if out.Action != "" {
		a, r := out.Action, out.Remark
		p.Action, p.Remark = &a, &r
	}
	return p, nil
}

// changePayload is orderPayload for the changes that may hand a shipped order to
// after-sales: the payload carries the ticket opened, loaded as the caller sees it.
func changePayload(ctx context.Context) func(out *order.Outcome, replayed bool, err error) (*model.OrderPayload, error) {
	return func(out *order.Outcome, replayed bool, err error) (*model.OrderPayload, error) {
		p, err := orderPayload(out, replayed, err)
		if err != nil || out.AfterSalesTicketID == "" {
			return p, err
		}
		p.AfterSalesTicket, err = LoadersFrom(ctx).TicketByID.Load(ctx, out.AfterSalesTicketID)
		return p, err
	}
}

// reasonOrNil renders an absent exception reason as null.
func reasonOrNil(r tracking.ExceptionReason) *tracking.ExceptionReason {
	if r == "" {
		return nil
	}
	return &r
}
