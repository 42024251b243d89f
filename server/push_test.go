package main

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/push"
)

// queuedPushes reads the push fan-out jobs in the queue: who gets which kind.
func queuedPushes(t *testing.T, s *testServer) map[string][]string {
	t.Helper()
	var args []string
	col := "args"
	if s.app.DB.Dialect == db.SQLite {
		col = "json(args)" // River keeps SQLite's args as JSONB
	}
	if err := s.app.DB.R.NewSelect().Table("river_job").ColumnExpr(col).Where("kind = ?", push.FanoutArgs{}.Kind()).
		OrderExpr("id").Scan(context.Background(), &args); err != nil {
		t.Fatal(err)
	}
	var staff []identity.Staff
	if err := s.app.DB.R.NewSelect().Model(&staff).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	no := map[string]string{}
	for _, st := range staff {
		no[st.ID] = st.EmployeeNo
	}
	out := map[string][]string{}
	for _, a := range args {
		var f push.FanoutArgs
		if err := json.Unmarshal([]byte(a), &f); err != nil {
			t.Fatal(err)
		}
		out[no[f.Message.StaffID]] = append(out[no[f.Message.StaffID]], f.Message.Kind)
	}
	return out
}

func TestTicketEscalationsAndHandoversArePushedToThePeopleConcerned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestServer(t, d)
		agent, _ := s.login("CS1001")
		tk := s.openTicket(agent)
		s.ticketWrite(agent, "escalateTicket", "EscalateTicketInput",
			map[string]any{"ticketId": tk["id"], "expectedVersion": tk["version"], "reason": "客户要求网点负责人处理"}).must(t)
		got := queuedPushes(t, s)
		if len(got["CS2001"]) != 1 || got["CS2001"][0] != "TICKET_ESCALATED" {
			t.Fatalf("an escalation is pushed to the depot's supervisor: %v", got)
		}
		if len(got["CS1001"]) != 0 {
			t.Fatalf("whoever escalated is not pushed: %v", got)
		}
		s.putOnDuty("CS2001", "CS1002")
		q := `mutation($in: HandOverTicketsInput!) { handOverTickets(input: $in) { tickets { id } } }`
		s.post(q, map[string]any{"in": map[string]any{"idempotencyKey": key(), "toStaffId": s.staffID("CS1002"), "note": "客户下午回电",
			"ticketIds": []string{tk["id"].(string)}}}, withToken(agent)).must(t)
		got = queuedPushes(t, s)
		if !slices.Contains(got["CS1002"], "TICKET_HANDED_OVER") {
			t.Fatalf("a handover is pushed to the colleague: %v", got)
		}
	})
}
