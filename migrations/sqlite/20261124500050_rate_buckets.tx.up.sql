-- The shared token buckets (see ratelimit.chargeSQL). Unused by a SQLite server, which
-- runs as a single process and keeps buckets in memory (a write per request would cost a
-- synchronous commit); created so both dialects have the same tables. It replaces
-- partner_budgets, scratch state with nothing to keep.
CREATE TABLE rate_buckets (
    key            TEXT PRIMARY KEY,
    tokens         REAL NOT NULL,
    refilled_at_us INTEGER NOT NULL,
    admitted       BOOLEAN NOT NULL
);

--bun:split

DROP TABLE partner_budgets;
