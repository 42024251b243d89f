package main

import (
	"context"
	"testing"

	"github.com/expresscs/cs/graph"
)

func TestAResolvedTicketNamesACauseChosenFromTheTaxonomy(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		agent, _ := s.login("CS1001")
		var rough string
		for _, c := range s.post(`{ ticketCauses { id category name } }`, nil, withToken(agent)).must(t).path("ticketCauses").([]any) {
			if m := c.(map[string]any); m["category"] == "破损" && m["name"] == "装卸野蛮" {
				rough = m["id"].(string)
			}
		}
		if rough == "" {
			t.Fatal("the seeded taxonomy has 破损 → 装卸野蛮")
		}
		open := func(key string) (string, any) {
			r := s.post(`mutation($k: String!) { createTicket(input: {idempotencyKey: $k, kind: EXCEPTION, exceptionKind: DAMAGE, summary: "外箱破损", customerName: "陈先生", customerPhone: "13812345678"}) { ticket { id version } } }`,
				map[string]any{"k": key}, withToken(agent)).must(t)
			return r.path("createTicket", "ticket", "id").(string), r.path("createTicket", "ticket", "version")
		}
		const resolve = `mutation($t: ID!, $v: Int!, $c: String, $ci: ID, $k: String!) { resolveTicket(input: {idempotencyKey: $k, ticketId: $t, expectedVersion: $v, resolution: "已赔付", cause: $c, causeId: $ci}) { ticket { id } } }`
		id, v := open("cause-ticket-0001")
		if r := s.post(resolve, map[string]any{"t": id, "v": v, "c": "野蛮装卸", "ci": rough, "k": "cause-resolve-01"}, withToken(agent)); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("a written and a chosen cause at once: %s", r.Raw)
		}
		if r := s.post(resolve, map[string]any{"t": id, "v": v, "ci": "VGlja2V0Q2F1c2U6eA", "k": "cause-resolve-02"}, withToken(agent)); r.Code() != "NOT_FOUND" {
			t.Errorf("an unknown cause: %s", r.Raw)
		}
		s.post(resolve, map[string]any{"t": id, "v": v, "ci": rough, "k": "cause-resolve-03"}, withToken(agent)).must(t)
		_, key, err := graph.ParseGlobalID(id, "Ticket")
		if err != nil {
			t.Fatal(err)
		}
		var cause string
		if err := s.app.DB.R.NewSelect().TableExpr("tickets").Column("cause").Where("id = ?", key).Scan(context.Background(), &cause); err != nil {
			t.Fatal(err)
		}
		if cause != "装卸野蛮" {
			t.Errorf("the ticket records %q, want the taxonomy's 装卸野蛮", cause)
		}
	})
}
