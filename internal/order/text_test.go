package order_test

import (
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// badText is text that must never reach the database as it is: a NUL, a right-to-left
// override, another control character, and 10,000 characters are refused everywhere;
// blank text (ASCII or full-width spaces) is refused where text is required.
var badText = []struct {
	name  string
	value string
	blank bool // refused only where the field is required
}{
	{"NUL", "张\x00三", false},
	{"right-to-left override U+202E", "张\u202E三", false},
	{"control character BEL", "张\a三", false},
	{"escape", "张\x1b[31m三", false},
	{"whitespace only", " \t ", true},
	{"full-width spaces only", "\u3000\u3000", true},
	{"10,000 characters", strings.Repeat("长", 10000), false},
}

// checkText sends each bad text through send and wants BAD_USER_INPUT naming field (or,
// for blank text in an optional field, no refusal of that field), never INTERNAL.
func checkText(t *testing.T, field string, optional bool, send func(v string) error) {
	t.Helper()
	for _, b := range badText {
		err := send(b.value)
		if b.blank && optional {
			if e, ok := err.(*apperr.Error); ok && e.Field == field {
				t.Errorf("%s: %s refused in an optional field: %v", field, b.name, err)
			}
			continue
		}
		var e *apperr.Error
		if !apperr.Is(err, apperr.BadUserInput) {
			t.Errorf("%s: %s: want BAD_USER_INPUT, got %v", field, b.name, err)
			continue
		}
		e, _ = err.(*apperr.Error)
		if e == nil || e.Field != field {
			t.Errorf("%s: %s: refused on field %q: %v", field, b.name, e.Field, err)
		}
	}
}

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
			checkText(t, side+".name", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).Name = v }))
			checkText(t, side+".province", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).Province = v }))
			checkText(t, side+".city", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).City = v }))
			checkText(t, side+".district", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).District = v }))
			checkText(t, side+".detail", false, intakeWith(func(in *order.IntakeInput, v string) { party(in).Detail = v }))
		}
		checkText(t, "goods.name", false, intakeWith(func(in *order.IntakeInput, v string) { in.Goods.Name = v }))
		checkText(t, "dangerousGoods", true, intakeWith(func(in *order.IntakeInput, v string) { in.DangerousGoods = v }))
		checkText(t, "requests.invoiceTitle", true, intakeWith(func(in *order.IntakeInput, v string) { in.Requests.InvoiceTitle = v }))
		checkText(t, "requests.cardText", true, intakeWith(func(in *order.IntakeInput, v string) { in.Requests.CardText = v }))

		o, err := w.take(intake())
		w.must(err)
		checkText(t, "note", true, func(v string) error {
			_, _, err := w.orders.Verify(ctx, w.key(), o.ID, o.Version+100, []order.Element{order.ElemGoods}, v)
			return err
		})
		checkText(t, "reason", false, func(v string) error {
			_, _, err := w.orders.Cancel(ctx, w.key(), o.ID, o.Version, v)
			return err
		})
		checkText(t, "reason", false, func(v string) error {
			_, _, err := w.orders.CancelPrinted(ctx, w.key(), o.ID, o.Version, v, order.Retrieved{Waybill: true, DeliverySlip: true})
			return err
		})
		checkText(t, "reason", false, func(v string) error {
			_, err := w.orders.RevealContact(ctx, o.ID, order.RoleConsignor, v)
			return err
		})
		checkText(t, "consignee.detail", false, func(v string) error {
			c := o.Consignee
			c.Detail = v
			_, _, err := w.orders.ChangeAddress(ctx, w.key(), o.ID, o.Version, c)
			return err
		})
		checkText(t, "goods.name", false, func(v string) error {
			_, _, err := w.orders.ChangeGoods(ctx, w.key(), o.ID, o.Version, order.GoodsInput{Name: v, Quantity: 1, WeightKg: 1, VolumeM3: 0.01})
			return err
		})
		checkText(t, "description", false, func(v string) error {
			_, _, err := w.orders.OpenReturn(ctx, w.key(), o.ID, o.Version, order.ReturnInput{Kind: order.KindReturn, Reason: order.ReasonOther, Description: v, ParcelIntact: true})
			return err
		})
		checkText(t, "search", false, func(v string) error {
			_, err := w.orders.List(ctx, order.Filter{Search: v}, db.First(20, ""))
			return err
		})
	})
}
