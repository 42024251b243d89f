package order_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
)

// wantRange checks a refusal on field whose message states its range in both languages
// (zh and en are the upper bound as written there) and whose extensions carry the bound.
func wantRange(t *testing.T, err error, field, zh, en, ext string, bound any) {
	t.Helper()
	e := wantCode(t, err, "BAD_USER_INPUT")
	if e.Field != field {
		t.Fatalf("refused on %q, want %q: %v", e.Field, field, err)
	}
	if e.Detail == nil || !strings.Contains(e.Detail.ZH, zh) || !strings.Contains(e.Detail.EN, en) {
		t.Fatalf("the message does not state the range (%q, %q): %+v", zh, en, e.Detail)
	}
	if e.Extra[ext] != bound {
		t.Fatalf("extensions.%s = %v, want %v", ext, e.Extra[ext], bound)
	}
}

// Goods weigh more than 0 and at most 100,000 kg: a refusal says so in both languages
// and carries extensions.maxKg, at intake and when goods change; the range is checked
// before kilograms become grams, so 1e308 cannot wrap round to a small weight.
func TestWeightOutOfRangeIsRefusedWithTheRange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		o, err := w.take(intake())
		w.must(err)
		before := dbtest.Count(t, d, (*order.Order)(nil))
		for _, c := range []struct {
			name string
			kg   float64
		}{
			{"1e308 kg is refused, not read as 1 g", 1e308},
			{"1e15 kg is refused", 1e15},
			{"ten thousand tonnes are refused", 1e7},
			{"a gram over 100 tonnes is refused", 100_000.001},
			{"infinity is refused", math.Inf(1)},
			{"NaN is refused", math.NaN()},
			{"a negative weight is refused", -1},
			{"no weight is refused", 0},
		} {
			t.Run(c.name, func(t *testing.T) {
				in := intake()
				in.Goods.WeightKg = c.kg
				_, err := w.take(in)
				wantRange(t, err, "goods.weightKg", "不超过 100000 千克", "at most 100,000 kg", "maxKg", 100_000)
				g := order.GoodsInput{Name: "茶具", Quantity: 1, WeightKg: c.kg, VolumeM3: 0.01}
				_, _, err = w.orders.ChangeGoods(w.as("CS1001"), w.key(), o.ID, o.Version, g)
				wantRange(t, err, "goods.weightKg", "不超过 100000 千克", "at most 100,000 kg", "maxKg", 100_000)
			})
		}
		if n := dbtest.Count(t, d, (*order.Order)(nil)); n != before {
			t.Fatalf("%d orders after the refusals, want %d", n, before)
		}

		t.Run("100 tonnes are taken as 100,000,000 g", func(t *testing.T) {
			in := intake()
			in.Goods.WeightKg = 100_000
			o, err := w.take(in)
			w.must(err)
			back := new(order.Order)
			w.must(d.R.NewSelect().Model(back).Where("id = ?", o.ID).Scan(context.Background()))
			if back.Goods.WeightGrams != 100_000_000 {
				t.Fatalf("stored %d g, want 100,000,000", back.Goods.WeightGrams)
			}
		})
	})
}

// The volume is more than 0 and at most 1,000 m³, and a refusal says so.
func TestVolumeOutOfRangeIsRefusedWithTheRange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, m3 := range []float64{1e308, 1000.001, -1, 0, math.NaN()} {
			in := intake()
			in.Goods.VolumeM3 = m3
			_, err := w.take(in)
			wantRange(t, err, "goods.volumeM3", "不超过 1000 立方米", "at most 1,000 m³", "maxM3", 1000)
		}
		if n := dbtest.Count(t, d, (*order.Order)(nil)); n != 0 {
			t.Fatalf("%d orders stored", n)
		}
		in := intake()
		in.Goods.VolumeM3 = 1000
		o, err := w.take(in)
		w.must(err)
		if o.Goods.VolumeCm3 != 1_000_000_000 {
			t.Fatalf("%d cm³, want 1,000,000,000", o.Goods.VolumeCm3)
		}
	})
}

// A declared value is ¥0 to the cap; every refusal states both ends and carries
// extensions.maxFen, however far over the cap the value is.
func TestDeclaredValueRefusalStatesTheRange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, fen := range []int64{-1, order.DefaultMaxDeclaredValueFen + 1, 9007199254740993, 1 << 62, math.MaxInt64} {
			in := intake()
			in.Service = order.Insured
			v := fen
			in.Goods.DeclaredValueFen = &v
			_, err := w.take(in)
			wantRange(t, err, "goods.declaredValueFen", "0 到 100000.00 元", "¥0 to ¥100000.00", "maxFen", order.DefaultMaxDeclaredValueFen)
		}
		if n := dbtest.Count(t, d, (*order.Order)(nil)); n != 0 {
			t.Fatalf("%d orders stored", n)
		}
	})
}
