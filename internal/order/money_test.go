package order_test

import (
	"context"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// Amounts are BIGINT fen on both engines: a declared value above INTEGER's
// 2,147,483,647 is stored and read back exactly when the configured cap allows it.
func TestDeclaredValueAboveTwoBillionFenIsStoredExactlyOnBothDatabases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.orders.MaxDeclaredValueFen = 1_000_000_000_000 // ¥10 billion
		in := intake()
		in.Service = order.Insured
		v := int64(3_000_000_000) // ¥30 million: over INTEGER's range
		in.Goods.DeclaredValueFen = &v
		o, err := w.take(in)
		w.must(err)
		back := new(order.Order)
		w.must(d.R.NewSelect().Model(back).Where("id = ?", o.ID).Scan(context.Background()))
		if back.Goods.DeclaredValueFen == nil || *back.Goods.DeclaredValueFen != v {
			t.Fatalf("read back %v, want %d", back.Goods.DeclaredValueFen, v)
		}
	})
}

// A declared value above --max-declared-value-fen is BAD_USER_INPUT on
// goods.declaredValueFen, at intake and when the goods change; the cap itself is accepted.
func TestDeclaredValueAboveTheCapIsRefusedWithTheField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		limit := order.DefaultMaxDeclaredValueFen
		in := intake()
		in.Service = order.Insured
		over := limit + 1
		in.Goods.DeclaredValueFen = &over
		_, err := w.take(in)
		wantField(t, err, "goods.declaredValueFen")

		hundredBillionYuan := int64(10_000_000_000_000)
		in.Goods.DeclaredValueFen = &hundredBillionYuan
		_, err = w.take(in)
		wantField(t, err, "goods.declaredValueFen")

		in.Goods.DeclaredValueFen = &limit
		o, err := w.take(in)
		w.must(err)
		g := order.GoodsInput{Name: "茶具", Quantity: 1, WeightKg: 2, VolumeM3: 0.01, DeclaredValueFen: &over}
		_, _, err = w.orders.ChangeGoods(w.as("CS1001"), w.key(), o.ID, o.Version, g)
		wantField(t, err, "goods.declaredValueFen")
	})
}
