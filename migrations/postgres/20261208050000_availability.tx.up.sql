-- Availability (issue 20 item 3): a person marks a day, or a time range within a day,
-- they cannot work (UNAVAILABLE) or prefer not to (PREFER_NOT), with a reason. The roster
-- editor shows the marks and warns (never refuses) when assigning against them.
CREATE TABLE availability_marks (
    id              TEXT PRIMARY KEY,
    staff_id        TEXT NOT NULL REFERENCES staff (id),
    depot_id        TEXT NOT NULL REFERENCES org_units (id),
    day             TEXT NOT NULL,
    start_minute    INTEGER,
    end_minute      INTEGER,
    kind            TEXT NOT NULL,
    reason          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX availability_marks_depot_day_idx ON availability_marks (depot_id, day);
--bun:split
CREATE INDEX availability_marks_staff_day_idx ON availability_marks (staff_id, day);
