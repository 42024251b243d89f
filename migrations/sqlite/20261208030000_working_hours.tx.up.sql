-- Lawful hours (issue 20, item 5): the organisation's standard working day and week and
-- its monthly overtime cap, in minutes (defaults 8 h, 44 h, 36 h), and the depots that run
-- an approved comprehensive-hours scheme (综合计算工时), with the hours of their standard
-- month; and each shift type's unpaid break (a 08:30-17:30 day shift with an hour's
-- lunch is 8 working hours). Rules in internal/roster/hours.go.
ALTER TABLE roster_settings ADD COLUMN daily_standard_minutes INTEGER NOT NULL DEFAULT 480;
--bun:split
ALTER TABLE roster_settings ADD COLUMN weekly_standard_minutes INTEGER NOT NULL DEFAULT 2640;
--bun:split
ALTER TABLE roster_settings ADD COLUMN monthly_overtime_cap_minutes INTEGER NOT NULL DEFAULT 2160;
--bun:split
CREATE TABLE depot_hours_schemes (
    depot_id                  TEXT PRIMARY KEY REFERENCES org_units (id),
    comprehensive             BOOLEAN NOT NULL,
    monthly_standard_minutes  INTEGER NOT NULL,
    version                   INTEGER NOT NULL DEFAULT 1,
    updated_by                TEXT,
    updated_at                TIMESTAMP NOT NULL
);
--bun:split
ALTER TABLE shift_types ADD COLUMN break_minutes INTEGER NOT NULL DEFAULT 0;
