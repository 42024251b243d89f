-- Leave balances: the day a person started working (cumulative years of service decide
-- the statutory annual leave), and each organisation's settings per leave type, which
-- override the national defaults kept in code (internal/roster/balance.go).
ALTER TABLE staff ADD COLUMN work_start_day TEXT;
--bun:split
CREATE TABLE leave_entitlements (
    leave_type_id   TEXT PRIMARY KEY REFERENCES leave_types (id),
    org_id          TEXT NOT NULL REFERENCES org_units (id),
    days            INTEGER,
    extra_days      INTEGER NOT NULL DEFAULT 0,
    max_carry_days  INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,
    updated_by      TEXT,
    updated_at      TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX leave_entitlements_org ON leave_entitlements (org_id);
