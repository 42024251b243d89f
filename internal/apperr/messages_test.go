package apperr

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAcceptLanguage(t *testing.T) {
	cases := map[string]Locale{
		"":                        ZH,
		"en":                      EN,
		"en-US,en;q=0.9":          EN,
		"zh-CN,zh;q=0.9,en;q=0.8": ZH,
		"fr-FR":                   ZH,
		"fr-FR, en;q=0.5":         EN,
		"zh-TW":                   ZH,
		"garbage;;;":              ZH,
	}
	for header, want := range cases {
		if got := ParseAcceptLanguage(header); got != want {
			t.Errorf("ParseAcceptLanguage(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestEveryCodeSpeaksBothLanguages(t *testing.T) {
	for _, c := range Codes() {
		m := catalogue[c]
		if m.ZH == "" || m.EN == "" || m.ZH == m.EN {
			t.Errorf("%s lacks a message in one language: %+v", c, m)
		}
	}
}

// Chinese sentences take full-width punctuation (，；：（）？！), as the app's own text does; an
// ASCII comma in the middle of one reads as a typo to the agent on the phone.
func TestChineseMessagesUseFullWidthPunctuation(t *testing.T) {
	for _, c := range Codes() {
		if zh := catalogue[c].ZH; strings.ContainsAny(zh, ",;:()?!") {
			t.Errorf("%s: %q has ASCII punctuation", c, zh)
		}
	}
}

func TestInternalCauseIsNeverShown(t *testing.T) {
	err := Wrap("op", errors.New("pq: password authentication failed for secret"))
	for _, loc := range []Locale{ZH, EN} {
		if got := MessageFor(err, loc); got != Text(Internal, loc) {
			t.Errorf("MessageFor(internal, %s) = %q", loc, got)
		}
	}
	if MessageFor(errors.New("plain"), EN) != Text(Internal, EN) {
		t.Error("a plain error must read as internal")
	}
	inv := Invalid("op", "phone", "手机号格式不正确", "Malformed phone number")
	if MessageFor(inv, EN) != "Malformed phone number" || MessageFor(inv, ZH) != "手机号格式不正确" {
		t.Errorf("detail not used: %q", MessageFor(inv, EN))
	}
}
