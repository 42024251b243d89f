-- Who was present when over goods were opened (the site manager, warehouse staff): a JSON
-- list of {staffId, name}, names as recorded at the time.
ALTER TABLE over_short_reports ADD COLUMN witnesses TEXT NOT NULL DEFAULT '[]';
