CREATE TABLE org_units (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('GROUP', 'REGION', 'BRANCH', 'DEPOT')),
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES org_units (id),
    time_zone   TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX org_units_parent_idx ON org_units (parent_id);
--bun:split
CREATE TABLE staff (
    id             TEXT PRIMARY KEY,
    employee_no    TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL,
    depot_id       TEXT NOT NULL REFERENCES org_units (id),
    superior_id    TEXT REFERENCES staff (id),
    roles          TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TIMESTAMPTZ,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX staff_depot_idx ON staff (depot_id, id);
--bun:split
CREATE INDEX staff_superior_idx ON staff (superior_id);
--bun:split
CREATE TABLE partner_clients (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    client_id    TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    family_id   TEXT NOT NULL,
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    token_hash  TEXT NOT NULL UNIQUE,
    expires_at  TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
--bun:split
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
--bun:split
CREATE TABLE audit_entries (
    id            TEXT PRIMARY KEY,
    actor_kind    TEXT NOT NULL,
    actor_id      TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    reason        TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX audit_entries_subject_idx ON audit_entries (subject_type, subject_id, created_at);
--bun:split
CREATE TABLE idempotency_keys (
    actor_id     TEXT NOT NULL,
    key          TEXT NOT NULL,
    operation    TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    result       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (actor_id, key)
);
