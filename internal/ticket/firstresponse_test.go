package ticket_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

func TestAnAutomaticEscalationIsNotTheFirstResponse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent, sup := w.as("CS1001"), w.as("CS2001")
		tk := w.ticket()
		depot := w.staff["CS1001"].DepotID
		w.advance(25 * time.Hour)
		n, err := w.svc.EscalateOverdue(agent, w.clock())
		w.must(err)
		if n != 1 {
			t.Fatalf("the unanswered ticket is escalated automatically, got %d", n)
		}
		got, err := w.svc.Get(agent, tk.ID)
		w.must(err)
		if got.FirstRespondedAt != nil {
			t.Fatalf("the scheduler's escalation answered nobody, first response at %v", got.FirstRespondedAt)
		}
		r, err := w.svc.Report(sup, "2026-11-10", "2026-11-10", depot)
		w.must(err)
		if r.MedianFirstResponse != nil || r.FirstResponseCompliance == nil || *r.FirstResponseCompliance != 0 {
			t.Fatalf("report after the breach: median %v, compliance %v; want no response and 0%% met", r.MedianFirstResponse, r.FirstResponseCompliance)
		}

		// The agent's answer an hour later is the first response.
		w.advance(time.Hour)
		_, _, err = w.svc.AddComment(agent, w.key(), tk.ID, "已致电客户,正在核实破损情况", nil, "")
		w.must(err)
		got, err = w.svc.Get(agent, tk.ID)
		w.must(err)
		if got.FirstRespondedAt == nil || !got.FirstRespondedAt.Equal(w.clock()) {
			t.Fatalf("the agent's answer is the first response: %v, want %v", got.FirstRespondedAt, w.clock())
		}
		r, err = w.svc.Report(sup, "2026-11-10", "2026-11-10", depot)
		w.must(err)
		if r.MedianFirstResponse == nil || *r.MedianFirstResponse != 26*time.Hour || *r.FirstResponseCompliance != 0 {
			t.Fatalf("report after the answer: median %v, compliance %v; want 26h and 0%% met", r.MedianFirstResponse, r.FirstResponseCompliance)
		}
	})
}
