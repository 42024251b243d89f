-- One token bucket per key ("partner:<client id>", "lookup:<address>"), shared by every
-- server instance: each charge refills and takes in one statement (see
-- ratelimit.chargeSQL). UNLOGGED: a charge writes no WAL, so its commit waits for no disk
-- flush; after a crash the table is empty and every key starts with a full bucket, which
-- is the right way to err. It replaces partner_budgets, scratch state with nothing to keep.
CREATE UNLOGGED TABLE rate_buckets (
    key            TEXT PRIMARY KEY,
    tokens         DOUBLE PRECISION NOT NULL,
    refilled_at_us BIGINT NOT NULL,
    admitted       BOOLEAN NOT NULL
);

--bun:split

DROP TABLE partner_budgets;
