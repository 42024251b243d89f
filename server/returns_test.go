package main

import (
	"testing"
	"time"
)

const openReturn = `mutation($in: OpenOrderReturnInput!) { openOrderReturn(input: $in) { replayed remark orderReturn {
  kind reason returnLegPayer replacementLegPayer photoRefs
  returnOrder { waybillNo state consignee { phoneMasked } returnOf { id } }
  replacementOrder { waybillNo consignee { phoneMasked } } } } }`

func TestReturnsAndExchanges(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		signed := func() map[string]any {
			o := s.releaseOrder(agent, s.intake(agent, orderInput()))
			s.post(recordEvents, map[string]any{"events": []any{
				ev(key(), o["waybillNo"].(string), "SIGNED", time.Now().Add(-time.Hour), "signerName", "刘女士")}}, withToken(agent)).must(t)
			return s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { id version } }`, map[string]any{"w": o["waybillNo"]}, withToken(agent)).
				must(t).path("orderByWaybill").(map[string]any)
		}
		req := func(o map[string]any, kind, reason string, intact bool, photos []string) map[string]any {
			return map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": o["id"], "expectedVersion": o["version"],
				"kind": kind, "reason": reason, "description": "衣服有破洞", "parcelIntact": intact, "photoRefs": photos}}
		}
		travelling := s.releaseOrder(agent, s.intake(agent, orderInput()))
		o := signed()
		cases := []struct {
			name string
			in   map[string]any
			code string
		}{
			{"a parcel not yet signed for cannot be returned", req(travelling, "RETURN", "OTHER", true, nil), "RETURN_NOT_DELIVERED"},
			{"a parcel that cannot come back intact is refused", req(o, "RETURN", "OTHER", false, nil), "RETURN_PARCEL_NOT_INTACT"},
			{"a quality claim without photos is refused", req(o, "RETURN", "QUALITY", true, nil), "RETURN_PHOTO_REQUIRED"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if r := s.post(openReturn, c.in, withToken(agent)); r.Code() != c.code {
					t.Errorf("code %q, want %s: %s", r.Code(), c.code, r.Raw)
				}
			})
		}

		// A quality exchange: company pays both ways; return and replacement waybills are linked.
		in := req(o, "EXCHANGE", "QUALITY", true, []string{"photos/2026/11/a.jpg", "photos/2026/11/b.jpg"})
		r := s.post(openReturn, in, withToken(agent)).must(t)
		ret := r.path("openOrderReturn", "orderReturn").(map[string]any)
		if ret["returnLegPayer"] != "COMPANY" || ret["replacementLegPayer"] != "COMPANY" || len(ret["photoRefs"].([]any)) != 2 {
			t.Errorf("quality exchange: %s", r.Raw)
		}
		back := ret["returnOrder"].(map[string]any)
		if back["consignee"].(map[string]any)["phoneMasked"] != "138****5678" || back["returnOf"].(map[string]any)["id"] != o["id"] || back["state"] != "RELEASED" {
			t.Errorf("the return waybill goes back to the sender and links the original: %v", back)
		}
		if ret["replacementOrder"].(map[string]any)["consignee"].(map[string]any)["phoneMasked"] != "0571-****4321" {
			t.Errorf("the replacement goes to the receiver: %v", ret["replacementOrder"])
		}
		if rm := r.path("openOrderReturn", "remark").(string); rm == "" || rm[:len("客户要求换货")] != "客户要求换货" {
			t.Errorf("remark: %q", rm)
		}
		if r := s.post(openReturn, in, withToken(agent)).must(t); r.path("openOrderReturn", "replayed") != true {
			t.Errorf("a retried request is a replay: %s", r.Raw)
		}
		if r := s.post(openReturn, req(o, "RETURN", "OTHER", true, nil), withToken(agent)); r.Code() != "RETURN_ALREADY_OPEN" {
			t.Errorf("second return: %s", r.Raw)
		}

		// Any other reason: the customer pays the return leg.
		r = s.post(openReturn, req(signed(), "RETURN", "OTHER", true, nil), withToken(agent)).must(t)
		if r.path("openOrderReturn", "orderReturn", "returnLegPayer") != "CUSTOMER" || r.path("openOrderReturn", "orderReturn", "replacementLegPayer") != nil {
			t.Errorf("plain return: %s", r.Raw)
		}
	})
}
