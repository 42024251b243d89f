-- SQLite's index on (order_id) becomes (order_id, occurred_at) (see the SQLite migration
-- of the same name). PostgreSQL's monthly partitions each keep their (order_id) and
-- (occurred_at) indexes: its planner picks between them from statistics, and a batch's
-- look-up of its stored scans reads only the partitions of its months. Nothing changes here.
SELECT 1;
