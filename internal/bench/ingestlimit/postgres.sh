#!/usr/bin/env bash
# The database's own limit for tracking ingest on this machine: pgbench sends 1,000-event
# batches, each one transaction that inserts 1,000 events (same columns and indexes as the
# project's tracking_events: primary key, unique event key, timeline index) and updates the
# 1,000 parcels' status, as an ingest must at least do. Prints events/s for 1 and 4 clients.
# Compare with the project's BenchmarkTrackingIngest run in the same minute (make bench-side
# runs them one after the other). Copied from the reference in ../shared/bench/.
set -u
DB=perf_ingest; PG="-h 127.0.0.1 -U postgres"
psql -q $PG -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
psql -q $PG -d $DB <<'SQL' >/dev/null
CREATE TABLE orders (id text PRIMARY KEY, waybill_no text UNIQUE, tracking_status text NOT NULL, tracking_event_at timestamptz, version int NOT NULL) WITH (fillfactor = 50);
INSERT INTO orders SELECT 'o' || g, 'SD' || g, 'CREATED', NULL, 1 FROM generate_series(1, 100000) g;
CREATE TABLE tracking_events (id text PRIMARY KEY, event_key text NOT NULL UNIQUE, order_id text NOT NULL, status text NOT NULL,
  exception_reason text NOT NULL, signer_name text NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
  place text NOT NULL, scanned_by text NOT NULL, note text NOT NULL, source_kind text NOT NULL, source_id text NOT NULL);
CREATE INDEX ON tracking_events (order_id, occurred_at, id);
CREATE SEQUENCE batch_seq;
VACUUM ANALYZE orders;
SQL
cat > /tmp/ingest-batch.sql <<'SQL'
\set b random(0, 99)
BEGIN;
WITH n AS (SELECT nextval('batch_seq') AS s),
ins AS (INSERT INTO tracking_events
  SELECT gen_random_uuid()::text, n.s || ':' || g, 'o' || (:b * 1000 + g), 'IN_TRANSIT', '', '', now(), now(),
         '上海转运中心', 'scanner-7', '快件已到达上海转运中心', 'SCANNER', 'hub-1'
  FROM n, generate_series(1, 1000) g RETURNING order_id)
UPDATE orders o SET tracking_status = 'IN_TRANSIT', tracking_event_at = now(), version = version + 1
  FROM (SELECT DISTINCT order_id FROM ins) i WHERE o.id = i.order_id;
COMMIT;
SQL
for c in 1 4; do
  r=$(/usr/lib/postgresql/15/bin/pgbench $PG -n -f /tmp/ingest-batch.sql -c $c -j $c -T ${1:-10} $DB 2>&1)
  tps=$(echo "$r" | awk '/^tps/ {print $3}')
  echo "clients=$c batches/s=$tps events/s=$(python3 -c "print(round(float('$tps')*1000))")"
done
