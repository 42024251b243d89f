-- A staff member's session version: access tokens carry the version they were issued at,
-- and deactivation raises it, so every earlier token stops working at once on every
-- instance, checked in memory (identity.Sessions) without a query per request.
ALTER TABLE staff ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1;
