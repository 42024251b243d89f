-- Open shifts (issue 20 item 2): a shift a depot's supervisor posts for colleagues to
-- claim; confirming one claimant turns it into an ordinary roster assignment.
CREATE TABLE open_shifts (
    id              TEXT PRIMARY KEY,
    depot_id        TEXT NOT NULL REFERENCES org_units (id),
    day             TEXT NOT NULL,
    shift_type_id   TEXT NOT NULL REFERENCES shift_types (id),
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    note            TEXT NOT NULL,
    leave_id        TEXT REFERENCES leave_requests (id),
    status          TEXT NOT NULL,
    posted_by       TEXT NOT NULL REFERENCES staff (id),
    filled_by       TEXT REFERENCES staff (id),
    assignment_id   TEXT,
    decided_by      TEXT REFERENCES staff (id),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX open_shifts_depot_day_idx ON open_shifts (depot_id, day);
--bun:split
CREATE TABLE open_shift_claims (
    id              TEXT PRIMARY KEY,
    open_shift_id   TEXT NOT NULL REFERENCES open_shifts (id),
    staff_id        TEXT NOT NULL REFERENCES staff (id),
    status          TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (open_shift_id, staff_id)
);
--bun:split
CREATE INDEX open_shift_claims_staff_idx ON open_shift_claims (staff_id);
