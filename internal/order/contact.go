package order

import (
	"regexp"
	"strings"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/text"
)

// Party is a consignor (寄件人) or consignee (收件人): a name, a mainland phone number
// and an address in four parts.
type Party struct {
	Name     string `bun:"name" json:"name"`
	Phone    string `bun:"phone" json:"phone"`
	Province string `bun:"province" json:"province"`
	City     string `bun:"city" json:"city"`
	District string `bun:"district" json:"district"`
	Detail   string `bun:"detail" json:"detail"`
}

var (
	// Mobile numbers: 11 digits, 1 then 3–9.
	mobileRe = regexp.MustCompile(`^1[3-9]\d{9}$`)
	// Landlines: a three-digit area code for Beijing (010) and the 02x cities, four
	// digits elsewhere; a local number of 7 or 8 digits not starting with 0; an
	// optional extension.
	landlineRe = regexp.MustCompile(`^(010|02\d|0[3-9]\d{2})-[1-9]\d{6,7}(-\d{1,6})?$`)
)

// NormalizePhone accepts a mainland mobile or landline number as people type it
// (spaces, a +86 prefix, 转 for an extension) and returns it in the stored form:
// 13812345678, 021-12345678 or 0571-87654321-123.
func NormalizePhone(raw string) (string, bool) {
	p := strings.Join(strings.Fields(raw), "")
	p = strings.ReplaceAll(p, "转", "-")
	p = strings.TrimPrefix(p, "+86")
	if mobileRe.MatchString(p) {
		return p, true
	}
	if strings.HasPrefix(p, "86") && mobileRe.MatchString(p[2:]) {
		return p[2:], true
	}
	if landlineRe.MatchString(p) {
		return p, true
	}
	return "", false
}

// LastFour returns the last four digits of the subscriber number (an extension is not
// part of it): what a customer gives to look up a parcel.
func LastFour(phone string) string {
	main := phone
	if parts := strings.Split(phone, "-"); len(parts) >= 2 {
		main = parts[1]
	}
	if len(main) < 4 {
		return main
	}
	return main[len(main)-4:]
}

// MaskPhone hides the middle of a number: 138****5678, 021-****5678.
func MaskPhone(phone string) string {
	if parts := strings.Split(phone, "-"); len(parts) >= 2 {
		return parts[0] + "-****" + LastFour(phone)
	}
	if len(phone) < 8 {
		return "****"
	}
	return phone[:3] + "****" + phone[len(phone)-4:]
}

// AddressToDistrict is the address cut to the district, which is what staff and partners
// see without revealing: 上海市浦东新区****.
func (p Party) AddressToDistrict() string {
	return p.Province + p.City + p.District + "****"
}

// FullAddress joins the four parts.
func (p Party) FullAddress() string {
	return p.Province + p.City + p.District + p.Detail
}

// The text rules of a party's fields (see internal/text).
var (
	partyName    = text.Rule{Max: text.NameMax}
	addressPart  = text.Rule{Max: 120}
	addressParts = []struct{ name, zh, en string }{
		{"province", "省份", "province"}, {"city", "城市", "city"}, {"district", "区县", "district"}, {"detail", "详细地址", "street address"},
	}
)

// normalize cleans every part with the text rules and checks the party; field names the
// input ("consignor").
func (p Party) normalize(op, field string) (Party, error) {
	var err error
	r := partyName
	r.Field = field + ".name"
	if p.Name, err = r.Clean(op, p.Name); err != nil {
		return p, err
	}
	phone, ok := NormalizePhone(p.Phone)
	if !ok {
		return p, apperr.Invalid(op, field+".phone",
			"电话格式不正确:手机号为 11 位(1 开头),座机为区号-号码,如 021-12345678 或 0571-87654321-123",
			"Not a mainland number: a mobile has 11 digits starting with 1; a landline is area code-number, e.g. 021-12345678 or 0571-87654321-123")
	}
	p.Phone = phone
	parts := []*string{&p.Province, &p.City, &p.District, &p.Detail}
	for i, part := range addressParts {
		r := addressPart
		r.Field = field + "." + part.name
		if *parts[i], err = r.Clean(op, *parts[i]); err != nil {
			return p, err
		}
	}
	return p, nil
}
