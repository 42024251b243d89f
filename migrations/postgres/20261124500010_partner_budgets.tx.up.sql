-- One token bucket per partner client, shared by every server instance: each request
-- refills and charges it in one statement (see partner.chargeSQL). UNLOGGED: a charge
-- writes no WAL, so its commit waits for no disk flush; after a crash the table is empty
-- and every client starts with a full bucket, which is the right way to err.
CREATE UNLOGGED TABLE partner_budgets (
    client_id      TEXT PRIMARY KEY REFERENCES partner_clients (id),
    tokens         DOUBLE PRECISION NOT NULL,
    refilled_at_us BIGINT NOT NULL,
    admitted       BOOLEAN NOT NULL
);
