package tariff_test

import (
	"errors"
	"math"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/tariff"
)

// wantRefused checks BAD_USER_INPUT on field with extensions[ext] = bound.
func wantRefused(t *testing.T, err error, field, ext string, bound any) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.BadUserInput || e.Field != field || e.Extra[ext] != bound {
		t.Errorf("got %v, want BAD_USER_INPUT on %s with extensions.%s %v", err, field, ext, bound)
	}
}

// A quote takes the weights and declared values intake takes, and refuses the others
// before anything is stored: the two services share the configured cap.
func TestQuoteTakesWhatIntakeTakes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.publish("冬季运价", "2026-12-05", tariff.DemoTerms())
		const limit = 1_000_000 // ¥10,000
		w.svc.MaxDeclaredValueFen, w.orders.MaxDeclaredValueFen = limit, limit
		ctx := w.as("CS1001")

		for _, grams := range []int64{0, -1, order.MaxWeightGrams + 1, math.MaxInt64, math.MinInt64} {
			r := box()
			r.Parcel.WeightGrams = grams
			_, _, err := w.svc.Quote(ctx, w.key(), r)
			wantRefused(t, err, "weightKg", "maxKg", order.MaxWeightKg)
		}
		for _, fen := range []int64{-1, limit + 1, 9007199254740993, 1 << 62, math.MaxInt64} {
			r := box()
			r.Parcel.Insured, r.Parcel.DeclaredValueFen = true, fen
			_, _, err := w.svc.Quote(ctx, w.key(), r)
			wantRefused(t, err, "declaredValueFen", "maxFen", int64(limit))

			in := intake(&tariff.Quote{}, order.Insured)
			in.QuoteID = "" // the same parcel taken in without a quote
			v := fen
			in.Goods.DeclaredValueFen = &v
			_, _, err = w.orders.Intake(ctx, w.key(), in)
			wantRefused(t, err, "goods.declaredValueFen", "maxFen", int64(limit))
		}
		for _, mm := range []int64{-1, tariff.MaxSideCm*10 + 1} {
			r := box()
			r.Parcel.LengthMm = mm
			_, _, err := w.svc.Quote(ctx, w.key(), r)
			wantRefused(t, err, "dimensions", "maxCm", tariff.MaxSideCm)
		}
		if n := dbtest.Count(t, d, (*tariff.Quote)(nil)); n != 0 {
			t.Fatalf("%d quotes stored after refusals", n)
		}

		// At the cap: 0.5 % of ¥10,000 is ¥50 on every service.
		r := box()
		r.Parcel.Insured, r.Parcel.DeclaredValueFen = true, limit
		q, _, err := w.svc.Quote(ctx, w.key(), r)
		w.must(err)
		for _, o := range q.Options {
			if o.Breakdown.InsuranceFen != 5000 {
				t.Fatalf("%s: insurance %d fen at the cap, want 5000", o.Service, o.Breakdown.InsuranceFen)
			}
		}
	})
}

// Sides typed in centimetres become millimetres only when they are 0 to 100 m.
func TestMillimetres(t *testing.T) {
	cm := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		name string
		cm   *float64
		want int64
	}{
		{"no side is 0 (not measured)", nil, 0},
		{"12.34 cm is 123 mm", cm(12.34), 123},
		{"100 m is 100,000 mm", cm(tariff.MaxSideCm), 100_000},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := tariff.Millimetres("test", c.cm)
			if err != nil || got != c.want {
				t.Fatalf("Millimetres = %d, %v; want %d", got, err, c.want)
			}
		})
	}
	for _, v := range []float64{1e308, math.Inf(1), math.NaN(), -1, tariff.MaxSideCm + 0.01} {
		_, err := tariff.Millimetres("test", cm(v))
		wantRefused(t, err, "dimensions", "maxCm", tariff.MaxSideCm)
	}
}
