-- Customer search stays flat with data (issue 21, item 0).
--
-- Phone suffix: the last four digits of each phone, computed by the database on every
-- write (a generated column; SQLite adds only VIRTUAL ones to an existing table, and an
-- index on it stores the value), with an index led by it. Search compares it for equality
-- instead of LIKE '%1234'.
ALTER TABLE orders ADD COLUMN consignor_phone_last4 TEXT GENERATED ALWAYS AS (substr(consignor_phone, -4)) VIRTUAL;
--bun:split
ALTER TABLE orders ADD COLUMN consignee_phone_last4 TEXT GENERATED ALWAYS AS (substr(consignee_phone, -4)) VIRTUAL;
--bun:split
CREATE INDEX orders_consignor_last4_idx ON orders (consignor_phone_last4, depot_id);
--bun:split
CREATE INDEX orders_consignee_last4_idx ON orders (consignee_phone_last4, depot_id);
