package push

import (
	"context"
	"database/sql"
	"errors"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// CurrentKey returns the key new subscriptions are made with, generating and storing
// the first one on first use. Two instances doing that at once store one key (the slot
// is unique) and both return it.
func (s *Service) CurrentKey(ctx context.Context) (*VAPIDKey, error) {
	const op = "push.CurrentKey"
	k, err := s.currentKey(ctx, s.DB.R)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return k, apperr.Wrap(op, err)
	}
	nk, err := newKey(s.now())
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	if _, err := s.DB.W.NewInsert().Model(nk).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	k, err = s.currentKey(ctx, s.DB.W)
	return k, apperr.Wrap(op, err)
}

func (s *Service) currentKey(ctx context.Context, idb bun.IDB) (*VAPIDKey, error) {
	k := new(VAPIDKey)
	err := idb.NewSelect().Model(k).Where("slot = ?", slotCurrent).Scan(ctx)
	return k, err
}

func newKey(now time.Time) (*VAPIDKey, error) {
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		return nil, err
	}
	slot := slotCurrent
	return &VAPIDKey{ID: uuid.Must(uuid.NewV7()).String(), Slot: &slot, PublicKey: pub, PrivateKey: priv, CreatedAt: now}, nil
}

// RotateKey retires the current key and makes a new one current. Phones subscribed with
// the old key keep receiving (signed with the key they were made with) until the app
// sees the new public key and subscribes again. The operator's command (`server
// push-rotate-key`), not an API.
func (s *Service) RotateKey(ctx context.Context) (*VAPIDKey, error) {
	const op = "push.RotateKey"
	now := s.now()
	nk, err := newKey(now)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model((*VAPIDKey)(nil)).Set("slot = NULL").Set("retired_at = ?", now).
			Where("slot = ?", slotCurrent).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(nk).Exec(ctx)
		return err
	})
	return nk, apperr.Wrap(op, err)
}

// PublicKey is the application server key the app subscribes with (base64url). Staff
// only.
func (s *Service) PublicKey(ctx context.Context) (string, error) {
	if _, err := identity.RequireStaff(ctx, "push.PublicKey"); err != nil {
		return "", err
	}
	k, err := s.CurrentKey(ctx)
	if err != nil {
		return "", err
	}
	return k.PublicKey, nil
}
