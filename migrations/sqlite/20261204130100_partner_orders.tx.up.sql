-- A partner client with orders:write sends orders through the API: such an order was
-- taken by no staff member, so created_by is null and partner_client_id says who sent it.
-- SQLite cannot drop a NOT NULL constraint, so the table is rebuilt (SQLite's documented
-- procedure). Foreign keys stay on: deferred, the rows referring to orders are orphaned
-- while the table is dropped and found again when its rows are copied back, and the
-- commit fails if any is not. The column list is every column orders has at this point;
-- a migration that adds one before this file must add it here too.
PRAGMA defer_foreign_keys = ON;
--bun:split
CREATE TABLE orders_rebuild AS SELECT id, waybill_no, depot_id, partner_client_id, created_by,
    consignor_name, consignor_phone, consignor_province, consignor_city, consignor_district, consignor_detail,
    consignee_name, consignee_phone, consignee_province, consignee_city, consignee_district, consignee_detail,
    goods_name, goods_quantity, goods_weight_grams, goods_volume_cm3, goods_declared_value_fen,
    service, required_arrival_at, fragile, keep_upright, keep_dry, invoice_title, delivery_window_from,
    delivery_window_to, card_text, state, stage, tracking_status, tracking_exception_reason, tracking_event_at,
    eta, return_of_id, version, created_at, updated_at, released_at,
    tracking_best_status, tracking_best_at, tracking_last_exception_reason, tracking_last_exception_at,
    tracking_picked_up_at, tracking_out_at
FROM orders;
--bun:split
DROP TABLE orders;
--bun:split
CREATE TABLE orders (
    id                          TEXT PRIMARY KEY,
    waybill_no                  TEXT NOT NULL UNIQUE,
    depot_id                    TEXT NOT NULL REFERENCES org_units (id),
    partner_client_id           TEXT REFERENCES partner_clients (id),
    created_by                  TEXT REFERENCES staff (id),
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
    released_at                 TIMESTAMP,
    tracking_best_status            TEXT NOT NULL DEFAULT '',
    tracking_best_at                TIMESTAMP,
    tracking_last_exception_reason  TEXT NOT NULL DEFAULT '',
    tracking_last_exception_at      TIMESTAMP,
    tracking_picked_up_at           TIMESTAMP,
    tracking_out_at                 TIMESTAMP,
    parcel_open INTEGER GENERATED ALWAYS AS (state = 'RELEASED' AND tracking_status NOT IN ('SIGNED', 'RETURNED')) VIRTUAL
);
--bun:split
INSERT INTO orders (id, waybill_no, depot_id, partner_client_id, created_by,
    consignor_name, consignor_phone, consignor_province, consignor_city, consignor_district, consignor_detail,
    consignee_name, consignee_phone, consignee_province, consignee_city, consignee_district, consignee_detail,
    goods_name, goods_quantity, goods_weight_grams, goods_volume_cm3, goods_declared_value_fen,
    service, required_arrival_at, fragile, keep_upright, keep_dry, invoice_title, delivery_window_from,
    delivery_window_to, card_text, state, stage, tracking_status, tracking_exception_reason, tracking_event_at,
    eta, return_of_id, version, created_at, updated_at, released_at,
    tracking_best_status, tracking_best_at, tracking_last_exception_reason, tracking_last_exception_at,
    tracking_picked_up_at, tracking_out_at)
SELECT * FROM orders_rebuild;
--bun:split
DROP TABLE orders_rebuild;
--bun:split
CREATE INDEX orders_depot_idx ON orders (depot_id, id);
--bun:split
CREATE INDEX orders_partner_idx ON orders (partner_client_id, id);
--bun:split
CREATE INDEX orders_open_idx ON orders (depot_id, eta) WHERE parcel_open;
