package main

import (
	"strings"
	"testing"
	"time"
)

// TestPartnersCannotSelectStaffOrTheOrganisation: a partner's operation that selects a
// staff member anywhere (a return photo's uploader, a fragment on Staff, me) or walks the
// organisation tree from its order's depot (parent, children; through a fragment; 30
// aliases) is refused as a whole with FORBIDDEN naming the field, and reads nothing; the
// same selections answer staff, and the partner's own fields, its order's depot among
// them, still answer it.
func TestPartnersCannotSelectStaffOrTheOrganisation(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		agent, _ := s.login("CS1001")
		_, secret := s.newClient(admin, map[string]any{"name": "隐藏测试商户", "clientId": "hidden-shop", "scopes": []string{"orders:read", "tracking:read"}})
		partner, _ := s.partnerToken("hidden-shop", secret)
		o := s.releaseOrder(agent, s.intake(agent, with(orderInput(), "hidden-shop", "partnerClientId")))
		wb := o["waybillNo"].(string)
		s.post(recordEvents, map[string]any{"events": []any{ev(key(), wb, "PICKED_UP", time.Now().Add(-time.Hour))}}, withToken(agent)).must(t)
		me := s.post(`{ me { id } }`, nil, withToken(agent)).must(t).path("me", "id").(string)

		aliases := ""
		for i := range 30 {
			aliases += " d" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": depot { parent { name } }"
		}
		for _, c := range []struct {
			name, query, field string
			vars               map[string]any
		}{
			{"the tree above the order's depot", `query($w: String!) { orderByWaybill(waybillNo: $w) { depot { code parent { parent { name children { code } } } } } }`, "OrgUnit.parent", nil},
			{"the units beside it", `query($w: String!) { orderByWaybill(waybillNo: $w) { depot { children { code } } } }`, "OrgUnit.children", nil},
			{"a return photo's uploader", `query($w: String!) { orderByWaybill(waybillNo: $w) { returnRequest { photos { url uploadedBy { name employeeNo phoneMasked } } } } }`, "Photo.uploadedBy", nil},
			{"through a fragment", `query($w: String!) { orders(first: 5) { edges { node { ...F } } } orderByWaybill(waybillNo: $w) { id } } fragment F on Order { waybillNo depot { parent { code } } }`, "OrgUnit.parent", nil},
			{"30 aliases", `query($w: String!) { orderByWaybill(waybillNo: $w) {` + aliases + ` } }`, "OrgUnit.parent", nil},
			{"a staff member by id", `query($id: ID!, $w: String!) { orderByWaybill(waybillNo: $w) { id } node(id: $id) { id ... on Staff { name } } }`, "Staff", map[string]any{"id": me}},
			{"me", `query($w: String!) { orderByWaybill(waybillNo: $w) { id } me { name } }`, "Query.me", nil},
		} {
			vars := map[string]any{"w": wb}
			for k, v := range c.vars {
				vars[k] = v
			}
			r := s.post(c.query, vars, withToken(partner))
			if r.Code() != "FORBIDDEN" || r.Errors[0].Extensions["field"] != c.field || len(r.Errors) != 1 || r.Data != nil {
				t.Errorf("partner, %s: %s", c.name, r.Raw)
			}
			if strings.Contains(r.Raw, "上海") || strings.Contains(r.Raw, "CS1001") {
				t.Errorf("partner, %s: the refusal shows data: %s", c.name, r.Raw)
			}
		}
		if r := s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo returnRequest { photos { uploadedBy { name } } } } }`, map[string]any{"w": wb}, withToken(partner),
			withHeader("Accept-Language", "en")); r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "staff or organisation") {
			t.Errorf("partner, in English: %s", r.Raw)
		}

		// Staff are not checked: the same selections answer them.
		r := s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo depot { name parent { name } } } }`, map[string]any{"w": wb}, withToken(agent)).must(t)
		if r.path("orderByWaybill", "depot", "name") != "上海浦东张江网点" {
			t.Errorf("staff, the order's depot: %s", r.Raw)
		}
		// The partner's own fields still answer it, its order's depot among them.
		r = s.post(`query($w: String!) { orderByWaybill(waybillNo: $w) { waybillNo trackingStatus trackingEvents { status } returnRequest { photos { url } }
			depot { code name } } orders(first: 5) { edges { node { id waybillNo } } } }`, map[string]any{"w": wb}, withToken(partner)).must(t)
		if r.path("orderByWaybill", "trackingStatus") != "PICKED_UP" || len(r.path("orders", "edges").([]any)) != 1 || r.path("orderByWaybill", "depot", "code") != "SH-PD-01" {
			t.Errorf("partner, its own fields: %s", r.Raw)
		}
	})
}
