-- The cause taxonomy (category → cause) each organisation's managers maintain, so causes
-- are chosen, not typed (装卸野蛮 and 野蛮装卸 are one cause). Seeded per organisation on
-- first use from the handbooks' exception kinds; retired causes stay for old tickets.
CREATE TABLE ticket_causes (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES org_units (id),
    category   TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_by TEXT REFERENCES staff (id),
    created_at TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ,
    UNIQUE (org_id, category, name)
);
