CREATE TABLE tracking_events (
    id                TEXT PRIMARY KEY,
    event_key         TEXT NOT NULL UNIQUE,
    order_id          TEXT NOT NULL REFERENCES orders (id),
    status            TEXT NOT NULL CHECK (status IN ('PICKED_UP', 'IN_TRANSIT', 'ARRIVED_AT_HUB', 'OUT_FOR_DELIVERY', 'SIGNED', 'EXCEPTION', 'RETURNED')),
    exception_reason  TEXT NOT NULL,
    signer_name       TEXT NOT NULL,
    occurred_at       TIMESTAMP NOT NULL,
    recorded_at       TIMESTAMP NOT NULL,
    place             TEXT NOT NULL,
    scanned_by        TEXT NOT NULL,
    note              TEXT NOT NULL,
    source_kind       TEXT NOT NULL,
    source_id         TEXT NOT NULL
);
--bun:split
CREATE INDEX tracking_events_order_idx ON tracking_events (order_id, occurred_at, id);
--bun:split
CREATE TABLE tracking_lookup_failures (
    waybill_no         TEXT PRIMARY KEY,
    failures           INTEGER NOT NULL,
    window_started_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE tracking_rounds (
    id            TEXT PRIMARY KEY,
    depot_id      TEXT NOT NULL REFERENCES org_units (id),
    day           TEXT NOT NULL,
    slot          TEXT NOT NULL CHECK (slot IN ('MORNING', 'AFTERNOON')),
    starts_at     TIMESTAMP NOT NULL,
    due_at        TIMESTAMP NOT NULL,
    generated_at  TIMESTAMP NOT NULL,
    UNIQUE (depot_id, day, slot)
);
--bun:split
CREATE TABLE tracking_round_items (
    id             TEXT PRIMARY KEY,
    round_id       TEXT NOT NULL REFERENCES tracking_rounds (id),
    order_id       TEXT NOT NULL REFERENCES orders (id),
    agent_id       TEXT NOT NULL REFERENCES staff (id),
    checked_at     TIMESTAMP,
    checked_by     TEXT,
    customer_told  BOOLEAN NOT NULL,
    note           TEXT NOT NULL,
    UNIQUE (round_id, order_id)
);
--bun:split
CREATE INDEX tracking_round_items_agent_idx ON tracking_round_items (agent_id, round_id);
--bun:split
CREATE TABLE arrival_confirmations (
    id               TEXT PRIMARY KEY,
    order_id         TEXT NOT NULL UNIQUE REFERENCES orders (id),
    arrived_at       TIMESTAMP NOT NULL,
    goods_condition  TEXT NOT NULL,
    driver_attitude  TEXT NOT NULL,
    signer_name      TEXT NOT NULL,
    reached_by       TEXT NOT NULL,
    note             TEXT NOT NULL,
    recorded_by      TEXT NOT NULL REFERENCES staff (id),
    recorded_at      TIMESTAMP NOT NULL
);
