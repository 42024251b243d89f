-- Every committed change to an order or to its tracking events is announced on the
-- channel cs_parcels, whatever statement made it (a service, a job, an operator's psql):
-- the payload is the changed orders' ids, comma-separated, at most 200 to a NOTIFY (under
-- PostgreSQL's 8000-byte limit), or '*' when a table was truncated. PostgreSQL delivers a
-- NOTIFY only when its transaction commits, never on rollback. The staff and partner
-- look-up cache of every instance (internal/tracking/cache.go) forgets what it is told
-- changed. Statement-level triggers with transition tables: one call per statement,
-- however many rows (an ingest batch updates 1,000 orders in one statement).
-- Dropping a partition of tracking_events runs no trigger: tracking.History announces
-- '*' itself in that transaction.
CREATE FUNCTION announce_changed_orders() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
BEGIN
    FOR ids IN
        SELECT string_agg(id, ',') FROM (
            SELECT id, (row_number() OVER () - 1) / 200 AS chunk FROM (SELECT DISTINCT id FROM changed) AS d
        ) AS c GROUP BY chunk
    LOOP
        PERFORM pg_notify('cs_parcels', ids);
    END LOOP;
    RETURN NULL;
END $$;
--bun:split
CREATE FUNCTION announce_changed_timelines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
BEGIN
    FOR ids IN
        SELECT string_agg(id, ',') FROM (
            SELECT id, (row_number() OVER () - 1) / 200 AS chunk FROM (SELECT DISTINCT order_id AS id FROM changed) AS d
        ) AS c GROUP BY chunk
    LOOP
        PERFORM pg_notify('cs_parcels', ids);
    END LOOP;
    RETURN NULL;
END $$;
--bun:split
CREATE FUNCTION announce_all_parcels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cs_parcels', '*');
    RETURN NULL;
END $$;
--bun:split
CREATE TRIGGER orders_updated AFTER UPDATE ON orders REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_changed_orders();
--bun:split
CREATE TRIGGER orders_deleted AFTER DELETE ON orders REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_changed_orders();
--bun:split
CREATE TRIGGER orders_truncated AFTER TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION announce_all_parcels();
--bun:split
CREATE TRIGGER tracking_events_inserted AFTER INSERT ON tracking_events REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_changed_timelines();
--bun:split
CREATE TRIGGER tracking_events_updated AFTER UPDATE ON tracking_events REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_changed_timelines();
--bun:split
CREATE TRIGGER tracking_events_updated_to AFTER UPDATE ON tracking_events REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_changed_timelines();
--bun:split
CREATE TRIGGER tracking_events_deleted AFTER DELETE ON tracking_events REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_changed_timelines();
--bun:split
CREATE TRIGGER tracking_events_truncated AFTER TRUNCATE ON tracking_events
    FOR EACH STATEMENT EXECUTE FUNCTION announce_all_parcels();
