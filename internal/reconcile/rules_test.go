package reconcile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/reconcile"
)

func fen(n int64) *int64 { return &n }

func exp(w string, fen int64) reconcile.Expected { return reconcile.Expected{WaybillNo: w, Fen: fen} }

func bill(w string, fen int64, receipt bool) reconcile.Billed {
	return reconcile.Billed{WaybillNo: w, Fen: fen, Receipt: receipt}
}

func TestCompareFlagsMismatchesOverToleranceMissingReceiptsAndUnknownWaybills(t *testing.T) {
	expected := []reconcile.Expected{exp("A1", 1000), exp("A2", 1000), exp("A3", 1000), exp("A4", 1000), exp("A5", 1000)}
	billed := []reconcile.Billed{bill("A1", 1000, true), bill("A2", 1050, true), bill("A3", 1051, true), bill("A4", 1000, false), bill("Z9", 800, true)}
	lines := reconcile.Compare(expected, billed, 50, nil)
	want := map[string]reconcile.Status{
		"A1": reconcile.Matched,        // billed as expected
		"A2": reconcile.Matched,        // 0.50 over, within the tolerance
		"A3": reconcile.Mismatch,       // 0.51 over the tolerance
		"A4": reconcile.MissingReceipt, // billed, but the receipt did not come back
		"A5": reconcile.MissingReceipt, // handed over, never billed
		"Z9": reconcile.UnknownWaybill, // billed, never handed over
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if l.Status != want[l.WaybillNo] {
			t.Errorf("%s: %s, want %s", l.WaybillNo, l.Status, want[l.WaybillNo])
		}
	}
	if lines[0].WaybillNo != "A1" || lines[5].WaybillNo != "Z9" {
		t.Error("lines are sorted by waybill")
	}
	if reconcile.Undecided(lines) != 4 {
		t.Errorf("undecided %d, want 4", reconcile.Undecided(lines))
	}
}

func TestDecisionsDecideWhatIsPayable(t *testing.T) {
	expected := []reconcile.Expected{exp("A1", 1000), exp("A2", 1000), exp("A3", 1000)}
	billed := []reconcile.Billed{bill("A1", 1200, true), bill("A2", 1300, true), bill("A3", 1400, true)}
	decisions := map[string]reconcile.Line{
		"A1": {Decision: reconcile.Accepted},
		"A2": {Decision: reconcile.Disputed, Reason: "重量不符"},
		"A3": {Decision: reconcile.Corrected, Reason: "按合同价", CorrectedFen: fen(1000)},
	}
	lines := reconcile.Compare(expected, billed, 0, decisions)
	for i, want := range []int64{1200, 0, 1000} {
		if lines[i].PayableFen != want {
			t.Errorf("%s pays %d, want %d", lines[i].WaybillNo, lines[i].PayableFen, want)
		}
	}
	if lines[1].Reason != "重量不符" || reconcile.Undecided(lines) != 0 {
		t.Error("the dispute keeps its reason")
	}
}

func TestParseYuanIsExact(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{{"12", 1200, true}, {"12.5", 1250, true}, {"12.50", 1250, true}, {"0.07", 7, true}, {" 3.10 ", 310, true},
		{"12.505", 0, false}, {"-1", 0, false}, {"abc", 0, false}, {"", 0, false}, {".5", 0, false}, {"1.-5", 0, false}} {
		got, ok := reconcile.ParseYuan(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestBillCSV(t *testing.T) {
	good := "\ufeff运单号,运费,回单\nsd123456785cn,12.50,是\nSD000000015CN,8,否\n"
	bills, err := reconcile.ParseBillCSV([]byte(good))
	if err != nil || len(bills) != 2 || bills[0].WaybillNo != "SD123456785CN" || bills[0].Fen != 1250 || !bills[0].Receipt || bills[1].Receipt {
		t.Fatalf("%+v, %v", bills, err)
	}
	for name, bad := range map[string]string{
		"a waybill twice is refused":     "h,h,h\nA,1,是\nA,2,是\n",
		"an amount that is not yuan":     "h,h,h\nA,1.234,是\n",
		"a receipt column of other text": "h,h,h\nA,1,maybe\n",
		"a row without three columns":    "h,h,h\nA,1\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := reconcile.ParseBillCSV([]byte(bad))
			var ce *reconcile.ErrCSV
			if !errors.As(err, &ce) || ce.Line < 2 {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestStatementCSVTotalsAndDefusesFormulas(t *testing.T) {
	lines := []reconcile.Line{
		{WaybillNo: "A1", ExpectedFen: fen(1000), BilledFen: fen(1000), Receipt: true, Status: reconcile.Matched, PayableFen: 1000},
		{WaybillNo: "A2", ExpectedFen: fen(1000), BilledFen: fen(1500), Receipt: true, Status: reconcile.Mismatch, Decision: reconcile.Disputed, Reason: "=HYPERLINK(1)"},
	}
	out := string(reconcile.StatementCSV("成都中转站", "2026-11", lines))
	if !strings.Contains(out, "A1,10.00,10.00,是,MATCHED,,,10.00") || !strings.Contains(out, "'=HYPERLINK(1)") || !strings.Contains(out, "合计 total,,,,,,,10.00") {
		t.Fatal(out)
	}
}
