package push

import (
	"context"
	"crypto/ecdh"
	"database/sql"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// NewSubscription is what a phone's browser gives after PushManager.subscribe.
type NewSubscription struct {
	Endpoint string
	P256DH   string
	Auth     string
	// ApplicationServerKey is the public key the browser subscribed with (from
	// PublicKey); a key rotated out meanwhile is refused, so the app subscribes again.
	ApplicationServerKey string
	// Label names the device for its owner ("张伟的手机"); optional.
	Label string
}

// endpointMax bounds a push endpoint URL (real ones are a few hundred characters).
const endpointMax = 2048

var labelRule = text.Rule{Field: "label", Max: text.ShortMax, Optional: true}

// Subscribe stores the caller's subscription for one device. Subscribing the same
// endpoint again (a retry, new keys, another person logging in on a shared phone)
// updates it in place, so it is idempotent without a key and one device never gets a
// message twice. Staff only; BAD_USER_INPUT for a malformed endpoint, key or label.
func (s *Service) Subscribe(ctx context.Context, in NewSubscription) (*Subscription, error) {
	const op = "push.Subscribe"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	endpoint, err := s.checkEndpoint(op, in.Endpoint)
	if err != nil {
		return nil, err
	}
	if raw, err := decodeB64(in.P256DH); err != nil || len(raw) != 65 {
		return nil, apperr.Invalid(op, "p256dh", "设备公钥无效", "The device's public key is not a P-256 point")
	} else if _, err := ecdh.P256().NewPublicKey(raw); err != nil {
		return nil, apperr.Invalid(op, "p256dh", "设备公钥无效", "The device's public key is not a P-256 point")
	}
	if raw, err := decodeB64(in.Auth); err != nil || len(raw) != 16 {
		return nil, apperr.Invalid(op, "auth", "设备认证密钥无效", "The device's authentication secret must be 16 bytes")
	}
	label, err := labelRule.Clean(op, in.Label)
	if err != nil {
		return nil, err
	}
	key, err := s.CurrentKey(ctx)
	if err != nil {
		return nil, err
	}
	if strings.TrimRight(in.ApplicationServerKey, "=") != key.PublicKey {
		return nil, apperr.Invalid(op, "applicationServerKey", "推送密钥已更换，请重新开启通知", "The push key has changed; turn notifications on again")
	}
	now := s.now()
	sub := &Subscription{ID: uuid.Must(uuid.NewV7()).String(), StaffID: p.ID, Endpoint: endpoint, P256DH: in.P256DH,
		Auth: in.Auth, Label: label, VAPIDKeyID: key.ID, CreatedAt: now, UpdatedAt: now}
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(sub).On("CONFLICT (endpoint) DO UPDATE").
			Set("staff_id = EXCLUDED.staff_id").Set("p256dh = EXCLUDED.p256dh").Set("auth = EXCLUDED.auth").
			Set("label = EXCLUDED.label").Set("vapid_key_id = EXCLUDED.vapid_key_id").
			Set("updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
			return err
		}
		return tx.NewSelect().Model(sub).Where("endpoint = ?", endpoint).Scan(ctx)
	})
	return sub, apperr.Wrap(op, err)
}

// checkEndpoint accepts an absolute https URL (http only when AllowHTTP) without user
// information or fragment.
func (s *Service) checkEndpoint(op, raw string) (string, error) {
	bad := apperr.Invalid(op, "endpoint", "推送地址无效", "The push endpoint must be an https URL")
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > endpointMax {
		return "", bad
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return "", bad
	}
	if u.Scheme != "https" && (u.Scheme != "http" || !s.AllowHTTP) {
		return "", bad
	}
	return u.String(), nil
}

// Unsubscribe removes one of the caller's devices and reports whether it was there.
// Removing it again, or naming another person's device, removes nothing. Staff only.
func (s *Service) Unsubscribe(ctx context.Context, id string) (bool, error) {
	const op = "push.Unsubscribe"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return false, err
	}
	res, err := s.DB.W.NewDelete().Model((*Subscription)(nil)).Where("id = ? AND staff_id = ?", id, p.ID).Exec(ctx)
	if err != nil {
		return false, apperr.Wrap(op, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// MyDevices lists the caller's subscribed devices, newest first. Staff only.
func (s *Service) MyDevices(ctx context.Context) ([]*Subscription, error) {
	const op = "push.MyDevices"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*Subscription
	err = s.DB.R.NewSelect().Model(&out).Where("staff_id = ?", p.ID).OrderExpr("created_at DESC, id DESC").Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// subscription loads one subscription; nil when it is gone.
func (s *Service) subscription(ctx context.Context, id string) (*Subscription, error) {
	sub := new(Subscription)
	err := s.DB.R.NewSelect().Model(sub).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return sub, err
}

// decodeB64 reads base64url with or without padding (browsers give it without).
func decodeB64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
