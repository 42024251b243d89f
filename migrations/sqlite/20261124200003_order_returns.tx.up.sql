CREATE TABLE order_returns (
    id                     TEXT PRIMARY KEY,
    order_id               TEXT NOT NULL UNIQUE REFERENCES orders (id),
    kind                   TEXT NOT NULL CHECK (kind IN ('RETURN', 'EXCHANGE')),
    reason                 TEXT NOT NULL CHECK (reason IN ('QUALITY', 'OTHER')),
    description            TEXT NOT NULL,
    parcel_intact          BOOLEAN NOT NULL,
    photo_refs             TEXT NOT NULL,
    return_leg_payer       TEXT NOT NULL,
    replacement_leg_payer  TEXT NOT NULL,
    return_order_id        TEXT NOT NULL REFERENCES orders (id),
    replacement_order_id   TEXT REFERENCES orders (id),
    opened_by              TEXT NOT NULL REFERENCES staff (id),
    opened_at              TIMESTAMP NOT NULL
);
