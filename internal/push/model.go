package push

import (
	"time"

	"github.com/uptrace/bun"
)

// Subscription is one device's browser push subscription for a staff member.
type Subscription struct {
	bun.BaseModel `bun:"table:push_subscriptions"`

	ID       string `bun:"id,pk"`
	StaffID  string `bun:"staff_id"`
	Endpoint string `bun:"endpoint"`
	// P256DH is the browser's public key (base64url, uncompressed P-256 point) and Auth
	// its 16-byte authentication secret (base64url), as PushSubscription.getKey gives them.
	P256DH          string     `bun:"p256dh"`
	Auth            string     `bun:"auth"`
	Label           string     `bun:"label"`
	VAPIDKeyID      string     `bun:"vapid_key_id"`
	CreatedAt       time.Time  `bun:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at"`
	LastDeliveredAt *time.Time `bun:"last_delivered_at"`
}

// VAPIDKey is one application server key pair (P-256, base64url without padding, the
// private key as its 32-byte scalar).
type VAPIDKey struct {
	bun.BaseModel `bun:"table:push_vapid_keys"`

	ID         string     `bun:"id,pk"`
	Slot       *string    `bun:"slot"`
	PublicKey  string     `bun:"public_key"`
	PrivateKey string     `bun:"private_key"`
	CreatedAt  time.Time  `bun:"created_at"`
	RetiredAt  *time.Time `bun:"retired_at"`
}

// slotCurrent marks the key new subscriptions are made with.
const slotCurrent = "current"
