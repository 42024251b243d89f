package ticket_test

import (
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

func TestTicketsOfSomeoneWhoseShiftEndedAreAtRiskForTheSupervisor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		sup := w.as("CS2001")
		tk := w.ticket()
		w.onDuty("CS1002") // 09:00–18:00 on Nov 10; it is 10:00
		moved, _, err := w.svc.HandOver(w.as("CS1001"), w.key(), w.staff["CS1002"].ID, "客户下午回电,请跟进", nil)
		w.must(err)
		if len(moved) != 1 || moved[0].ID != tk.ID {
			t.Fatalf("handed over %d", len(moved))
		}
		risky, err := w.svc.AtRisk(sup, "")
		w.must(err)
		if len(risky) != 0 {
			t.Fatalf("a ticket whose owner is on duty is not at risk: %d", len(risky))
		}

		w.advance(9*time.Hour + 30*time.Minute) // 19:30, her shift ended at 18:00
		risky, err = w.svc.AtRisk(sup, "")
		w.must(err)
		if len(risky) != 1 || risky[0].Ticket.ID != tk.ID || risky[0].OwnerID != w.staff["CS1002"].ID ||
			!risky[0].ShiftEndedAt.Equal(time.Date(2026, 11, 10, 18, 0, 0, 0, shanghai)) {
			t.Fatalf("the ticket left with someone off shift is at risk, with her and her shift's end: %+v", risky)
		}
		if mgr, err := w.svc.AtRisk(w.as("CS3001"), w.staff["CS2001"].DepotID); err != nil || len(mgr) != 1 {
			t.Fatalf("the manager above the depot sees the at-risk queue: %d, %v", len(mgr), err)
		}
		for _, c := range []struct{ name, who, depot string }{
			{"an agent has no at-risk queue", "CS1001", ""},
			{"another depot's supervisor does not see this depot's", "CS2002", w.staff["CS2001"].DepotID},
			{"another branch's manager does not see this depot's", "CS3002", w.staff["CS2001"].DepotID},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.svc.AtRisk(w.as(c.who), c.depot)
				wantCode(t, err, apperr.Forbidden)
			})
		}
	})
}
