-- Retention (issue 21 item 3): how long an organisation keeps tracking history and audit
-- rows, in days; NULL keeps them forever (the default). At least 180 days: carriers must
-- keep waybill data for a set period; PIPL says no longer than needed.
CREATE TABLE retention_settings (
    org_id        TEXT PRIMARY KEY REFERENCES org_units (id),
    history_days  INTEGER CHECK (history_days IS NULL OR (history_days >= 180 AND history_days <= 36500)),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    TEXT REFERENCES staff (id),
    updated_at    TIMESTAMPTZ NOT NULL
);
--bun:split
-- The daily job deletes the oldest rows in batches; these keep each batch from scanning.
CREATE INDEX tracking_events_occurred_idx ON tracking_events (occurred_at);
--bun:split
CREATE INDEX audit_entries_created_idx ON audit_entries (created_at);
