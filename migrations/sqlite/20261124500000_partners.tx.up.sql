ALTER TABLE partner_clients ADD COLUMN budget_per_minute INTEGER NOT NULL DEFAULT 10000;
--bun:split
ALTER TABLE partner_clients ADD COLUMN persisted_only BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
ALTER TABLE partner_clients ADD COLUMN secret_rotated_at TIMESTAMP;
--bun:split
ALTER TABLE partner_clients ADD COLUMN revoked_at TIMESTAMP;
--bun:split
CREATE TABLE partner_operations (
    id           TEXT NOT NULL,
    client_id    TEXT NOT NULL REFERENCES partner_clients (id),
    name         TEXT NOT NULL,
    document     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (client_id, id)
);
--bun:split
CREATE TABLE webhook_endpoints (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES partner_clients (id),
    url          TEXT NOT NULL,
    events       TEXT NOT NULL,
    secret       TEXT NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX webhook_endpoints_client_idx ON webhook_endpoints (client_id, id);
--bun:split
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints (id),
    event_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error       TEXT NOT NULL DEFAULT '',
    next_retry_at    TIMESTAMP,
    delivered_at     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    UNIQUE (endpoint_id, event_id)
);
--bun:split
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);
--bun:split
CREATE TABLE webhook_attempts (
    id            TEXT PRIMARY KEY,
    delivery_id   TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempt       INTEGER NOT NULL,
    status_code   INTEGER,
    error         TEXT NOT NULL DEFAULT '',
    next_retry_at TIMESTAMP,
    attempted_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempted_at);
