CREATE TABLE roster_settings (
    org_id                   TEXT PRIMARY KEY REFERENCES org_units (id),
    max_swaps_per_month      INTEGER NOT NULL,
    min_days_between_swaps   INTEGER NOT NULL,
    leave_approval_levels    INTEGER NOT NULL,
    leave_min_notice_days    INTEGER NOT NULL,
    late_grace_minutes       INTEGER NOT NULL,
    version                  INTEGER NOT NULL DEFAULT 1,
    updated_by               TEXT,
    updated_at               TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE holiday_days (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES org_units (id),
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY')),
    name        TEXT NOT NULL,
    updated_by  TEXT,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, day)
);
--bun:split
CREATE TABLE shift_types (
    id                      TEXT PRIMARY KEY,
    depot_id                TEXT NOT NULL REFERENCES org_units (id),
    code                    TEXT NOT NULL,
    name                    TEXT NOT NULL,
    start_minute            INTEGER NOT NULL,
    end_minute              INTEGER NOT NULL,
    night                   BOOLEAN NOT NULL,
    requires_qualification  BOOLEAN NOT NULL,
    created_at              TIMESTAMP NOT NULL,
    UNIQUE (depot_id, code)
);
--bun:split
CREATE TABLE shift_qualifications (
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    shift_type_id  TEXT NOT NULL REFERENCES shift_types (id),
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (staff_id, shift_type_id)
);
--bun:split
CREATE TABLE rosters (
    id            TEXT PRIMARY KEY,
    depot_id      TEXT NOT NULL REFERENCES org_units (id),
    month         TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
    version       INTEGER NOT NULL DEFAULT 1,
    published_at  TIMESTAMP,
    published_by  TEXT REFERENCES staff (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (depot_id, month)
);
--bun:split
CREATE TABLE roster_assignments (
    id             TEXT PRIMARY KEY,
    roster_id      TEXT NOT NULL REFERENCES rosters (id),
    depot_id       TEXT NOT NULL REFERENCES org_units (id),
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    day            TEXT NOT NULL,
    shift_type_id  TEXT NOT NULL REFERENCES shift_types (id),
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    swap_id        TEXT,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (staff_id, day)
);
--bun:split
CREATE INDEX roster_assignments_roster_idx ON roster_assignments (roster_id, day);
--bun:split
CREATE INDEX roster_assignments_depot_time_idx ON roster_assignments (depot_id, starts_at, ends_at);
--bun:split
CREATE TABLE shift_swaps (
    id                        TEXT PRIMARY KEY,
    depot_id                  TEXT NOT NULL REFERENCES org_units (id),
    requester_id              TEXT NOT NULL REFERENCES staff (id),
    colleague_id              TEXT NOT NULL REFERENCES staff (id),
    requester_assignment_id   TEXT NOT NULL,
    colleague_assignment_id   TEXT NOT NULL,
    requester_day             TEXT NOT NULL,
    colleague_day             TEXT NOT NULL,
    requester_shift_type_id   TEXT NOT NULL REFERENCES shift_types (id),
    colleague_shift_type_id   TEXT NOT NULL REFERENCES shift_types (id),
    reason                    TEXT NOT NULL,
    status                    TEXT NOT NULL,
    colleague_responded_at    TIMESTAMP,
    decided_by                TEXT REFERENCES staff (id),
    decided_at                TIMESTAMP,
    decision_comment          TEXT NOT NULL,
    version                   INTEGER NOT NULL DEFAULT 1,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX shift_swaps_requester_idx ON shift_swaps (requester_id, requester_day);
--bun:split
CREATE INDEX shift_swaps_colleague_idx ON shift_swaps (colleague_id, colleague_day);
--bun:split
CREATE INDEX shift_swaps_depot_status_idx ON shift_swaps (depot_id, status);
--bun:split
CREATE TABLE leave_types (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES org_units (id),
    code              TEXT NOT NULL,
    name_zh           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    requires_advance  BOOLEAN NOT NULL,
    active            BOOLEAN NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    UNIQUE (org_id, code)
);
--bun:split
CREATE TABLE leave_requests (
    id             TEXT PRIMARY KEY,
    depot_id       TEXT NOT NULL REFERENCES org_units (id),
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    leave_type_id  TEXT NOT NULL REFERENCES leave_types (id),
    start_day      TEXT NOT NULL,
    end_day        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    status         TEXT NOT NULL,
    current_level  INTEGER NOT NULL,
    levels         INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX leave_requests_staff_idx ON leave_requests (staff_id, start_day);
--bun:split
CREATE TABLE leave_approvals (
    id           TEXT PRIMARY KEY,
    leave_id     TEXT NOT NULL REFERENCES leave_requests (id),
    level        INTEGER NOT NULL,
    approver_id  TEXT NOT NULL REFERENCES staff (id),
    acted_by     TEXT REFERENCES staff (id),
    decision     TEXT,
    comment      TEXT NOT NULL,
    decided_at   TIMESTAMP,
    UNIQUE (leave_id, level)
);
--bun:split
CREATE INDEX leave_approvals_approver_idx ON leave_approvals (approver_id, decision);
--bun:split
CREATE TABLE approval_delegates (
    staff_id     TEXT PRIMARY KEY REFERENCES staff (id),
    delegate_id  TEXT NOT NULL REFERENCES staff (id),
    updated_at   TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE roster_notifications (
    id            TEXT PRIMARY KEY,
    staff_id      TEXT NOT NULL REFERENCES staff (id),
    kind          TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    text_zh       TEXT NOT NULL,
    text_en       TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    read_at       TIMESTAMP
);
--bun:split
CREATE INDEX roster_notifications_staff_idx ON roster_notifications (staff_id, created_at);
