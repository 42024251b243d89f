package main

import (
	"strings"
	"testing"
)

// Over GraphQL: kerosene (煤油) is refused naming the rule, a power bank is taken and
// flagged for verification with the rule, only an administrator edits the catalogue
// (FORBIDDEN for an agent or a supervisor), and an entry an administrator adds applies
// from the next intake.
func TestDangerousGoodsAreRefusedOrFlaggedByNameAndOnlyAdminsEditTheCatalogue(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		sup, _ := s.login("CS2001")
		admin, _ := s.login("CS9001")
		take := func(goods string) *gqlResult {
			in := orderInput()
			in["goods"].(map[string]any)["name"] = goods
			return s.post(`mutation($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id goodsFlag } } }`, map[string]any{"in": in}, withToken(agent))
		}
		r := take("航空煤油 1 升")
		if r.Code() != "DANGEROUS_GOODS_REFUSED" {
			t.Fatalf("kerosene: %.300s", r.Raw)
		}
		if rule, _ := r.Errors[0].Extensions["rule"].(string); !strings.Contains(rule, "《禁止寄递物品管理规定》") || !strings.Contains(rule, "易燃液体") {
			t.Errorf("kerosene refused without naming the rule: %v", r.Errors[0].Extensions)
		}
		if r.Errors[0].Extensions["item"] != "煤油" || !strings.Contains(r.Errors[0].Message, "煤油") {
			t.Errorf("the refusal names the item: %.300s", r.Raw)
		}
		flag, _ := take("充电宝 10000mAh").must(t).path("intakeOrder", "order", "goodsFlag").(string)
		if !strings.Contains(flag, "锂电池") || !strings.Contains(flag, "《禁止寄递物品管理规定》") {
			t.Errorf("a power bank is flagged for verification naming the rule: %q", flag)
		}
		if f := take("茶具").must(t).path("intakeOrder", "order", "goodsFlag"); f != nil && f != "" {
			t.Errorf("a tea set is flagged: %v", f)
		}

		const save = `mutation($in: SaveDangerousGoodsEntryInput!) { saveDangerousGoodsEntry(input: $in) { entry { id name synonyms handling rule version } } }`
		entry := map[string]any{"idempotencyKey": key(), "category": "TOXIC", "name": "樟脑丸", "synonyms": []string{"卫生球"}, "handling": "PROHIBITED", "rule": "毒性物品"}
		for who, tok := range map[string]string{"an agent": agent, "a supervisor": sup} {
			if r := s.post(save, map[string]any{"in": entry}, withToken(tok)); r.Code() != "FORBIDDEN" {
				t.Errorf("%s edits the catalogue: %.300s", who, r.Raw)
			}
		}
		if r := take("卫生球 两盒"); r.Code() != "" {
			t.Fatalf("before the entry: %.300s", r.Raw)
		}
		s.post(save, map[string]any{"in": entry}, withToken(admin)).must(t)
		if r := take("卫生球 两盒"); r.Code() != "DANGEROUS_GOODS_REFUSED" || r.Errors[0].Extensions["item"] != "樟脑丸" {
			t.Errorf("after the administrator's entry: %.300s", r.Raw)
		}
	})
}
