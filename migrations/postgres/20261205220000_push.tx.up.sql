-- Web Push: the application server's VAPID keys (RFC 8292) and each staff member's
-- browser subscriptions (RFC 8030/8291). slot is 'current' for the key new subscriptions
-- use and NULL once rotated out; a subscription keeps signing with the key it was made
-- with until the phone subscribes again.
CREATE TABLE push_vapid_keys (
    id           TEXT PRIMARY KEY,
    slot         TEXT UNIQUE,
    public_key   TEXT NOT NULL,
    private_key  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    retired_at   TIMESTAMPTZ
);
--bun:split
CREATE TABLE push_subscriptions (
    id                 TEXT PRIMARY KEY,
    staff_id           TEXT NOT NULL REFERENCES staff (id),
    endpoint           TEXT NOT NULL UNIQUE,
    p256dh             TEXT NOT NULL,
    auth               TEXT NOT NULL,
    label              TEXT NOT NULL,
    vapid_key_id       TEXT NOT NULL REFERENCES push_vapid_keys (id),
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    last_delivered_at  TIMESTAMPTZ
);
--bun:split
CREATE INDEX push_subscriptions_staff_idx ON push_subscriptions (staff_id);
