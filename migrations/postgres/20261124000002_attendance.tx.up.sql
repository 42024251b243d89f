CREATE TABLE attendance_punches (
    id           TEXT PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    kind         TEXT NOT NULL CHECK (kind IN ('CLOCK_IN', 'CLOCK_OUT')),
    occurred_at  TIMESTAMPTZ NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    work_day     TEXT NOT NULL
);
--bun:split
CREATE INDEX attendance_punches_staff_day_idx ON attendance_punches (staff_id, work_day, occurred_at);
