package partner

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// Webhooks are signed as the Standard Webhooks specification (standardwebhooks.com)
// says, so a partner verifies them with an off-the-shelf library in any language:
//
//	webhook-id:        the event id (the same on retries and replays)
//	webhook-timestamp: Unix seconds of this attempt
//	webhook-signature: "v1," and the base64 HMAC-SHA256 of "<id>.<timestamp>.<body>"
//
// keyed with the base64-decoded part of the endpoint's "whsec_<base64>" secret.
//
// The product's first scheme (X-CS-Event-Id, X-CS-Event, X-CS-Timestamp and
// X-CS-Signature: "v1=" and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the
// whole secret string) is still sent, deprecated, until the removal date in
// CHANGELOG.md.

// Standard Webhooks header names.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

const secretPrefix = "whsec_"

// NewSigningSecret returns a fresh endpoint secret: "whsec_" and the standard base64 of
// 32 random bytes, the form Standard Webhooks libraries take.
func NewSigningSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return secretPrefix + base64.StdEncoding.EncodeToString(b)
}

// SigningKey is the HMAC key of a secret. Endpoints registered before Standard Webhooks
// have "whsec_" and unpadded URL-safe base64, which no standard library decodes; their key
// is the whole secret string, the key their X-CS-Signature always used, so their
// Standard Webhooks secret is StandardSecret of it and nobody has to rotate.
func SigningKey(secret string) []byte {
	if rest, ok := strings.CutPrefix(secret, secretPrefix); ok {
		if key, err := base64.StdEncoding.DecodeString(rest); err == nil && len(key) >= 24 {
			return key
		}
	}
	return []byte(secret)
}

// StandardSecret is secret in the form Standard Webhooks libraries take: itself for an
// endpoint registered since, "whsec_" and the base64 of the whole old secret for one
// registered before.
func StandardSecret(secret string) string {
	return secretPrefix + base64.StdEncoding.EncodeToString(SigningKey(secret))
}

// Signature is the webhook-signature value for the event msgID sent at ts with body.
func Signature(secret, msgID string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, SigningKey(secret))
	mac.Write([]byte(msgID))
	mac.Write([]byte("."))
	mac.Write([]byte(strconv.FormatInt(ts.Unix(), 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// LegacySignature is the deprecated X-CS-Signature value: "v1=" and the hex
// HMAC-SHA256, keyed with the whole secret string, of the Unix timestamp, a dot and the
// body.
func LegacySignature(secret string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ts.Unix(), 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// signHeaders sets the Standard Webhooks headers and the deprecated X-CS-* ones.
func signHeaders(h http.Header, secret, eventID string, typ EventType, ts time.Time, body []byte) {
	unix := strconv.FormatInt(ts.Unix(), 10)
	h.Set(HeaderID, eventID)
	h.Set(HeaderTimestamp, unix)
	h.Set(HeaderSignature, Signature(secret, eventID, ts, body))
	h.Set("X-CS-Event-Id", eventID)
	h.Set("X-CS-Event", string(typ))
	h.Set("X-CS-Timestamp", unix)
	h.Set("X-CS-Signature", LegacySignature(secret, ts, body))
}

// Verification refusals, for receivers written in Go.
var (
	ErrSignatureMismatch = errors.New("webhook signature does not match")
	ErrTimestampTooOld   = errors.New("webhook timestamp outside the tolerance")
)

// Verify checks a received webhook with the Standard Webhooks library
// (github.com/standard-webhooks/standard-webhooks/libraries/go): the webhook-signature
// over webhook-id, webhook-timestamp and the raw body, and that the timestamp is within
// tolerance of now (5 minutes is usual), so a captured request cannot be replayed later.
// Receivers should also refuse a webhook-id they have already processed.
func Verify(secret string, header http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	wh, err := standardwebhooks.NewWebhook(StandardSecret(secret))
	if err != nil {
		return ErrSignatureMismatch
	}
	sec, err := strconv.ParseInt(header.Get(HeaderTimestamp), 10, 64)
	if err != nil {
		return ErrSignatureMismatch
	}
	if ts := time.Unix(sec, 0); now.Sub(ts) > tolerance || ts.Sub(now) > tolerance {
		return ErrTimestampTooOld
	}
	if err := wh.VerifyIgnoringTimestamp(body, header); err != nil {
		return ErrSignatureMismatch
	}
	return nil
}
