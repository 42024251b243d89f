CREATE TABLE tickets (
    id                        TEXT PRIMARY KEY,
    org_id                    TEXT NOT NULL REFERENCES org_units (id),
    depot_id                  TEXT NOT NULL REFERENCES org_units (id),
    kind                      TEXT NOT NULL CHECK (kind IN ('ENQUIRY', 'EXCEPTION', 'COMPLAINT', 'SUGGESTION')),
    exception_kind            TEXT NOT NULL,
    priority                  TEXT NOT NULL CHECK (priority IN ('URGENT', 'HIGH', 'NORMAL', 'LOW')),
    state                     TEXT NOT NULL,
    summary                   TEXT NOT NULL,
    order_id                  TEXT REFERENCES orders (id),
    waybill_no                TEXT NOT NULL,
    customer_name             TEXT NOT NULL,
    customer_phone            TEXT NOT NULL,
    assignee_id               TEXT REFERENCES staff (id),
    created_by                TEXT NOT NULL REFERENCES staff (id),
    escalation_level          INTEGER NOT NULL,
    external_company          TEXT NOT NULL,
    external_contact_name     TEXT NOT NULL,
    external_contact_phone    TEXT NOT NULL,
    problem                   TEXT NOT NULL,
    cause                     TEXT NOT NULL,
    responsible_kind          TEXT NOT NULL,
    responsible_name          TEXT NOT NULL,
    responsible_unit_id       TEXT REFERENCES org_units (id),
    responsible_staff_id      TEXT REFERENCES staff (id),
    plan                      TEXT NOT NULL,
    promised_at               TIMESTAMP,
    restated_at               TIMESTAMP,
    resolution                TEXT NOT NULL,
    first_response_minutes    INTEGER NOT NULL,
    resolution_minutes        INTEGER NOT NULL,
    first_response_due_at     TIMESTAMP NOT NULL,
    resolution_due_at         TIMESTAMP NOT NULL,
    paused_since              TIMESTAMP,
    first_responded_at        TIMESTAMP,
    resolved_at               TIMESTAMP,
    closed_at                 TIMESTAMP,
    follow_up_outcome         TEXT NOT NULL,
    satisfaction              INTEGER,
    satisfaction_reason       TEXT NOT NULL,
    version                   INTEGER NOT NULL,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, state);
--bun:split
CREATE INDEX tickets_depot_idx ON tickets (depot_id, state);
--bun:split
CREATE INDEX tickets_created_idx ON tickets (org_id, created_at);
--bun:split
CREATE TABLE ticket_entries (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    kind        TEXT NOT NULL,
    actor_id    TEXT REFERENCES staff (id),
    body        TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    photo_refs  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX ticket_entries_ticket_idx ON ticket_entries (ticket_id, created_at);
--bun:split
CREATE TABLE ticket_sla_policies (
    org_id                  TEXT NOT NULL REFERENCES org_units (id),
    kind                    TEXT NOT NULL,
    priority                TEXT NOT NULL,
    first_response_minutes  INTEGER NOT NULL,
    resolution_minutes      INTEGER NOT NULL,
    updated_by              TEXT REFERENCES staff (id),
    updated_at              TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, kind, priority)
);
--bun:split
CREATE TABLE ticket_sla_breaches (
    id            TEXT PRIMARY KEY,
    ticket_id     TEXT NOT NULL REFERENCES tickets (id),
    target        TEXT NOT NULL CHECK (target IN ('FIRST_RESPONSE', 'RESOLUTION')),
    due_at        TIMESTAMP NOT NULL,
    detected_at   TIMESTAMP NOT NULL,
    escalated_at  TIMESTAMP,
    UNIQUE (ticket_id, target)
);
--bun:split
CREATE TABLE ticket_escalations (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    from_level  INTEGER NOT NULL,
    to_level    INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    automatic   BOOLEAN NOT NULL,
    actor_id    TEXT REFERENCES staff (id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (ticket_id, to_level)
);
--bun:split
CREATE TABLE ticket_handovers (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    from_id     TEXT REFERENCES staff (id),
    to_id       TEXT NOT NULL REFERENCES staff (id),
    note        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE ticket_claims (
    id                TEXT PRIMARY KEY,
    ticket_id         TEXT NOT NULL REFERENCES tickets (id),
    state             TEXT NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED', 'REJECTED', 'PAID')),
    proposed_fen      INTEGER NOT NULL,
    reason            TEXT NOT NULL,
    approved_fen      INTEGER,
    decided_by        TEXT REFERENCES staff (id),
    decision_comment  TEXT NOT NULL,
    decided_at        TIMESTAMP,
    paid_by           TEXT REFERENCES staff (id),
    payment_ref       TEXT NOT NULL,
    paid_at           TIMESTAMP,
    proposed_by       TEXT NOT NULL REFERENCES staff (id),
    version           INTEGER NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX ticket_claims_ticket_idx ON ticket_claims (ticket_id);
--bun:split
CREATE TABLE ticket_claim_events (
    id          TEXT PRIMARY KEY,
    claim_id    TEXT NOT NULL REFERENCES ticket_claims (id),
    action      TEXT NOT NULL,
    amount_fen  INTEGER,
    comment     TEXT NOT NULL,
    actor_id    TEXT NOT NULL REFERENCES staff (id),
    created_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX ticket_claim_events_claim_idx ON ticket_claim_events (claim_id, created_at);
--bun:split
CREATE TABLE ticket_claim_limits (
    org_id      TEXT NOT NULL REFERENCES org_units (id),
    role        TEXT NOT NULL,
    limit_fen   INTEGER,
    updated_by  TEXT REFERENCES staff (id),
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, role)
);
--bun:split
CREATE TABLE over_short_reports (
    id                      TEXT PRIMARY KEY,
    org_id                  TEXT NOT NULL REFERENCES org_units (id),
    depot_id                TEXT NOT NULL REFERENCES org_units (id),
    ticket_id               TEXT REFERENCES tickets (id),
    kind                    TEXT NOT NULL CHECK (kind IN ('OVER', 'SHORT')),
    waybill_no              TEXT NOT NULL,
    goods_name              TEXT NOT NULL,
    counter                 TEXT NOT NULL,
    clearing_date           TEXT NOT NULL,
    description             TEXT NOT NULL,
    photo_refs              TEXT NOT NULL,
    responsible_branch_id   TEXT NOT NULL REFERENCES org_units (id),
    status                  TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    reviewed_by             TEXT REFERENCES staff (id),
    review_comment          TEXT NOT NULL,
    reviewed_at             TIMESTAMP,
    reported_by             TEXT NOT NULL REFERENCES staff (id),
    version                 INTEGER NOT NULL,
    created_at              TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX over_short_reports_status_idx ON over_short_reports (org_id, status, clearing_date);
