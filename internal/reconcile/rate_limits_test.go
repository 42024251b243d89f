package reconcile_test

import (
	"errors"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/reconcile"
	"github.com/expresscs/cs/internal/tariff"
)

// A contract rate's amounts are 0 to ¥1,000,000, as a tariff's: the expected charge of a
// hand-over is the rate times the order's weight, and a step of 2^62 fen would wrap it
// round. At the limits a 100-tonne hand-over expects exactly 10^16 fen.
func TestStationRateAmountsAreBounded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		depot := w.staff["CS1001"].DepotID
		for _, r := range []tariff.ZonePrice{
			{FirstWeightGrams: 1000, FirstFen: 800, StepGrams: 1000, StepFen: 1 << 62, MinimumFen: 800},
			{FirstWeightGrams: 1000, FirstFen: tariff.MaxAmountFen + 1, StepGrams: 1000, StepFen: 300},
			{FirstWeightGrams: 1000, FirstFen: 800, StepGrams: 1000, StepFen: 300, MinimumFen: -1},
		} {
			_, _, err := w.svc.CreateStation(w.as("CS2001"), w.key(), reconcile.NewStation{DepotID: depot, Name: "成都中转托运站", Rate: r})
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.BadUserInput || e.Field != "rate" || e.Extra["maxFen"] != tariff.MaxAmountFen {
				t.Fatalf("rate %+v: %v", r, err)
			}
		}
		if n := dbtest.Count(t, d, (*reconcile.Station)(nil)); n != 0 {
			t.Fatalf("%d stations stored", n)
		}

		limit := tariff.ZonePrice{FirstWeightGrams: 1, FirstFen: tariff.MaxAmountFen, StepGrams: 1, StepFen: tariff.MaxAmountFen, MinimumFen: tariff.MaxAmountFen}
		st, _, err := w.svc.CreateStation(w.as("CS2001"), w.key(), reconcile.NewStation{DepotID: depot, Name: "成都中转托运站", Rate: limit})
		w.must(err)
		h, _, err := w.svc.RecordHandover(w.as("CS1001"), w.key(), st.ID, w.order(100_000).ID)
		w.must(err)
		if h.ExpectedFen != 10_000_000_000_000_000 {
			t.Fatalf("100 t at ¥1,000,000 a gram expects %d fen, want 10^16", h.ExpectedFen)
		}
	})
}

// A corrected amount is ¥0 to ¥100,000,000, as a billed one: two lines corrected to 2^62
// fen would wrap the month's total round to a negative amount.
func TestCorrectedAmountIsBounded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		depot := w.staff["CS1001"].DepotID
		st, _, err := w.svc.CreateStation(w.as("CS2001"), w.key(), reconcile.NewStation{DepotID: depot, Name: "成都中转托运站", Rate: rate})
		w.must(err)
		var waybills []string
		for range 2 {
			o := w.order(1)
			_, _, err = w.svc.RecordHandover(w.as("CS1001"), w.key(), st.ID, o.ID)
			w.must(err)
			waybills = append(waybills, o.WaybillNo)
		}
		_, _, err = w.svc.ImportBills(w.as("CS1001"), w.key(), st.ID, "2026-11", []byte("h,h,h\n"+waybills[0]+",9.00,是\n"+waybills[1]+",9.00,是\n"))
		w.must(err)
		correct := func(waybill string, fen int64) error {
			_, _, err := w.svc.Decide(w.as("CS1001"), w.key(), st.ID, "2026-11",
				reconcile.NewDecision{WaybillNo: waybill, Decision: reconcile.Corrected, Reason: "按合同价", CorrectedFen: &fen})
			return err
		}
		const most = reconcile.MaxLineYuan * 100
		for _, fen := range []int64{1 << 62, most + 1, -1} {
			err := correct(waybills[0], fen)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.BadUserInput || e.Field != "correctedFen" || e.Extra["maxFen"] != most {
				t.Fatalf("corrected to %d fen: %v", fen, err)
			}
		}
		w.must(correct(waybills[0], most))
		w.must(correct(waybills[1], most))
		m, err := w.svc.MonthOf(w.as("CS1001"), st.ID, "2026-11")
		w.must(err)
		if m.PayableFen() != 2*most {
			t.Fatalf("the month pays %d fen, want %d", m.PayableFen(), 2*most)
		}
	})
}
