package partner_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/partner"
)

func TestWebhookSignatureVerification(t *testing.T) {
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	body := []byte(`{"id":"e1","type":"DELIVERED"}`)
	sig := partner.Sign("whsec_a", now, body)
	ts := fmt.Sprint(now.Unix())
	cases := []struct {
		name        string
		secret, sig string
		ts          string
		body        []byte
		at          time.Time
		want        error
	}{
		{"a fresh, correctly signed request is accepted", "whsec_a", sig, ts, body, now.Add(time.Minute), nil},
		{"a request older than five minutes is refused", "whsec_a", sig, ts, body, now.Add(6 * time.Minute), partner.ErrTimestampTooOld},
		{"a timestamp from the future is refused", "whsec_a", sig, ts, body, now.Add(-6 * time.Minute), partner.ErrTimestampTooOld},
		{"another endpoint's secret does not verify", "whsec_b", sig, ts, body, now, partner.ErrSignatureMismatch},
		{"a changed body does not verify", "whsec_a", sig, ts, []byte(`{"id":"e2"}`), now, partner.ErrSignatureMismatch},
		{"a moved timestamp does not verify", "whsec_a", sig, fmt.Sprint(now.Unix() + 1), body, now, partner.ErrSignatureMismatch},
		{"a malformed timestamp is refused", "whsec_a", sig, "yesterday", body, now, partner.ErrSignatureMismatch},
	}
	for _, c := range cases {
		if err := partner.Verify(c.secret, c.sig, c.ts, c.body, c.at, 5*time.Minute); !errors.Is(err, c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
