-- Tariffs and quotes (收费标准/时效标准/报价). A tariff's terms are one JSON document:
-- published once, never changed, always read whole to price a parcel. A quote keeps the
-- request and the answer as given, so intake takes the quoted figures.
CREATE TABLE tariffs (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES org_units (id),
    name            TEXT NOT NULL,
    effective_from  TEXT NOT NULL,
    terms           TEXT NOT NULL,
    notice_id       TEXT NOT NULL REFERENCES notices (id),
    published_by    TEXT NOT NULL REFERENCES staff (id),
    published_at    TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX tariffs_effective_idx ON tariffs (org_id, effective_from);
--bun:split
CREATE TABLE quotes (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES org_units (id),
    depot_id     TEXT NOT NULL REFERENCES org_units (id),
    created_by   TEXT NOT NULL REFERENCES staff (id),
    tariff_id    TEXT NOT NULL REFERENCES tariffs (id),
    request      TEXT NOT NULL,
    zone         TEXT NOT NULL,
    options      TEXT NOT NULL,
    refusals     TEXT NOT NULL,
    recommended  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    order_id     TEXT UNIQUE
);
--bun:split
ALTER TABLE notices ADD COLUMN tariff_id TEXT;
--bun:split
ALTER TABLE orders ADD COLUMN quote_id TEXT;
--bun:split
ALTER TABLE orders ADD COLUMN freight_fen BIGINT;
--bun:split
-- 经济快递 (ECONOMY) becomes an order service.
ALTER TABLE orders DROP CONSTRAINT orders_service_check;
--bun:split
ALTER TABLE orders ADD CONSTRAINT orders_service_check CHECK (service IN ('STANDARD', 'NEXT_DAY', 'TIME_SLOT', 'INSURED', 'ECONOMY'));
