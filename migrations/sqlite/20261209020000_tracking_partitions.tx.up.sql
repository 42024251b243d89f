-- Monthly partitions of the tracking history are PostgreSQL's (see the PostgreSQL
-- migration of the same name); SQLite keeps one table with its UNIQUE event_key, and
-- retention deletes its old rows in batches. Nothing changes here.
SELECT 1;
