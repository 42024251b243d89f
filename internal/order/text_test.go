package order_test

import (
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/text/texttest"
)

// Every free-text input of orders goes through the one text rule: NUL, bidi overrides and
// control characters, blank text where text is required (full-width spaces too) and
// 10,000 characters are BAD_USER_INPUT with the field, on both databases.
func TestEveryOrderFreeTextInputRefusesControlBidiBlankAndOverlongText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.as("CS1001")
		intakeWith := func(set func(in *order.IntakeInput, v string)) func(string) error {
			return func(v string) error {
				in := intake()
				set(&in, v)
				_, err := w.take(in)
				return err
			}
		}
		for _, side := range []string{"consignor", "consignee"} {
			party := func(in *order.IntakeInput) *order.Party {
				if side == "consignor" {
					return &in.Consignor
				}
				return &in.Consignee
			}
			texttest.Check(t, side+".name", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).Name = v }))
			texttest.Check(t, side+".province", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).Province = v }))
			texttest.Check(t, side+".city", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).City = v }))
			texttest.Check(t, side+".district", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).District = v }))
			texttest.Check(t, side+".detail", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).Detail = v }))
		}
		texttest.Check(t, "goods.name", false, intakeWith(func(in *order.IntakeInput, v string) { in.Goods.Name = v }))
		texttest.Check(t, "dangerousGoods", true, intakeWith(func(in *order.IntakeInput, v string) { in.DangerousGoods = v }))
		texttest.Check(t, "requests.invoiceTitle", true, intakeWith(func(in *order.IntakeInput, v string) { in.Requests.InvoiceTitle = v }))
		texttest.Check(t, "requests.cardText", true, intakeWith(func(in *order.IntakeInput, v string) { in.Requests.CardText = v }))

		o, err := w.take(intake())
		w.must(err)
		texttest.Check(t, "note", true, func(v string) error {
			_, _, err := w.orders.Verify(ctx, w.key(), o.ID, o.Version+100, []order.Element{order.ElemGoods}, v)
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := w.orders.Cancel(ctx, w.key(), o.ID, o.Version, v)
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, _, err := w.orders.CancelPrinted(ctx, w.key(), o.ID, o.Version, v, order.Retrieved{Waybill: true, DeliverySlip: true})
			return err
		})
		texttest.Check(t, "reason", false, func(v string) error {
			_, err := w.orders.RevealContact(ctx, o.ID, order.RoleConsignor, v)
			return err
		})
		texttest.Check(t, "consignee.detail", false, func(v string) error {
			c := o.Consignee
			c.Detail = v
			_, _, err := w.orders.ChangeAddress(ctx, w.key(), o.ID, o.Version, c)
			return err
		})
		texttest.Check(t, "goods.name", false, func(v string) error {
			_, _, err := w.orders.ChangeGoods(ctx, w.key(), o.ID, o.Version, order.GoodsInput{Name: v, Quantity: 1, WeightKg: 1, VolumeM3: 0.01})
			return err
		})
		texttest.Check(t, "description", false, func(v string) error {
			_, _, err := w.orders.OpenReturn(ctx, w.key(), o.ID, o.Version, order.ReturnInput{Kind: order.KindReturn, Reason: order.ReasonOther, Description: v, ParcelIntact: true})
			return err
		})
		texttest.Check(t, "search", false, func(v string) error {
			_, err := w.orders.List(ctx, order.Filter{Search: v}, db.First(20, ""))
			return err
		})
	})
}
