-- The month's unpopular duty on a score sheet: night shifts, shifts on weekend rest days
-- and on public holidays. NULL on sheets signed off before they were counted: a frozen
-- sheet reads back exactly as it was signed.
ALTER TABLE score_sheets ADD COLUMN night_shifts INTEGER;
--bun:split
ALTER TABLE score_sheets ADD COLUMN weekend_shifts INTEGER;
--bun:split
ALTER TABLE score_sheets ADD COLUMN holiday_shifts INTEGER;
