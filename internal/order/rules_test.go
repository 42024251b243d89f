package order

import (
	"strings"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/apperr"
)

func TestWaybillCheckDigit(t *testing.T) {
	cases := []struct {
		name   string
		serial string
		want   int
	}{
		{"UPU example RR 47312482 _ GB: weighted sum 200 gives 9", "47312482", 9},
		{"weighted sum 7 gives 4", "00000001", 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, ok := CheckDigit(c.serial); !ok || got != c.want {
				t.Errorf("CheckDigit(%s) = %d, %v; want %d", c.serial, got, ok, c.want)
			}
		})
	}
	// A serial whose weighted sum is a multiple of 11 gives 11 − 0 = 11, written 5;
	// one whose sum is 1 mod 11 gives 10, written 0.
	found5, found0 := false, false
	for n := 0; n < 2000 && !(found5 && found0); n++ {
		serial := padSerial(n)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(serial[i]-'0') * s10Weights[i]
		}
		got, _ := CheckDigit(serial)
		switch sum % 11 {
		case 0:
			found5 = true
			if got != 5 {
				t.Errorf("sum ≡ 0 (mod 11) must give 5, got %d for %s", got, serial)
			}
		case 1:
			found0 = true
			if got != 0 {
				t.Errorf("sum ≡ 1 (mod 11) must give 0, got %d for %s", got, serial)
			}
		}
	}
	if !found5 || !found0 {
		t.Fatal("did not exercise both special cases")
	}
}

func padSerial(n int) string {
	s := "00000000" + itoa(n)
	return s[len(s)-8:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestNormalizeWaybillNo(t *testing.T) {
	good := NewWaybillNo()
	if _, err := NormalizeWaybillNo("t", good); err != nil {
		t.Fatalf("generated number %s refused: %v", good, err)
	}
	// Change one digit of the serial so that the check digit no longer matches. (S10 maps
	// remainders 0 and 6 both to 5, so a few single-digit slips keep a valid number.)
	typo := []byte(good)
	for d := byte(1); d < 10; d++ {
		typo[5] = '0' + (good[5]-'0'+d)%10
		if want, _ := CheckDigit(string(typo[2:10])); int(typo[10]-'0') != want {
			break
		}
	}
	cases := []struct {
		name string
		in   string
		code apperr.Code
	}{
		{"a generated number is accepted", good, ""},
		{"lower case and spaces are accepted", " " + string([]byte{good[0] + 32, good[1] + 32}) + good[2:7] + " " + good[7:], ""},
		{"the UPU example RR473124829GB is accepted", "RR473124829GB", ""},
		{"a mistyped digit fails the check digit", string(typo), apperr.WaybillCheckDigit},
		{"a wrong check digit fails", "RR473124828GB", apperr.WaybillCheckDigit},
		{"too short is malformed", "RR47312482GB", apperr.BadUserInput},
		{"digits where letters belong is malformed", "11473124829GB", apperr.BadUserInput},
		{"a NUL after a good number is malformed", "RR473124829GB\x00", apperr.BadUserInput},
		{"a bidi override before a good number is malformed", "\u202eRR473124829GB", apperr.BadUserInput},
		{"whitespace only is malformed", " \t\u3000 ", apperr.BadUserInput},
		{"10,000 characters are malformed", strings.Repeat("S", 10_000), apperr.BadUserInput},
		{"400 digits are malformed", strings.Repeat("9", 400), apperr.BadUserInput},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NormalizeWaybillNo("t", c.in)
			if apperr.CodeOf(err) != c.code && !(c.code == "" && err == nil) {
				t.Errorf("NormalizeWaybillNo(%q) = %v, want %s", c.in, err, c.code)
			}
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"mobile", "13812345678", "13812345678"},
		{"mobile with +86 and spaces", "+86 138 1234 5678", "13812345678"},
		{"Shanghai landline", "021-12345678", "021-12345678"},
		{"Hangzhou landline with four-digit area code", "0571-87654321", "0571-87654321"},
		{"landline with extension", "0571-87654321-123", "0571-87654321-123"},
		{"extension written with 转", "010-62345678转8", "010-62345678-8"},
		{"mobile starting 12 is refused", "12812345678", ""},
		{"ten-digit mobile is refused", "1381234567", ""},
		{"landline without area code is refused", "87654321", ""},
		{"area code not starting with 0 is refused", "571-87654321", ""},
		{"local number starting with 0 is refused", "021-02345678", ""},
		{"letters are refused", "138abc45678", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := NormalizePhone(c.in)
			if got != c.want || ok != (c.want != "") {
				t.Errorf("NormalizePhone(%q) = %q, %v; want %q", c.in, got, ok, c.want)
			}
		})
	}
}

func TestMasking(t *testing.T) {
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("mobile masked as %s", got)
	}
	if got := MaskPhone("0571-87654321-123"); got != "0571-****4321" {
		t.Errorf("landline masked as %s", got)
	}
	if got := LastFour("0571-87654321-123"); got != "4321" {
		t.Errorf("last four of a landline with extension = %s", got)
	}
	p := Party{Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号 3 楼"}
	if got := p.AddressToDistrict(); got != "上海市上海市浦东新区****" {
		t.Errorf("address cut to district = %s", got)
	}
}

func TestPlanByStage(t *testing.T) {
	cases := []struct {
		name   string
		o      Order
		kind   ChangeKind
		want   ChangeAction
		refuse apperr.Code
	}{
		{"address change before printing edits in place", Order{State: Released, Stage: NotPrinted}, ChangeAddress, ActEdit, ""},
		{"address change after printing reprints", Order{State: Released, Stage: Printed}, ChangeAddress, ActReprint, ""},
		{"goods change once packed retrieves and relabels", Order{State: Released, Stage: Packed}, ChangeGoods, ActRetrieveRelabel, ""},
		{"address change once shipped goes to after-sales", Order{State: Released, Stage: Shipped, TrackingStatus: "IN_TRANSIT"}, ChangeAddress, ActAfterSales, ""},
		{"cancel before printing voids", Order{State: PendingVerification, Stage: NotPrinted}, ChangeCancel, ActVoid, ""},
		{"cancel after printing gets the printed slips back first", Order{State: Released, Stage: Printed}, ChangeCancel, ActVoidPrinted, ""},
		{"cancel once packed retrieves and voids", Order{State: Released, Stage: Packed}, ChangeCancel, ActRetrieveVoid, ""},
		{"cancel once shipped is an after-sales recall", Order{State: Released, Stage: Shipped}, ChangeCancel, ActAfterSales, ""},
		{"a cancelled order cannot change", Order{State: Cancelled, Stage: NotPrinted}, ChangeAddress, "", apperr.OrderCancelled},
		{"a signed parcel cannot change", Order{State: Released, Stage: Shipped, TrackingStatus: "SIGNED"}, ChangeGoods, "", apperr.OrderDelivered},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Plan(&c.o, c.kind)
			if got != c.want || apperr.CodeOf(err) != c.refuse && !(c.refuse == "" && err == nil) {
				t.Errorf("Plan = %s, %v; want %s, %s", got, err, c.want, c.refuse)
			}
		})
	}
}

func TestPromisedArrivalPerService(t *testing.T) {
	zone, _ := time.LoadLocation("Asia/Shanghai")
	from := time.Date(2026, 11, 24, 22, 30, 0, 0, zone) // late evening local time
	slot := time.Date(2026, 11, 26, 10, 0, 0, 0, zone)
	cases := []struct {
		name string
		o    Order
		want time.Time
	}{
		{"next-day arrives the next day by 18:00", Order{Service: NextDay}, time.Date(2026, 11, 25, 18, 0, 0, 0, zone)},
		{"standard arrives in three days by 18:00", Order{Service: Standard}, time.Date(2026, 11, 27, 18, 0, 0, 0, zone)},
		{"insured follows standard", Order{Service: Insured}, time.Date(2026, 11, 27, 18, 0, 0, 0, zone)},
		{"time-slot arrives at the agreed time", Order{Service: TimeSlot, RequiredArrivalAt: &slot}, slot},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PromisedArrival(&c.o, from.UTC(), zone); !got.Equal(c.want) {
				t.Errorf("got %s, want %s", got.In(zone), c.want)
			}
		})
	}
}

func TestReturnFreightPayers(t *testing.T) {
	cases := []struct {
		name              string
		kind              ReturnKind
		reason            ReturnReason
		back, replacement Payer
	}{
		{"a quality return is paid by the company", KindReturn, ReasonQuality, PayerCompany, ""},
		{"a quality exchange is paid both ways by the company", KindExchange, ReasonQuality, PayerCompany, PayerCompany},
		{"any other return leg is paid by the customer", KindReturn, ReasonOther, PayerCustomer, ""},
		{"an exchange for another reason: customer pays the return leg only", KindExchange, ReasonOther, PayerCustomer, PayerCompany},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			back, repl := Payers(c.kind, c.reason)
			if back != c.back || repl != c.replacement {
				t.Errorf("Payers = %s, %s; want %s, %s", back, repl, c.back, c.replacement)
			}
		})
	}
}
