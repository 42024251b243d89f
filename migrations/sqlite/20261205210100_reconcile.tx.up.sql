-- Month-end reconciliation with consignment stations (托运站对账). A station belongs to
-- the depot that hands goods over to it; its contract rate is a JSON document like a
-- tariff's zone price. A signed month keeps its lines as signed, in one JSON document.
CREATE TABLE consignment_stations (
    id                 TEXT PRIMARY KEY,
    depot_id           TEXT NOT NULL REFERENCES org_units (id),
    name               TEXT NOT NULL,
    partner_client_id  TEXT REFERENCES partner_clients (id),
    rate               TEXT NOT NULL,
    tolerance_fen      BIGINT NOT NULL CHECK (tolerance_fen >= 0),
    created_at         TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE station_handovers (
    id              TEXT PRIMARY KEY,
    station_id      TEXT NOT NULL REFERENCES consignment_stations (id),
    order_id        TEXT NOT NULL REFERENCES orders (id),
    waybill_no      TEXT NOT NULL,
    month           TEXT NOT NULL,
    weight_grams    BIGINT NOT NULL,
    expected_fen    BIGINT NOT NULL,
    handed_over_at  TIMESTAMP NOT NULL,
    recorded_by     TEXT NOT NULL REFERENCES staff (id),
    UNIQUE (station_id, order_id)
);
--bun:split
CREATE INDEX station_handovers_month_idx ON station_handovers (station_id, month);
--bun:split
CREATE TABLE station_bills (
    station_id   TEXT NOT NULL REFERENCES consignment_stations (id),
    month        TEXT NOT NULL,
    waybill_no   TEXT NOT NULL,
    billed_fen   BIGINT NOT NULL CHECK (billed_fen >= 0),
    receipt      BOOLEAN NOT NULL,
    imported_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (station_id, month, waybill_no)
);
--bun:split
CREATE TABLE reconciliation_marks (
    station_id     TEXT NOT NULL REFERENCES consignment_stations (id),
    month          TEXT NOT NULL,
    waybill_no     TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('ACCEPTED', 'DISPUTED', 'CORRECTED')),
    reason         TEXT NOT NULL,
    corrected_fen  BIGINT,
    decided_by     TEXT NOT NULL REFERENCES staff (id),
    decided_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL,
    PRIMARY KEY (station_id, month, waybill_no)
);
--bun:split
CREATE TABLE reconciliation_signoffs (
    station_id  TEXT NOT NULL REFERENCES consignment_stations (id),
    month       TEXT NOT NULL,
    lines       TEXT NOT NULL,
    signed_by   TEXT NOT NULL REFERENCES staff (id),
    signed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (station_id, month)
);
