-- Customer search stays flat with data (issue 21, item 0).
--
-- Phone suffix: the last four digits of each phone, kept by the database itself on every
-- write (a generated column), with an index led by it; depot_id second serves a depot's
-- search without a heap visit per other depot's match. Search compares it for equality
-- instead of LIKE '%1234', which no b-tree can serve. Tracking updates never change a
-- phone, so they stay heap-only.
ALTER TABLE orders ADD COLUMN consignor_phone_last4 TEXT GENERATED ALWAYS AS (right(consignor_phone, 4)) STORED;
--bun:split
ALTER TABLE orders ADD COLUMN consignee_phone_last4 TEXT GENERATED ALWAYS AS (right(consignee_phone, 4)) STORED;
--bun:split
CREATE INDEX orders_consignor_last4_idx ON orders (consignor_phone_last4, depot_id);
--bun:split
CREATE INDEX orders_consignee_last4_idx ON orders (consignee_phone_last4, depot_id);
--bun:split
-- Names: trigram GIN indexes serve LIKE '%fragment%' for fragments of three characters or
-- more (Chinese characters included under a UTF-8 database). pg_trgm is a trusted
-- extension (the database owner may create it); it lives in public so that every schema
-- (tests use one schema per test) finds its operator class by its qualified name.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
--bun:split
CREATE INDEX orders_consignor_name_trgm_idx ON orders USING gin (consignor_name public.gin_trgm_ops);
--bun:split
CREATE INDEX orders_consignee_name_trgm_idx ON orders USING gin (consignee_name public.gin_trgm_ops);
