CREATE TABLE orders (
    id                          TEXT PRIMARY KEY,
    waybill_no                  TEXT NOT NULL UNIQUE,
    depot_id                    TEXT NOT NULL REFERENCES org_units (id),
    partner_client_id           TEXT REFERENCES partner_clients (id),
    created_by                  TEXT NOT NULL REFERENCES staff (id),
    consignor_name              TEXT NOT NULL,
    consignor_phone             TEXT NOT NULL,
    consignor_province          TEXT NOT NULL,
    consignor_city              TEXT NOT NULL,
    consignor_district          TEXT NOT NULL,
    consignor_detail            TEXT NOT NULL,
    consignee_name              TEXT NOT NULL,
    consignee_phone             TEXT NOT NULL,
    consignee_province          TEXT NOT NULL,
    consignee_city              TEXT NOT NULL,
    consignee_district          TEXT NOT NULL,
    consignee_detail            TEXT NOT NULL,
    goods_name                  TEXT NOT NULL,
    goods_quantity              INTEGER NOT NULL,
    goods_weight_grams          INTEGER NOT NULL,
    goods_volume_cm3            INTEGER NOT NULL,
    goods_declared_value_fen    INTEGER,
    service                     TEXT NOT NULL CHECK (service IN ('STANDARD', 'NEXT_DAY', 'TIME_SLOT', 'INSURED')),
    required_arrival_at         TIMESTAMP,
    fragile                     BOOLEAN NOT NULL,
    keep_upright                BOOLEAN NOT NULL,
    keep_dry                    BOOLEAN NOT NULL,
    invoice_title               TEXT NOT NULL,
    delivery_window_from        TEXT NOT NULL,
    delivery_window_to          TEXT NOT NULL,
    card_text                   TEXT NOT NULL,
    state                       TEXT NOT NULL CHECK (state IN ('PENDING_VERIFICATION', 'RELEASED', 'CANCELLED', 'AFTER_SALES')),
    stage                       TEXT NOT NULL CHECK (stage IN ('NOT_PRINTED', 'PRINTED', 'PACKED', 'SHIPPED')),
    tracking_status             TEXT NOT NULL,
    tracking_exception_reason   TEXT NOT NULL,
    tracking_event_at           TIMESTAMP,
    eta                         TIMESTAMP NOT NULL,
    return_of_id                TEXT REFERENCES orders (id),
    version                     INTEGER NOT NULL,
    created_at                  TIMESTAMP NOT NULL,
    updated_at                  TIMESTAMP NOT NULL,
    released_at                 TIMESTAMP
);
--bun:split
CREATE INDEX orders_depot_idx ON orders (depot_id, id);
--bun:split
CREATE INDEX orders_partner_idx ON orders (partner_client_id, id);
--bun:split
CREATE INDEX orders_depot_tracking_idx ON orders (depot_id, tracking_status);
--bun:split
CREATE TABLE order_verifications (
    order_id     TEXT NOT NULL REFERENCES orders (id),
    element      TEXT NOT NULL,
    verified_by  TEXT NOT NULL REFERENCES staff (id),
    verified_at  TIMESTAMP NOT NULL,
    note         TEXT NOT NULL,
    PRIMARY KEY (order_id, element)
);
--bun:split
CREATE TABLE order_history (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    kind            TEXT NOT NULL,
    action          TEXT NOT NULL,
    remark          TEXT NOT NULL,
    changed_fields  TEXT NOT NULL,
    before_json     TEXT NOT NULL,
    after_json      TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX order_history_order_idx ON order_history (order_id, created_at, id);
