package graph

import (
	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tariff"
)

// recommendationTexts say why an option is recommended, in both languages.
var recommendationTexts = map[tariff.Reason]apperr.Message{
	tariff.CheapestMeetingDeadline: {ZH: "能按时送达的服务中最便宜", EN: "The cheapest that arrives in time"},
	tariff.Cheapest:                {ZH: "未指定送达日期,推荐最便宜的服务", EN: "No deadline given: the cheapest"},
	tariff.FastestMissingDeadline:  {ZH: "没有服务能按时送达,推荐最快的服务", EN: "None arrives in time: the fastest"},
}

// quoteRequest converts a quote as typed to exact units: grams, millimetres, fen. The
// weight and the sides are checked before they are converted (see order.WeightGrams and
// tariff.Millimetres); the service checks the rest.
func quoteRequest(in model.QuoteInput) (tariff.QuoteRequest, error) {
	const op = "tariff.Quote"
	r := tariff.QuoteRequest{GoodsName: in.GoodsName, NeededBy: deref(in.NeededBy), Parcel: tariff.Parcel{
		Fragile: deref(in.Fragile), KeepUpright: deref(in.KeepUpright), Insured: deref(in.Insured),
		ReceiptReturn: deref(in.ReceiptReturn), TimeSlot: deref(in.TimeSlot)}}
	var err error
	if r.Parcel.WeightGrams, err = order.WeightGrams(op, "weightKg", in.WeightKg); err != nil {
		return r, err
	}
	for _, side := range []struct {
		mm *int64
		cm *float64
	}{{&r.Parcel.LengthMm, in.LengthCm}, {&r.Parcel.WidthMm, in.WidthCm}, {&r.Parcel.HeightMm, in.HeightCm}} {
		if *side.mm, err = tariff.Millimetres(op, side.cm); err != nil {
			return r, err
		}
	}
	if in.DeclaredValueFen != nil {
		r.Parcel.DeclaredValueFen = int64(*in.DeclaredValueFen)
	}
	if in.Origin != nil {
		r.Origin = *in.Origin
	}
	if in.Destination != nil {
		r.Destination = *in.Destination
	}
	return r, nil
}
