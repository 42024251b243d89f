package main

import (
	"testing"
	"time"

	"github.com/expresscs/cs/graph"
)

const openReturn = `mutation($in: OpenOrderReturnInput!) { openOrderReturn(input: $in) { replayed remark orderReturn {
  kind reason returnLegPayer replacementLegPayer photoRefs photos { id url uploadedBy { employeeNo } }
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
		p1 := s.upload(testPNG(t, 8), agent).must(t).path("uploadPhoto", "photo", "id").(string)
		p2 := s.upload(testPNG(t, 9), agent).must(t).path("uploadPhoto", "photo", "id").(string)
		in := req(o, "EXCHANGE", "QUALITY", true, []string{p2, p1})
		r := s.post(openReturn, in, withToken(agent)).must(t)
		ret := r.path("openOrderReturn", "orderReturn").(map[string]any)
		if ret["returnLegPayer"] != "COMPANY" || ret["replacementLegPayer"] != "COMPANY" {
			t.Errorf("quality exchange: %s", r.Raw)
		}
		if ph := ret["photos"].([]any); len(ph) != 2 || ph[0].(map[string]any)["id"] != p2 || ph[1].(map[string]any)["id"] != p1 {
			t.Errorf("the photos come back in the order given: %s", r.Raw)
		}
		if refs := ret["photoRefs"].([]any); len(refs) != 2 || refs[0] != p2 {
			t.Errorf("the deprecated photoRefs lists the photos' ids: %v", refs)
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

func TestReturnPhotosMustBeTheCallersOwn(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		colleague, _ := s.login("CS1002")
		o := s.releaseOrder(agent, s.intake(agent, orderInput()))
		wb := o["waybillNo"].(string)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "SIGNED", time.Now().Add(-time.Hour), "signerName", "刘女士")}}, withToken(agent)).must(t)
		const detail = `query($w: String!) { orderByWaybill(waybillNo: $w) { id version returnRequest { kind } history { kind } } }`
		before := s.post(detail, map[string]any{"w": wb}, withToken(agent)).must(t).path("orderByWaybill").(map[string]any)
		open := func(tok string, photos ...string) *gqlResult {
			return s.post(openReturn, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": before["id"], "expectedVersion": before["version"],
				"kind": "RETURN", "reason": "QUALITY", "description": "外壳碎裂", "parcelIntact": true, "photoRefs": photos}}, withToken(tok))
		}
		mine := s.upload(testPNG(t, 10), agent).must(t).path("uploadPhoto", "photo", "id").(string)
		theirs := s.upload(testPNG(t, 11), colleague).must(t).path("uploadPhoto", "photo", "id").(string)

		r := open(agent, mine, theirs)
		if r.Code() != "NOT_FOUND" || r.Errors[0].Extensions["photoId"] == nil {
			t.Errorf("a colleague's photo is refused: %s", r.Raw)
		}
		if r := open(agent, "photos/2026/11/a.jpg"); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("a free-form reference is no longer a photo: %s", r.Raw)
		}
		if r := open(agent, graph.GlobalID("Order", "x")); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("another kind of id is not a photo: %s", r.Raw)
		}
		after := s.post(detail, map[string]any{"w": wb}, withToken(agent)).must(t).path("orderByWaybill").(map[string]any)
		if after["returnRequest"] != nil || after["version"] != before["version"] || len(after["history"].([]any)) != len(before["history"].([]any)) {
			t.Errorf("a refused return writes nothing: before %v, after %v", before, after)
		}

		open(agent, mine).must(t)
		// The colleague may see the order, so they see its return's photos, though they
		// could not list the agent's photos themselves.
		const photos = `query($w: String!) { orderByWaybill(waybillNo: $w) { returnRequest { photos { id url } } } }`
		r = s.post(photos, map[string]any{"w": wb}, withToken(colleague)).must(t)
		ph := r.path("orderByWaybill", "returnRequest", "photos").([]any)
		if len(ph) != 1 || ph[0].(map[string]any)["id"] != mine {
			t.Fatalf("photos of the return: %s", r.Raw)
		}
		if rec := s.get(ph[0].(map[string]any)["url"].(string)); rec.Code != 200 {
			t.Errorf("the signed URL serves the photo: %d", rec.Code)
		}
		if r := s.post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": mine}, withToken(colleague)); r.path("node") != nil {
			t.Errorf("the photo itself stays private outside the return: %s", r.Raw)
		}
	})
}

func TestReturnPhotosLoadInBatch(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		const list = `{ orders(first: 50) { edges { node { returnRequest { photos { id url } } } } } }`
		returned := func(n int) {
			for i := 0; i < n; i++ {
				o := s.releaseOrder(agent, s.intake(agent, orderInput()))
				wb := o["waybillNo"].(string)
				s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "SIGNED", time.Now().Add(-time.Hour), "signerName", "刘女士")}}, withToken(agent)).must(t)
				got := s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { id version } }`, map[string]any{"w": wb}, withToken(agent)).must(t).path("orderByWaybill").(map[string]any)
				ph := s.upload(testPNG(t, 12+i), agent).must(t).path("uploadPhoto", "photo", "id").(string)
				s.post(openReturn, map[string]any{"in": map[string]any{"idempotencyKey": key(), "orderId": got["id"], "expectedVersion": got["version"],
					"kind": "RETURN", "reason": "QUALITY", "description": "外壳碎裂", "parcelIntact": true, "photoRefs": []string{ph}}}, withToken(agent)).must(t)
			}
		}
		returned(2)
		// The counts are compared exactly: load must not split a batch (exact).
		few := s.post(list, nil, withToken(agent), exact).must(t)
		returned(6)
		many := s.post(list, nil, withToken(agent), exact).must(t)
		if few.Statements != many.Statements {
			t.Errorf("statements: %d with 2 returns, %d with 8; want the same", few.Statements, many.Statements)
		}
		n := 0
		for _, e := range many.path("orders", "edges").([]any) {
			if rr := e.(map[string]any)["node"].(map[string]any)["returnRequest"]; rr != nil {
				n += len(rr.(map[string]any)["photos"].([]any))
			}
		}
		if n != 8 {
			t.Errorf("photos listed: %d, want 8", n)
		}
	})
}
