package order

import (
	"crypto/rand"
	"math/big"
	"strconv"
	"strings"

	"github.com/expresscs/cs/internal/apperr"
)

// Waybill numbers follow the UPU S10 layout: two service letters, an eight-digit
// serial, a check digit, and two letters for the issuing country, for example
// SD123456785CN. The check digit catches a mistyped digit, and most swaps of two digits,
// before the number reaches the database.

// The letters this company issues.
const (
	waybillPrefix = "SD"
	waybillSuffix = "CN"
)

var s10Weights = [8]int{8, 6, 4, 2, 3, 5, 9, 7}

// CheckDigit computes the S10 check digit of an eight-digit serial:
// 11 − (Σ digit×weight mod 11), where 10 becomes 0 and 11 becomes 5.
func CheckDigit(serial string) (int, bool) {
	if len(serial) != 8 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := serial[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * s10Weights[i]
	}
	switch d := 11 - sum%11; d {
	case 10:
		return 0, true
	case 11:
		return 5, true
	default:
		return d, true
	}
}

// NewWaybillNo draws a random serial and returns the full number with its check digit.
// Collisions are caught by the unique index and retried by the caller.
func NewWaybillNo() string {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		panic(err) // the system's random source failing is not recoverable
	}
	serial := strconv.FormatInt(n.Int64()+100_000_000, 10)[1:]
	d, _ := CheckDigit(serial)
	return waybillPrefix + serial + strconv.Itoa(d) + waybillSuffix
}

// NormalizeWaybillNo upper-cases and trims a typed number, then checks its layout and
// check digit. Returns BAD_USER_INPUT for a wrong layout and WAYBILL_CHECK_DIGIT when the
// check digit does not match (a mistyped number).
func NormalizeWaybillNo(op, raw string) (string, error) {
	w := strings.ToUpper(strings.Join(strings.Fields(raw), ""))
	if len(w) != 13 || !isLetters(w[:2]) || !isLetters(w[11:]) {
		return "", apperr.Invalid(op, "waybillNo", "运单号格式应为 2 个字母 + 9 位数字 + 2 个字母,例如 SD123456785CN",
			"A waybill number is 2 letters, 9 digits and 2 letters, for example SD123456785CN")
	}
	want, ok := CheckDigit(w[2:10])
	if !ok || w[10] < '0' || w[10] > '9' {
		return "", apperr.Invalid(op, "waybillNo", "运单号格式应为 2 个字母 + 9 位数字 + 2 个字母,例如 SD123456785CN",
			"A waybill number is 2 letters, 9 digits and 2 letters, for example SD123456785CN")
	}
	if int(w[10]-'0') != want {
		e := apperr.E(op, apperr.WaybillCheckDigit)
		e.Field = "waybillNo"
		return "", e
	}
	return w, nil
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// OneTypoAway lists the well-formed waybill numbers (check digit right) one typo from w:
// one of its nine digits changed, or two adjacent digits swapped; its letters stay. The
// check digit catches most such typos, not all of them.
func OneTypoAway(w string) []string {
	if len(w) != 13 {
		return nil
	}
	digits := []byte(w[2:11])
	var out []string
	seen := map[string]bool{w: true}
	add := func(d []byte) {
		cand := w[:2] + string(d) + w[11:]
		if seen[cand] {
			return
		}
		seen[cand] = true
		if want, ok := CheckDigit(string(d[:8])); ok && int(d[8]-'0') == want {
			out = append(out, cand)
		}
	}
	for i := range digits {
		for c := byte('0'); c <= '9'; c++ {
			if c == digits[i] {
				continue
			}
			d := append([]byte(nil), digits...)
			d[i] = c
			add(d)
		}
	}
	for i := 0; i+1 < len(digits); i++ {
		d := append([]byte(nil), digits...)
		d[i], d[i+1] = d[i+1], d[i]
		add(d)
	}
	return out
}
