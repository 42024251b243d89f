-- The score sheet's ticket figures: complaints the person was responsible for, and their
-- approved over-goods reports.
ALTER TABLE score_sheets ADD COLUMN complaints_responsible INTEGER NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE score_sheets ADD COLUMN over_goods_approved INTEGER NOT NULL DEFAULT 0;
