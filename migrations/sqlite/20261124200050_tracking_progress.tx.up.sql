-- What each parcel's events add up to, kept on the order so that recording an event folds
-- it in without reading the whole timeline again (see tracking.Progress).
ALTER TABLE orders ADD COLUMN tracking_best_status TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE orders ADD COLUMN tracking_best_at TIMESTAMP;
--bun:split
ALTER TABLE orders ADD COLUMN tracking_last_exception_reason TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE orders ADD COLUMN tracking_last_exception_at TIMESTAMP;
--bun:split
ALTER TABLE orders ADD COLUMN tracking_picked_up_at TIMESTAMP;
--bun:split
ALTER TABLE orders ADD COLUMN tracking_out_at TIMESTAMP;
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
ALTER TABLE orders ADD COLUMN parcel_open INTEGER GENERATED ALWAYS AS (state = 'RELEASED' AND tracking_status NOT IN ('SIGNED', 'RETURNED')) VIRTUAL;
--bun:split
CREATE INDEX orders_open_idx ON orders (depot_id, eta) WHERE parcel_open;
--bun:split
-- Timelines are a handful of events each and are sorted after loading, so the index on
-- (order_id, occurred_at, id) carried two columns that every insert paid for and no
-- query needed.
DROP INDEX tracking_events_order_idx;
--bun:split
CREATE INDEX tracking_events_order_idx ON tracking_events (order_id);
