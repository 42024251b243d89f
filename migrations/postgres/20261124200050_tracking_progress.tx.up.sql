-- What each parcel's events add up to, kept on the order so that recording an event folds
-- it in without reading the whole timeline again (see tracking.Progress).
ALTER TABLE orders ADD COLUMN tracking_best_status TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE orders ADD COLUMN tracking_best_at TIMESTAMPTZ;
--bun:split
ALTER TABLE orders ADD COLUMN tracking_last_exception_reason TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE orders ADD COLUMN tracking_last_exception_at TIMESTAMPTZ;
--bun:split
ALTER TABLE orders ADD COLUMN tracking_picked_up_at TIMESTAMPTZ;
--bun:split
ALTER TABLE orders ADD COLUMN tracking_out_at TIMESTAMPTZ;
--bun:split
-- Existing timelines: the furthest milestone (by milestone group, then time), the latest
-- exception, the first pick-up and the latest out-for-delivery scan.
UPDATE orders SET
    tracking_best_status = COALESCE((SELECT e.status FROM tracking_events e
        WHERE e.order_id = orders.id AND e.status <> 'EXCEPTION'
        ORDER BY CASE e.status WHEN 'PICKED_UP' THEN 1 WHEN 'IN_TRANSIT' THEN 2 WHEN 'ARRIVED_AT_HUB' THEN 2
                 WHEN 'OUT_FOR_DELIVERY' THEN 3 ELSE 4 END DESC, e.occurred_at DESC LIMIT 1), ''),
    tracking_best_at = (SELECT e.occurred_at FROM tracking_events e
        WHERE e.order_id = orders.id AND e.status <> 'EXCEPTION'
        ORDER BY CASE e.status WHEN 'PICKED_UP' THEN 1 WHEN 'IN_TRANSIT' THEN 2 WHEN 'ARRIVED_AT_HUB' THEN 2
                 WHEN 'OUT_FOR_DELIVERY' THEN 3 ELSE 4 END DESC, e.occurred_at DESC LIMIT 1),
    tracking_last_exception_reason = COALESCE((SELECT e.exception_reason FROM tracking_events e
        WHERE e.order_id = orders.id AND e.status = 'EXCEPTION' ORDER BY e.occurred_at DESC LIMIT 1), ''),
    tracking_last_exception_at = (SELECT MAX(e.occurred_at) FROM tracking_events e
        WHERE e.order_id = orders.id AND e.status = 'EXCEPTION'),
    tracking_picked_up_at = (SELECT MIN(e.occurred_at) FROM tracking_events e
        WHERE e.order_id = orders.id AND e.status = 'PICKED_UP'),
    tracking_out_at = (SELECT MAX(e.occurred_at) FROM tracking_events e
        WHERE e.order_id = orders.id AND e.status = 'OUT_FOR_DELIVERY')
WHERE EXISTS (SELECT 1 FROM tracking_events e WHERE e.order_id = orders.id);
--bun:split
-- Scans update tracking columns on every order of a batch. An index that names a column a
-- scan changes (tracking_status, even only in a partial index's WHERE) makes every such
-- update write a new entry in every index of the table instead of a heap-only update.
-- The index on (depot_id, tracking_status) served only "open parcels of a depot" (rounds,
-- late parcels); a generated column says whether a parcel is open, it changes once (at
-- signature or return), and a partial index on it serves those queries.
DROP INDEX orders_depot_tracking_idx;
--bun:split
ALTER TABLE orders ADD COLUMN parcel_open BOOLEAN GENERATED ALWAYS AS (state = 'RELEASED' AND tracking_status NOT IN ('SIGNED', 'RETURNED')) STORED;
--bun:split
CREATE INDEX orders_open_idx ON orders (depot_id, eta) WHERE parcel_open;
--bun:split
-- Room on each page for new row versions, so that a scan that changes no indexed column
-- is a heap-only update (no index entries written). A hub's batch updates parcels taken in
-- the same hours, which sit on the same pages, so a page needs room for many at once:
-- half a page measured 15% faster than a fifth (BENCHMARKS.md). Applies to pages written
-- from now on.
ALTER TABLE orders SET (fillfactor = 50);
--bun:split
-- Timelines are a handful of events each and are sorted after loading, so the index on
-- (order_id, occurred_at, id) carried two columns that every insert paid for and no
-- query needed.
DROP INDEX tracking_events_order_idx;
--bun:split
CREATE INDEX tracking_events_order_idx ON tracking_events (order_id);
--bun:split
-- Events are only ever written by tracking.RecordEvents, which has just locked the orders
-- they belong to, and orders are never deleted. The foreign key's per-row check (a trigger
-- and a key-share lock on the order for each event) cost about 40% of every batch insert
-- and guarded nothing that code does not already guarantee. SQLite keeps its key:
-- dropping one there means rebuilding the table, and a single-process store is far from
-- that limit.
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_order_id_fkey;
