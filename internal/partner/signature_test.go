package partner_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/expresscs/cs/internal/partner"
)

// The specification's own example (standard-webhooks' test vector): our signer gives
// the same answer as every Standard Webhooks library.
func TestSignatureMatchesTheStandardWebhooksExample(t *testing.T) {
	got := partner.Signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
		time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
}

func TestNewSecretsAreStandardAndOldOnesConvert(t *testing.T) {
	secret := partner.NewSigningSecret()
	if !strings.HasPrefix(secret, "whsec_") || partner.StandardSecret(secret) != secret {
		t.Errorf("a new secret is already in the standard form: %s", secret)
	}
	if _, err := standardwebhooks.NewWebhook(secret); err != nil {
		t.Errorf("the official library takes a new secret: %v", err)
	}
	// Before Standard Webhooks, secrets were "whsec_" and unpadded URL-safe base64, which
	// standard libraries refuse; their key stays the whole string.
	old := "whsec_q-1R_kz9XlY0Hn3m2V7d8a5s4f6g7h8j9k0l1z2x3c4"
	if _, err := standardwebhooks.NewWebhook(old); err == nil {
		t.Fatal("an old secret should not decode as standard base64")
	}
	now := time.Now()
	body := []byte(`{"id":"e1"}`)
	h := http.Header{}
	h.Set("webhook-id", "e1")
	h.Set("webhook-timestamp", fmt.Sprint(now.Unix()))
	h.Set("webhook-signature", partner.Signature(old, "e1", now, body))
	wh, err := standardwebhooks.NewWebhook(partner.StandardSecret(old))
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(body, h); err != nil {
		t.Errorf("an old endpoint's deliveries verify with its converted secret: %v", err)
	}
	mac := hmac.New(sha256.New, []byte(old))
	mac.Write([]byte(fmt.Sprintf("%d.", now.Unix())))
	mac.Write(body)
	if got := partner.LegacySignature(old, now, body); got != "v1="+hex.EncodeToString(mac.Sum(nil)) {
		t.Errorf("the deprecated X-CS-Signature is unchanged: %s", got)
	}
}

func TestVerifyChecksSignatureTimestampAndBody(t *testing.T) {
	secret := partner.NewSigningSecret()
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	body := []byte(`{"id":"e1","type":"DELIVERED"}`)
	headers := func(secret, id string, ts time.Time) http.Header {
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", fmt.Sprint(ts.Unix()))
		h.Set("webhook-signature", partner.Signature(secret, id, ts, body))
		return h
	}
	good := headers(secret, "e1", now)
	moved := headers(secret, "e1", now)
	moved.Set("webhook-timestamp", fmt.Sprint(now.Unix()+1))
	otherID := headers(secret, "e1", now)
	otherID.Set("webhook-id", "e2")
	malformed := headers(secret, "e1", now)
	malformed.Set("webhook-timestamp", "yesterday")
	cases := []struct {
		name   string
		secret string
		h      http.Header
		body   []byte
		at     time.Time
		want   error
	}{
		{"a fresh, correctly signed request is accepted", secret, good, body, now.Add(time.Minute), nil},
		{"a request older than five minutes is refused", secret, good, body, now.Add(6 * time.Minute), partner.ErrTimestampTooOld},
		{"a timestamp from the future is refused", secret, good, body, now.Add(-6 * time.Minute), partner.ErrTimestampTooOld},
		{"another endpoint's secret does not verify", partner.NewSigningSecret(), good, body, now, partner.ErrSignatureMismatch},
		{"a changed body does not verify", secret, good, []byte(`{"id":"e2"}`), now, partner.ErrSignatureMismatch},
		{"a moved timestamp does not verify", secret, moved, body, now, partner.ErrSignatureMismatch},
		{"another event id does not verify", secret, otherID, body, now, partner.ErrSignatureMismatch},
		{"a malformed timestamp is refused", secret, malformed, body, now, partner.ErrSignatureMismatch},
		{"no headers at all are refused", secret, http.Header{}, body, now, partner.ErrSignatureMismatch},
	}
	for _, c := range cases {
		if err := partner.Verify(c.secret, c.h, c.body, c.at, 5*time.Minute); !errors.Is(err, c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
