package order_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

// An order's contact revealed is audited by identity in the reveal's transaction, and
// the audit export names each order by its waybill, asked of order in one statement
// however many orders it lists (identity.Service.Waybills).
func TestTheRevealAuditExportNamesEachRevealedOrderByItsWaybill(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		waybills := map[string]bool{}
		for _, role := range []order.PartyRole{order.RoleConsignor, order.RoleConsignee} {
			o, err := w.take(intake())
			w.must(err)
			_, err = w.orders.RevealContact(agent, o.ID, role, "客户来电核对地址")
			w.must(err)
			waybills[o.WaybillNo] = true
		}

		_, err := w.ids.ContactRevealsCSV(agent, identity.RevealFilter{}, shanghai)
		wantCode(t, err, apperr.Internal) // without the look-up the export is refused, not left blank

		w.ids.Waybills = order.WaybillsByID
		var n db.StatementCounter
		out, err := w.ids.ContactRevealsCSV(db.WithStatementCounter(agent, &n), identity.RevealFilter{}, shanghai)
		w.must(err)
		if n.Count() != 3 {
			t.Errorf("the export ran %d statements, want 3 (the entries, the people, the orders)", n.Count())
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
		w.must(err)
		if len(rows) != 3 {
			t.Fatalf("a header and two reveals: %q", rows)
		}
		for _, r := range rows[1:] {
			if r[3] != "订单联系人 Order contact" || !waybills[r[4]] || r[1] != "CS1001" || r[6] != "客户来电核对地址" {
				t.Errorf("a reveal's row: %q", r)
			}
			delete(waybills, r[4])
		}
		if len(waybills) != 0 {
			t.Errorf("orders not named: %v", waybills)
		}
	})
}
