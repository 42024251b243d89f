package order_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// printed takes, verifies and releases an order as CS1001 and records its label printed.
func (w *world) printed() *order.Order {
	w.t.Helper()
	ctx := w.as("CS1001")
	o, err := w.take(intake())
	w.must(err)
	out, _, err := w.orders.Verify(ctx, w.key(), o.ID, o.Version, order.Elements, "")
	w.must(err)
	out, _, err = w.orders.Release(ctx, w.key(), o.ID, out.Order.Version)
	w.must(err)
	out, _, err = w.orders.AdvanceStage(ctx, w.key(), o.ID, out.Order.Version, order.Printed)
	w.must(err)
	return out.Order
}

// 打过单的要回发货单与快递单: a printed order is not voided by a plain cancellation; it is
// cancelled by its own action once the printed waybill and delivery slip are back, both
// confirmed, with its own remark.
func TestPrintedOrderIsCancelledOnlyOnceWaybillAndDeliverySlipAreBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		o := w.printed()

		_, _, err := w.orders.Cancel(ctx, w.key(), o.ID, o.Version, "客户不要了")
		wantCode(t, err, apperr.PrintedSlipsMustBeRetrieved)
		for _, got := range []order.Retrieved{{}, {Waybill: true}, {DeliverySlip: true}} {
			_, _, err := w.orders.CancelPrinted(ctx, w.key(), o.ID, o.Version, "客户不要了", got)
			e := wantCode(t, err, apperr.PrintedSlipsMustBeRetrieved)
			missing, _ := e.Extra["missing"].([]string)
			if got.Waybill == slices.Contains(missing, "waybill") || got.DeliverySlip == slices.Contains(missing, "deliverySlip") {
				t.Errorf("confirmed %+v: missing %v", got, missing)
			}
		}
		opts := order.ChangeOptions(o)
		if c := opts[2]; c.Kind != order.ChangeCancel || c.Action != order.ActVoidPrinted || c.Refusal != nil {
			t.Errorf("cancel option of a printed order: %+v", c)
		}

		out, _, err := w.orders.CancelPrinted(ctx, w.key(), o.ID, o.Version, "客户不要了", order.Retrieved{Waybill: true, DeliverySlip: true})
		w.must(err)
		if out.Action != order.ActVoidPrinted || out.Order.State != order.Cancelled ||
			!strings.Contains(out.Remark, "收回已打印的快递单和发货单") || !strings.Contains(out.Remark, "客户不要了") {
			t.Fatalf("cancel printed: %s %s %q", out.Action, out.Order.State, out.Remark)
		}
		var hist []*order.HistoryEntry
		w.must(d.R.NewSelect().Model(&hist).Where("order_id = ? AND kind = ?", o.ID, order.HistCancel).Scan(context.Background()))
		if len(hist) != 1 || hist[0].Action != string(order.ActVoidPrinted) || hist[0].Remark != out.Remark {
			t.Fatalf("history: %+v", hist)
		}

		// Not printed: the plain cancellation voids; this action is for printed orders.
		fresh, err := w.take(intake())
		w.must(err)
		_, _, err = w.orders.CancelPrinted(ctx, w.key(), fresh.ID, fresh.Version, "客户不要了", order.Retrieved{Waybill: true, DeliverySlip: true})
		wantCode(t, err, apperr.OrderStageInvalid)
		out, _, err = w.orders.Cancel(ctx, w.key(), fresh.ID, fresh.Version, "客户不要了")
		w.must(err)
		if out.Action != order.ActVoid {
			t.Fatalf("cancel before printing: %s", out.Action)
		}
	})
}
