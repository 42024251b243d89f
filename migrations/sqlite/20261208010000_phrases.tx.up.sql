-- Standard phrases (话术) from the customer-service handbook, per situation, maintained by
-- managers for the unit they run (a branch, or the whole organisation for admins and the
-- top manager); agents read those of their organisation and their branch.
CREATE TABLE phrases (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES org_units (id),
    unit_id     TEXT NOT NULL REFERENCES org_units (id),
    situation   TEXT NOT NULL,
    text_zh     TEXT NOT NULL,
    text_en     TEXT NOT NULL,
    sort_order  INTEGER NOT NULL,
    active      BOOLEAN NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT NOT NULL REFERENCES staff (id),
    created_at  TIMESTAMP NOT NULL,
    updated_by  TEXT NOT NULL REFERENCES staff (id),
    updated_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX phrases_org ON phrases (org_id, situation, sort_order);
--bun:split
-- One row per ticket comment that used a phrase or opened with a forbidden phrase, written
-- in the comment's own transaction, for the monthly coaching report by depot.
CREATE TABLE phrase_uses (
    id                 TEXT PRIMARY KEY,
    depot_id           TEXT NOT NULL REFERENCES org_units (id),
    staff_id           TEXT NOT NULL REFERENCES staff (id),
    phrase_id          TEXT REFERENCES phrases (id),
    ticket_id          TEXT NOT NULL REFERENCES tickets (id),
    forbidden_opening  BOOLEAN NOT NULL,
    used_at            TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX phrase_uses_depot ON phrase_uses (depot_id, used_at);
