package order_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/ticket"
	"github.com/expresscs/cs/internal/tracking"
)

// shipped takes, verifies and releases an order as CS1001 and records its pick-up scan,
// which ships it; the world's orders hand shipped changes to a ticket desk.
func (w *world) shipped() *order.Order {
	w.t.Helper()
	w.orders.AfterSales = &ticket.Service{DB: w.d, Orders: w.orders, Roster: &roster.Service{DB: w.d, Zone: shanghai, Now: w.clock}, Zone: shanghai, Now: w.clock}
	ctx := w.as("CS1001")
	o, err := w.take(intake())
	w.must(err)
	out, _, err := w.orders.Verify(ctx, w.key(), o.ID, o.Version, order.Elements, "")
	w.must(err)
	_, _, err = w.orders.Release(ctx, w.key(), o.ID, out.Order.Version)
	w.must(err)
	tr := &tracking.Service{DB: w.d, Zone: shanghai, Now: w.clock}
	rs, err := tr.RecordEvents(ctx, []tracking.EventInput{{EventKey: w.key(), WaybillNo: o.WaybillNo, Status: tracking.PickedUp,
		OccurredAt: w.clock().Add(-time.Minute), Place: "上海浦东张江网点", ScannedBy: "PDA-07"}})
	w.must(err)
	if rs[0].Outcome != tracking.Accepted {
		w.t.Fatalf("pick-up: %s %v", rs[0].Outcome, rs[0].Err)
	}
	back := new(order.Order)
	w.must(w.d.R.NewSelect().Model(back).Where("id = ?", o.ID).Scan(context.Background()))
	if back.Stage != order.Shipped {
		w.t.Fatalf("stage %s after pick-up", back.Stage)
	}
	return back
}

// A shipped order's cancellation or change is not dropped: it opens an after-sales
// ticket linked to the order, with the customer and their request, owned by the agent
// who took it and with the SLA; the history entry links to it; a retry opens no second
// ticket; the order itself is unchanged.
func TestShippedOrdersChangeOrCancellationOpensAnAfterSalesTicket(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		o := w.shipped()
		agent := w.staff["CS1001"]

		key := w.key()
		out, _, err := w.orders.Cancel(w.as("CS1001"), key, o.ID, o.Version, "客户不要了")
		w.must(err)
		if out.Action != order.ActAfterSales || out.AfterSalesTicketID == "" {
			t.Fatalf("cancel of a shipped order: action %s, ticket %q", out.Action, out.AfterSalesTicketID)
		}
		tk := new(ticket.Ticket)
		w.must(d.R.NewSelect().Model(tk).Where("id = ?", out.AfterSalesTicketID).Scan(ctx))
		switch {
		case tk.OrderID == nil || *tk.OrderID != o.ID || tk.WaybillNo != o.WaybillNo:
			t.Errorf("ticket not linked to the order: %+v", tk)
		case tk.AssigneeID == nil || *tk.AssigneeID != agent.ID:
			t.Errorf("ticket has no owner: %v", tk.AssigneeID)
		case !strings.Contains(tk.Summary, "客户不要了") || !strings.Contains(tk.Summary, "取消订单"):
			t.Errorf("summary lacks the customer's request: %q", tk.Summary)
		case tk.CustomerName != o.Consignor.Name || tk.CustomerPhone != o.Consignor.Phone:
			t.Errorf("customer: %s %s", tk.CustomerName, tk.CustomerPhone)
		case tk.State != ticket.New || tk.DepotID != o.DepotID:
			t.Errorf("state %s depot %s", tk.State, tk.DepotID)
		case !tk.ResolutionDueAt.After(w.clock()) || tk.ResolutionMinutes == 0 || tk.FirstResponseMinutes == 0:
			t.Errorf("no SLA: %+v", tk)
		}
		var hist []*order.HistoryEntry
		w.must(d.R.NewSelect().Model(&hist).Where("order_id = ? AND kind = ?", o.ID, order.HistCancel).Scan(ctx))
		if len(hist) != 1 || hist[0].TicketID == nil || *hist[0].TicketID != tk.ID {
			t.Fatalf("history does not link to the ticket: %+v", hist)
		}
		back := new(order.Order)
		w.must(d.R.NewSelect().Model(back).Where("id = ?", o.ID).Scan(ctx))
		if back.State == order.Cancelled || back.Version != o.Version {
			t.Errorf("a shipped order is recalled by after-sales, not voided here: %s v%d", back.State, back.Version)
		}

		// A retry returns the same ticket and opens no other.
		again, replayed, err := w.orders.Cancel(w.as("CS1001"), key, o.ID, o.Version, "客户不要了")
		w.must(err)
		if !replayed || again.AfterSalesTicketID != tk.ID {
			t.Errorf("retry: replayed %v ticket %s", replayed, again.AfterSalesTicketID)
		}
		n, err := d.R.NewSelect().Model((*ticket.Ticket)(nil)).Where("order_id = ?", o.ID).Count(ctx)
		w.must(err)
		if n != 1 {
			t.Errorf("%d tickets after a retry, want 1", n)
		}

		// An address change of a shipped order is handed over the same way.
		c := o.Consignee
		c.Detail = "文三路 300 号"
		out, _, err = w.orders.ChangeAddress(w.as("CS1001"), w.key(), o.ID, o.Version, c)
		w.must(err)
		if out.Action != order.ActAfterSales || out.AfterSalesTicketID == "" || out.AfterSalesTicketID == tk.ID {
			t.Fatalf("address change of a shipped order: %s %q", out.Action, out.AfterSalesTicketID)
		}
		hist = nil
		w.must(d.R.NewSelect().Model(&hist).Where("order_id = ? AND kind = ?", o.ID, order.HistAddressChange).Scan(ctx))
		if len(hist) != 1 || hist[0].TicketID == nil || *hist[0].TicketID != out.AfterSalesTicketID {
			t.Fatalf("address change history: %+v", hist)
		}
	})
}
