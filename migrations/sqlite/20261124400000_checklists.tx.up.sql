CREATE TABLE media_photos (
    id            TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    uploaded_by   TEXT NOT NULL REFERENCES staff (id),
    depot_id      TEXT NOT NULL REFERENCES org_units (id),
    captured_at   TIMESTAMP NOT NULL,
    uploaded_at   TIMESTAMP NOT NULL,
    UNIQUE (uploaded_by, sha256)
);
--bun:split
CREATE TABLE media_photo_viewers (
    photo_id    TEXT NOT NULL REFERENCES media_photos (id),
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    granted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (photo_id, staff_id)
);
--bun:split
CREATE TABLE dress_code_profiles (
    code        TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE staff_dress_codes (
    staff_id      TEXT PRIMARY KEY REFERENCES staff (id),
    profile_code  TEXT NOT NULL REFERENCES dress_code_profiles (code),
    set_by        TEXT NOT NULL REFERENCES staff (id),
    updated_at    TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE checklist_templates (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('APPEARANCE', 'CONDUCT', 'PRE_SHIFT')),
    version     INTEGER NOT NULL,
    title_zh    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    created_by  TEXT REFERENCES staff (id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (kind, version)
);
--bun:split
CREATE TABLE checklist_items (
    id              TEXT PRIMARY KEY,
    template_id     TEXT NOT NULL REFERENCES checklist_templates (id),
    position        INTEGER NOT NULL,
    code            TEXT NOT NULL,
    text_zh         TEXT NOT NULL,
    text_en         TEXT NOT NULL,
    weight          INTEGER NOT NULL CHECK (weight > 0),
    applies_on      TEXT NOT NULL CHECK (applies_on IN ('ALL', 'WEEKDAY', 'WEEKEND')),
    dress_code      TEXT REFERENCES dress_code_profiles (code),
    role            TEXT,
    photo_required  BOOLEAN NOT NULL,
    automatic       TEXT,
    UNIQUE (template_id, code)
);
--bun:split
CREATE TABLE checklist_checks (
    id             TEXT PRIMARY KEY,
    template_id    TEXT NOT NULL REFERENCES checklist_templates (id),
    template_kind  TEXT NOT NULL,
    check_type     TEXT NOT NULL CHECK (check_type IN ('SELF_CHECK', 'SPOT_INSPECTION')),
    subject_id     TEXT NOT NULL REFERENCES staff (id),
    performed_by   TEXT NOT NULL REFERENCES staff (id),
    depot_id       TEXT NOT NULL REFERENCES org_units (id),
    assignment_id  TEXT NOT NULL REFERENCES roster_assignments (id),
    day            TEXT NOT NULL,
    month          TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('OPEN', 'COMPLETED')),
    score          INTEGER,
    started_at     TIMESTAMP NOT NULL,
    completed_at   TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX checklist_checks_one_self_check ON checklist_checks (assignment_id, template_kind) WHERE check_type = 'SELF_CHECK';
--bun:split
CREATE INDEX checklist_checks_subject_month_idx ON checklist_checks (subject_id, month);
--bun:split
CREATE INDEX checklist_checks_depot_month_idx ON checklist_checks (depot_id, month);
--bun:split
CREATE TABLE checklist_check_items (
    id           TEXT PRIMARY KEY,
    check_id     TEXT NOT NULL REFERENCES checklist_checks (id),
    item_id      TEXT NOT NULL REFERENCES checklist_items (id),
    position     INTEGER NOT NULL,
    weight       INTEGER NOT NULL,
    passed       BOOLEAN,
    photo_id     TEXT REFERENCES media_photos (id),
    note         TEXT NOT NULL,
    answered_by  TEXT REFERENCES staff (id),
    answered_at  TIMESTAMP,
    UNIQUE (check_id, item_id)
);
--bun:split
CREATE TABLE corrective_actions (
    id             TEXT PRIMARY KEY,
    check_item_id  TEXT NOT NULL UNIQUE REFERENCES checklist_check_items (id),
    check_id       TEXT NOT NULL REFERENCES checklist_checks (id),
    subject_id     TEXT NOT NULL REFERENCES staff (id),
    depot_id       TEXT NOT NULL REFERENCES org_units (id),
    month          TEXT NOT NULL,
    assignee_id    TEXT NOT NULL REFERENCES staff (id),
    description    TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('OPEN', 'DONE', 'VERIFIED')),
    raised_by      TEXT NOT NULL REFERENCES staff (id),
    raised_at      TIMESTAMP NOT NULL,
    done_note      TEXT NOT NULL,
    done_at        TIMESTAMP,
    verified_by    TEXT REFERENCES staff (id),
    verified_at    TIMESTAMP,
    version        INTEGER NOT NULL
);
--bun:split
CREATE INDEX corrective_actions_depot_status_idx ON corrective_actions (depot_id, status, due_on);
--bun:split
CREATE TABLE notices (
    id            TEXT PRIMARY KEY,
    depot_id      TEXT REFERENCES org_units (id),
    kind          TEXT NOT NULL CHECK (kind IN ('RATE_CHANGE', 'ROUTE_CHANGE', 'ANNOUNCEMENT')),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    published_by  TEXT NOT NULL REFERENCES staff (id),
    published_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX notices_published_idx ON notices (published_at);
--bun:split
CREATE TABLE notice_receipts (
    notice_id  TEXT NOT NULL REFERENCES notices (id),
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    read_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (notice_id, staff_id)
);
--bun:split
CREATE TABLE score_sheets (
    id                  TEXT PRIMARY KEY,
    staff_id            TEXT NOT NULL REFERENCES staff (id),
    depot_id            TEXT NOT NULL REFERENCES org_units (id),
    month               TEXT NOT NULL,
    shifts_rostered     INTEGER NOT NULL,
    checks_completed    INTEGER NOT NULL,
    self_checks_missed  INTEGER NOT NULL,
    average_score       INTEGER,
    items_failed        INTEGER NOT NULL,
    late_count          INTEGER NOT NULL,
    late_minutes        INTEGER NOT NULL,
    early_leave_count   INTEGER NOT NULL,
    missing_clock_ins   INTEGER NOT NULL,
    actions_raised      INTEGER NOT NULL,
    actions_open        INTEGER NOT NULL,
    actions_closed      INTEGER NOT NULL,
    comment             TEXT NOT NULL,
    signed_off_by       TEXT NOT NULL REFERENCES staff (id),
    signed_off_at       TIMESTAMP NOT NULL,
    UNIQUE (staff_id, month)
);
