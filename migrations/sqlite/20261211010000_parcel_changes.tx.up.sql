-- PostgreSQL only: the announcements of changed orders for the look-up cache of several
-- instances. SQLite serves one instance and keeps no such cache.
SELECT 1;
