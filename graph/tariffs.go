package graph

import (
	"math"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/tariff"
)

// recommendationTexts say why an option is recommended, in both languages.
var recommendationTexts = map[tariff.Reason]apperr.Message{
	tariff.CheapestMeetingDeadline: {ZH: "能按时送达的服务中最便宜", EN: "The cheapest that arrives in time"},
	tariff.Cheapest:                {ZH: "未指定送达日期,推荐最便宜的服务", EN: "No deadline given: the cheapest"},
	tariff.FastestMissingDeadline:  {ZH: "没有服务能按时送达,推荐最快的服务", EN: "None arrives in time: the fastest"},
}

// mm converts centimetres as typed to whole millimetres.
func mm(cm *float64) int64 {
	if cm == nil || math.IsNaN(*cm) || math.IsInf(*cm, 0) {
		return 0
	}
	return int64(math.Round(*cm * 10))
}

func quoteRequest(in model.QuoteInput) tariff.QuoteRequest {
	r := tariff.QuoteRequest{GoodsName: in.GoodsName, NeededBy: deref(in.NeededBy), Parcel: tariff.Parcel{
		LengthMm: mm(in.LengthCm), WidthMm: mm(in.WidthCm), HeightMm: mm(in.HeightCm),
		Fragile: deref(in.Fragile), KeepUpright: deref(in.KeepUpright), Insured: deref(in.Insured),
		ReceiptReturn: deref(in.ReceiptReturn), TimeSlot: deref(in.TimeSlot)}}
	if !math.IsNaN(in.WeightKg) && !math.IsInf(in.WeightKg, 0) && in.WeightKg > 0 {
		r.Parcel.WeightGrams = max(1, int64(math.Round(in.WeightKg*1000)))
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
	return r
}
