package reconcile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/expresscs/cs/internal/tariff"
)

// Status is what the comparison found for one waybill.
type Status string

// The statuses.
const (
	Matched        Status = "MATCHED"         // billed within the tolerance of the expected charge
	Mismatch       Status = "MISMATCH"        // billed more or less than the tolerance allows
	MissingReceipt Status = "MISSING_RECEIPT" // handed over, but no billed charge or returned receipt
	UnknownWaybill Status = "UNKNOWN_WAYBILL" // billed for a waybill never handed to the station
)

// Decision is what an agent made of an anomaly.
type Decision string

// The decisions.
const (
	Accepted  Decision = "ACCEPTED"  // the billed charge is paid as billed
	Disputed  Decision = "DISPUTED"  // refused, with a reason the station reads
	Corrected Decision = "CORRECTED" // paid at an agreed corrected amount
)

// Line is one waybill of a station's month.
type Line struct {
	WaybillNo    string   `json:"waybillNo"`
	ExpectedFen  *int64   `json:"expectedFen"` // nil for an unknown waybill
	BilledFen    *int64   `json:"billedFen"`   // nil when nothing was billed
	Receipt      bool     `json:"receipt"`     // the signed receipt came back with the bill
	Status       Status   `json:"status"`
	Decision     Decision `json:"decision,omitempty"`
	Reason       string   `json:"reason,omitempty"`
	CorrectedFen *int64   `json:"correctedFen,omitempty"`
	// Version is the decision's version, to send back when changing it; 0 for none.
	Version int `json:"version,omitempty"`
	// PayableFen is what the month pays for the line: the billed charge when matched or
	// accepted, the corrected one when corrected, nothing when disputed or undecided.
	PayableFen int64 `json:"payableFen"`
}

// Expected is a hand-over's expected charge; Billed a station's billed charge.
type (
	Expected struct {
		WaybillNo string
		Fen       int64
	}
	Billed struct {
		WaybillNo string
		Fen       int64
		Receipt   bool
	}
)

// ExpectedFen is a hand-over's charge at the station's contract rate: first weight and
// every started step of continued weight, at least the minimum (the tariff's rule).
func ExpectedFen(weightGrams int64, rate tariff.ZonePrice) int64 {
	return tariff.FreightFen(weightGrams, rate)
}

// Compare lines up a month's hand-overs and bills by waybill, sorted by waybill: a bill
// more than toleranceFen away from the expected charge is a mismatch; a hand-over without
// a bill, or billed without the returned receipt, is a missing receipt; a bill without a
// hand-over is an unknown waybill. Decisions are applied to anomalies only.
func Compare(expected []Expected, billed []Billed, toleranceFen int64, decisions map[string]Line) []Line {
	by := map[string]*Line{}
	for _, e := range expected {
		fen := e.Fen
		by[e.WaybillNo] = &Line{WaybillNo: e.WaybillNo, ExpectedFen: &fen}
	}
	for _, b := range billed {
		fen := b.Fen
		l := by[b.WaybillNo]
		if l == nil {
			l = &Line{WaybillNo: b.WaybillNo}
			by[b.WaybillNo] = l
		}
		l.BilledFen, l.Receipt = &fen, b.Receipt
	}
	out := make([]Line, 0, len(by))
	for _, l := range by {
		switch {
		case l.ExpectedFen == nil:
			l.Status = UnknownWaybill
		case l.BilledFen == nil || !l.Receipt:
			l.Status = MissingReceipt
		case abs(*l.BilledFen-*l.ExpectedFen) > toleranceFen:
			l.Status = Mismatch
		default:
			l.Status = Matched
			l.PayableFen = *l.BilledFen
		}
		if d, ok := decisions[l.WaybillNo]; ok && l.Status != Matched {
			l.Decision, l.Reason, l.CorrectedFen, l.Version = d.Decision, d.Reason, d.CorrectedFen, d.Version
			switch d.Decision {
			case Accepted:
				if l.BilledFen != nil {
					l.PayableFen = *l.BilledFen
				}
			case Corrected:
				if d.CorrectedFen != nil {
					l.PayableFen = *d.CorrectedFen
				}
			}
		}
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].WaybillNo < out[j].WaybillNo })
	return out
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// Undecided counts the anomalies without a decision.
func Undecided(lines []Line) int {
	n := 0
	for _, l := range lines {
		if l.Status != Matched && l.Decision == "" {
			n++
		}
	}
	return n
}

// MaxLineYuan is the most one line of a month may charge: a bill's amount (ParseYuan)
// and a corrected amount are at most ¥100,000,000, so a month's total cannot overflow.
const MaxLineYuan = 100_000_000

// ParseYuan reads an amount in yuan with at most two decimals ("12", "12.5", "12.50")
// as fen, exactly (no floating point), up to MaxLineYuan.
func ParseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.HasPrefix(whole, "-") || strings.HasPrefix(whole, "+") {
		return 0, false
	}
	y, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || y > MaxLineYuan {
		return 0, false
	}
	f := int64(0)
	if frac != "" {
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil || strings.ContainsAny(frac, "+-") {
			return 0, false
		}
		if len(frac) == 1 {
			f *= 10
		}
	}
	return y*100 + f, true
}

// ErrCSV says which line of a bill CSV is wrong.
type ErrCSV struct {
	Line int
	Why  string
}

func (e *ErrCSV) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Why) }

// ParseBillCSV reads a station's bill: a header row, then one row per waybill with the
// waybill number, the charge in yuan and whether the signed receipt came back (是/否,
// Y/N, yes/no, 1/0). At most 5,000 rows; a waybill twice is refused.
func ParseBillCSV(data []byte) ([]Billed, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = 3
	var out []Billed
	seen := map[string]bool{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &ErrCSV{Line: line, Why: "not three comma-separated columns"}
		}
		if line == 1 {
			continue
		}
		if len(out) >= 5000 {
			return nil, &ErrCSV{Line: line, Why: "more than 5,000 rows"}
		}
		w := strings.ToUpper(strings.TrimSpace(rec[0]))
		fen, ok := ParseYuan(rec[1])
		if w == "" || !ok {
			return nil, &ErrCSV{Line: line, Why: "a waybill number and an amount in yuan (12.50) are needed"}
		}
		if seen[w] {
			return nil, &ErrCSV{Line: line, Why: "the waybill " + w + " appears twice"}
		}
		seen[w] = true
		var receipt bool
		switch strings.ToLower(strings.TrimSpace(rec[2])) {
		case "是", "y", "yes", "1", "true":
			receipt = true
		case "否", "n", "no", "0", "false", "":
		default:
			return nil, &ErrCSV{Line: line, Why: "the receipt column is 是 or 否"}
		}
		out = append(out, Billed{WaybillNo: w, Fen: fen, Receipt: receipt})
	}
	return out, nil
}

// StatementCSV writes a station's month: one row per waybill with the expected, billed
// and payable charges in yuan, the status, the decision and its reason, then the total.
func StatementCSV(station, month string, lines []Line) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"托运站 station", csvSafe(station), "月份 month", month})
	_ = w.Write([]string{"运单号 waybill", "应付 expected", "账单 billed", "回单 receipt", "结果 status", "处理 decision", "原因 reason", "应付款 payable"})
	var total int64
	for _, l := range lines {
		receipt := "否"
		if l.Receipt {
			receipt = "是"
		}
		_ = w.Write([]string{l.WaybillNo, yuanPtr(l.ExpectedFen), yuanPtr(l.BilledFen), receipt, string(l.Status), string(l.Decision), csvSafe(l.Reason), Yuan(l.PayableFen)})
		total += l.PayableFen
	}
	_ = w.Write([]string{"合计 total", "", "", "", "", "", "", Yuan(total)})
	w.Flush()
	return b.Bytes()
}

// Yuan writes fen as yuan with two decimals.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

func yuanPtr(fen *int64) string {
	if fen == nil {
		return ""
	}
	return Yuan(*fen)
}

// csvSafe keeps a free-text cell from being read as a formula by a spreadsheet.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
