package ticket_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/ticket"
)

// The unit or person named responsible must be one of identity's, of the ticket's own
// organisation: an unknown one, or another carrier's, is refused on its field and the
// ticket keeps no restatement.
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
		otherUnit, otherPerson := w.otherOrganisation()
		refusals := []struct {
			name, unit, person, field string
		}{
			{"an unknown unit is refused", "no-such-unit", "", "responsibleUnitId"},
			{"an unknown person is refused", "", "no-such-person", "responsibleStaffId"},
			{"a known unit with an unknown person is refused", depot, "no-such-person", "responsibleStaffId"},
			{"another organisation's unit reads as unknown", otherUnit, "", "responsibleUnitId"},
			{"another organisation's person reads as unknown", depot, otherPerson, "responsibleStaffId"},
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

// otherOrganisation creates a second organisation (written straight through identity, after
// the request snapshots of the tree were taken) and returns its depot and one of its staff.
func (w *world) otherOrganisation() (unitID, staffID string) {
	w.t.Helper()
	ctx := context.Background()
	org, err := w.ids.CreateOrgUnit(ctx, w.d.W, identity.NewOrgUnit{Kind: identity.KindGroup, Code: "OT", Name: "另一集团", TimeZone: "Asia/Shanghai"})
	w.must(err)
	depot, err := w.ids.CreateOrgUnit(ctx, w.d.W, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "OT-01", Name: "另一网点", ParentID: &org.ID, TimeZone: "Asia/Shanghai"})
	w.must(err)
	st, err := w.ids.CreateStaff(ctx, w.d.W, identity.NewStaff{EmployeeNo: "OT1001", Name: "外部客服", Phone: "13900009002", DepotID: depot.ID,
		Roles: []identity.Role{identity.RoleAgent}, Password: "Demo@2026"})
	w.must(err)
	return depot.ID, st.ID
}
