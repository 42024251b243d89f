package ticket_test

import (
	"errors"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/ticket"
)

// The unit or person named responsible must be one of identity's: an unknown one is
// refused on its field and the ticket keeps no restatement.
func TestTheResponsiblePartyNamedMustExist(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		depot, lina := w.staff["CS2002"].DepotID, w.staff["CS1002"].ID
		restate := func(tk *ticket.Ticket, kind ticket.ResponsibleKind, unit, person string) (*ticket.Ticket, error) {
			tk, _, err := w.svc.Restate(agent, w.key(), tk.ID, tk.Version, ticket.RestateInput{Problem: "客户确认:外箱破损",
				ResponsibleKind: kind, ResponsibleName: "责任方", ResponsibleUnitID: unit, ResponsibleStaffID: person,
				Plan: "补发", PromisedAt: w.clock().Add(2 * time.Hour)})
			return tk, err
		}
		refusals := []struct {
			name, unit, person, field string
		}{
			{"an unknown unit is refused", "no-such-unit", "", "responsibleUnitId"},
			{"an unknown person is refused", "", "no-such-person", "responsibleStaffId"},
			{"a known unit with an unknown person is refused", depot, "no-such-person", "responsibleStaffId"},
		}
		tk := w.ticket()
		for _, c := range refusals {
			_, err := restate(tk, ticket.RespBranch, c.unit, c.person)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.BadUserInput || ae.Field != c.field {
				t.Errorf("%s: want BAD_USER_INPUT on %s, got %v", c.name, c.field, err)
			}
		}
		got, err := w.svc.TicketsByIDs(agent, []string{tk.ID})
		w.must(err)
		if len(got) != 1 || got[0].Version != tk.Version || got[0].ResponsibleUnitID != nil || got[0].ResponsibleStaffID != nil {
			t.Fatalf("a refused restatement changed the ticket: %+v", got)
		}

		tk, err = restate(tk, ticket.RespPerson, depot, lina)
		w.must(err)
		if tk.ResponsibleUnitID == nil || *tk.ResponsibleUnitID != depot || tk.ResponsibleStaffID == nil || *tk.ResponsibleStaffID != lina {
			t.Fatalf("the unit and person named are recorded: %+v", tk.Restatement)
		}
	})
}
