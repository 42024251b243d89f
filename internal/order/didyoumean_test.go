package order_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// The check digit misses some typos: a staff look-up that finds nothing offers the orders
// within the caller's reach one typo away (是不是要找 …?), in extensions.didYouMean;
// nobody is offered an order outside their reach.
func TestStaffLookupMissOffersOrdersOneTypoAwayWithinReach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		o, err := w.take(intake())
		w.must(err)
		// The check digit catches most typos; give the order a number whose neighbours
		// include one it does not catch.
		o.WaybillNo = numberWithBlindTypo(t)
		_, err = d.W.NewUpdate().Model(o).Column("waybill_no").WherePK().Exec(context.Background())
		w.must(err)
		near := order.OneTypoAway(o.WaybillNo)
		typo := near[0] // passes the check digit, one typo from the real number
		_, err = w.orders.ByWaybill(w.as("CS1001"), typo)
		e := wantCode(t, err, apperr.NotFound)
		if got, _ := e.Extra["didYouMean"].([]string); !slices.Contains(got, o.WaybillNo) {
			t.Fatalf("miss on %s offered %v, want %s", typo, e.Extra["didYouMean"], o.WaybillNo)
		}
		if e.Detail == nil || !strings.Contains(e.Detail.ZH, "是不是要找 "+o.WaybillNo) {
			t.Errorf("message: %+v", e.Detail)
		}

		// Outside reach (a Hangzhou agent): a plain miss, nothing offered.
		_, err = w.orders.ByWaybill(w.as("CS1007"), typo)
		if e := wantCode(t, err, apperr.NotFound); e.Extra["didYouMean"] != nil {
			t.Errorf("offered an order outside reach: %v", e.Extra)
		}
	})
}

// numberWithBlindTypo is the first waybill number one of whose single typos still has a
// right check digit.
func numberWithBlindTypo(t *testing.T) string {
	for n := 1; n < 100000; n++ {
		serial := fmt.Sprintf("%08d", n*7919%100000000)
		d, _ := order.CheckDigit(serial)
		w := fmt.Sprintf("SD%s%dCN", serial, d)
		if len(order.OneTypoAway(w)) > 0 {
			return w
		}
	}
	t.Fatal("no number with a typo the check digit misses")
	return ""
}
