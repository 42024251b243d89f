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
    published_at    TIMESTAMP NOT NULL
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
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    order_id     TEXT UNIQUE
);
--bun:split
ALTER TABLE notices ADD COLUMN tariff_id TEXT;
--bun:split
ALTER TABLE orders ADD COLUMN quote_id TEXT;
--bun:split
ALTER TABLE orders ADD COLUMN freight_fen BIGINT;
--bun:split
-- 经济快递 (ECONOMY) becomes an order service. Widening a CHECK constraint changes no
-- stored row, so instead of rebuilding orders (and dropping columns other migrations may
-- have added meanwhile) the constraint's text is edited in place, the procedure SQLite
-- documents for loosening constraints; RESET reloads the schema.
PRAGMA writable_schema = ON;
--bun:split
UPDATE sqlite_schema SET sql = replace(sql, '''TIME_SLOT'', ''INSURED'')', '''TIME_SLOT'', ''INSURED'', ''ECONOMY'')')
WHERE type = 'table' AND name = 'orders';
--bun:split
PRAGMA writable_schema = RESET;
