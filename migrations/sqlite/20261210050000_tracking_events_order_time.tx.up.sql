-- Ingest looks for a batch's scans already stored under another key: the events of the
-- batch's parcels within the batch's span of time (tracking.storedScans). With an index
-- on order_id alone SQLite read every stored event of each parcel to test its time; with
-- the time in the index each parcel costs one range probe. The timeline (ordered by time)
-- reads the same index. One index entry per event as before, eight bytes wider.
DROP INDEX tracking_events_order_idx;
--bun:split
CREATE INDEX tracking_events_order_idx ON tracking_events (order_id, occurred_at);
