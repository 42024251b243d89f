-- Monthly partitions of the tracking history (issue 21 item 2). tracking_events becomes a
-- table range-partitioned by month (UTC) on occurred_at, so that retention drops a whole
-- expired month (detach, drop) instead of deleting it row by row, and a look-up bounded in
-- time reads only its months. SQLite keeps one table.
--
-- Idempotency. PostgreSQL requires a unique constraint of a partitioned table to include
-- the partition key, so event_key can no longer be UNIQUE on its own there, and
-- UNIQUE (event_key, occurred_at) would let a replay carrying another occurred_at be
-- recorded twice. tracking_event_keys (event_key PRIMARY KEY) is a small table that is not
-- partitioned: ingest inserts the batch's keys there and its events in the same statement
-- (INSERT … ON CONFLICT (event_key) DO NOTHING RETURNING, feeding the events' INSERT), so an
-- event is stored exactly when its key is new, a concurrent batch sending the same key waits
-- on the key's index entry as before, and a replayed key is found whatever its time. The key
-- row carries the order and time of its event, so the stored event is read back through
-- the order index of one partition. Retention removes a key with its event.
-- Writes wait until the new layout commits (reads go on), so no event recorded meanwhile
-- by a running instance is left behind in the old table.
LOCK TABLE tracking_events IN SHARE ROW EXCLUSIVE MODE;
--bun:split
CREATE TABLE tracking_event_keys (
    event_key    TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL
);
--bun:split
INSERT INTO tracking_event_keys (event_key, order_id, occurred_at)
SELECT event_key, order_id, occurred_at FROM tracking_events;
--bun:split
CREATE TABLE tracking_events_new (LIKE tracking_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
PARTITION BY RANGE (occurred_at);
--bun:split
-- One partition per month that holds events, and the current month and the next three;
-- the daily job (retention.PartitionsArgs) keeps creating months ahead. An event in a
-- month without a partition (a late scan of a month long past) goes to the default
-- partition; the job moves such rows into a month's partition when it creates one.
DO $$
DECLARE
    m date;
BEGIN
    FOR m IN
        SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date FROM tracking_events
        UNION
        SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => k))::date FROM generate_series(0, 3) AS k
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF tracking_events_new FOR VALUES FROM (%L) TO (%L)',
            'tracking_events_p' || to_char(m, 'YYYYMM'),
            m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    END LOOP;
END
$$;
--bun:split
CREATE TABLE tracking_events_default PARTITION OF tracking_events_new DEFAULT;
--bun:split
INSERT INTO tracking_events_new SELECT * FROM tracking_events;
--bun:split
DROP TABLE tracking_events;
--bun:split
ALTER TABLE tracking_events_new RENAME TO tracking_events;
--bun:split
-- The id stays unique in practice (a UUIDv7 made by ingest); the key names the month too.
ALTER TABLE tracking_events ADD PRIMARY KEY (id, occurred_at);
--bun:split
-- Per partition, as before: the timeline of an order, and the oldest rows for retention's
-- batched deletes in the boundary month and the default partition.
CREATE INDEX tracking_events_order_idx ON tracking_events (order_id);
--bun:split
CREATE INDEX tracking_events_occurred_idx ON tracking_events (occurred_at);
