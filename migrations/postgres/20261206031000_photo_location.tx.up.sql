-- Where a photo was taken, recorded only when the person consented at the time and the
-- phone gave a position: WGS-84 degrees and the accuracy radius in metres. Null otherwise.
ALTER TABLE media_photos ADD COLUMN latitude DOUBLE PRECISION;
--bun:split
ALTER TABLE media_photos ADD COLUMN longitude DOUBLE PRECISION;
--bun:split
ALTER TABLE media_photos ADD COLUMN accuracy_m DOUBLE PRECISION;
