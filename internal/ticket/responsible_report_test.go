package ticket_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/ticket"
)

func TestTheReportCountsTicketsByResponsiblePartyWithTheirCauses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		xuhui := w.staff["CS2002"].DepotID
		attribute := func(kind ticket.ResponsibleKind, name, unit, cause string) {
			tk := w.ticket()
			tk, _, err := w.svc.Restate(agent, w.key(), tk.ID, tk.Version, ticket.RestateInput{Problem: "客户确认:外箱破损", Cause: cause,
				ResponsibleKind: kind, ResponsibleName: name, ResponsibleUnitID: unit, Plan: "补发", PromisedAt: w.clock().Add(2 * time.Hour)})
			w.must(err)
			_, _, err = w.svc.Resolve(agent, w.key(), tk.ID, tk.Version, "已补发", "")
			w.must(err)
		}
		attribute(ticket.RespOtherParty, "顺丰速运", "", "装卸野蛮")
		attribute(ticket.RespOtherParty, "顺丰速运", "", "装卸野蛮")
		attribute(ticket.RespOtherParty, "顺丰速运", "", "包装不足")
		// A unit of ours counts as one party whatever name was written.
		attribute(ticket.RespBranch, "徐汇网点", xuhui, "分拣错误")
		attribute(ticket.RespBranch, "漕河泾网点", xuhui, "分拣错误")
		attribute(ticket.RespCustomer, "收件人", "", "地址错误")
		w.ticket() // not attributed yet

		_, err := w.svc.Report(agent, "2026-11-01", "2026-11-30", "")
		wantCode(t, err, apperr.Forbidden)
		r, err := w.svc.Report(w.as("CS3001"), "2026-11-01", "2026-11-30", "")
		w.must(err)
		if r.Total != 7 {
			t.Fatalf("total %d, want 7", r.Total)
		}
		kinds := map[string]int{}
		for _, c := range r.ByResponsibleKind {
			kinds[c.Key] = c.Count
		}
		if kinds["OTHER_PARTY"] != 3 || kinds["BRANCH"] != 2 || kinds["CUSTOMER"] != 1 || kinds[""] != 1 || len(kinds) != 4 ||
			r.ByResponsibleKind[0].Key != "OTHER_PARTY" {
			t.Errorf("by kind of party: %+v", r.ByResponsibleKind)
		}
		if len(r.ByResponsibleParty) != 4 {
			t.Fatalf("parties: %+v", r.ByResponsibleParty)
		}
		weakest := r.ByResponsibleParty[0]
		if weakest.Kind != ticket.RespOtherParty || weakest.Name != "顺丰速运" || weakest.Count != 3 ||
			len(weakest.Causes) != 2 || weakest.Causes[0] != (ticket.Count{Key: "装卸野蛮", Count: 2}) || weakest.Causes[1] != (ticket.Count{Key: "包装不足", Count: 1}) {
			t.Errorf("the weakest link first, with its causes: %+v", weakest)
		}
		branch := r.ByResponsibleParty[1]
		if branch.Kind != ticket.RespBranch || branch.UnitID != xuhui || branch.Count != 2 || len(branch.Causes) != 1 {
			t.Errorf("one unit of ours, two spellings: %+v", branch)
		}
		unattributed := 0
		for _, p := range r.ByResponsibleParty[2:] {
			if p.Kind == "" && p.Name == "" && p.Count == 1 {
				unattributed++
			}
		}
		if unattributed != 1 {
			t.Errorf("the tickets not attributed yet are a party of their own: %+v", r.ByResponsibleParty)
		}

		// A supervisor's report covers only their depot's tickets.
		other, err := w.svc.Report(w.as("CS2002"), "2026-11-01", "2026-11-30", "")
		w.must(err)
		if other.Total != 0 || len(other.ByResponsibleParty) != 0 {
			t.Errorf("another depot's supervisor sees %+v", other.ByResponsibleParty)
		}
	})
}
