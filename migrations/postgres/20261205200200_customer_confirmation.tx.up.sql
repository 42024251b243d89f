-- The customer's confirmation of the restated problem: when, and how (CALL or MESSAGE).
-- A complaint is not worked before it; a new restatement clears it.
ALTER TABLE tickets ADD COLUMN customer_confirmed_at TIMESTAMPTZ;
--bun:split
ALTER TABLE tickets ADD COLUMN customer_confirmed_via TEXT NOT NULL DEFAULT '';
