-- Amounts of money are BIGINT fen on both engines: a declared value or a claim above
-- 2,147,483,647 fen (about ¥21 million) overflowed INTEGER here. The upper bound each
-- amount may take is a rule of the service (--max-declared-value-fen), not of the column.
ALTER TABLE orders ALTER COLUMN goods_declared_value_fen TYPE BIGINT;
--bun:split
ALTER TABLE ticket_claims ALTER COLUMN proposed_fen TYPE BIGINT;
--bun:split
ALTER TABLE ticket_claims ALTER COLUMN approved_fen TYPE BIGINT;
--bun:split
ALTER TABLE ticket_claim_events ALTER COLUMN amount_fen TYPE BIGINT;
--bun:split
ALTER TABLE ticket_claim_limits ALTER COLUMN limit_fen TYPE BIGINT;
