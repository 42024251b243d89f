-- Amounts of money are BIGINT fen on both engines. SQLite's INTEGER columns already hold
-- 64-bit integers, so nothing changes here; the PostgreSQL migration of the same name
-- widens its INTEGER money columns. The upper bound each amount may take is a rule of the
-- service (--max-declared-value-fen), not of the column.
SELECT 1;
