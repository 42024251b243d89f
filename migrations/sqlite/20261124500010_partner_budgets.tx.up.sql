-- The shared token buckets of partner budgets (see partner.chargeSQL). Unused on
-- SQLite, which runs as a single process and keeps buckets in memory (a write per partner
-- request would cost a synchronous commit); created so both dialects have the same tables.
CREATE TABLE partner_budgets (
    client_id      TEXT PRIMARY KEY REFERENCES partner_clients (id),
    tokens         REAL NOT NULL,
    refilled_at_us INTEGER NOT NULL,
    admitted       BOOLEAN NOT NULL
);
