-- Where a photo was taken, recorded only when the person consented at the time and the
-- phone gave a position: WGS-84 degrees and the accuracy radius in metres. Null otherwise.
ALTER TABLE media_photos ADD COLUMN latitude REAL;
--bun:split
ALTER TABLE media_photos ADD COLUMN longitude REAL;
--bun:split
ALTER TABLE media_photos ADD COLUMN accuracy_m REAL;
