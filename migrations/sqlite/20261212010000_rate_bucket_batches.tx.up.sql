-- PostgreSQL only: rate_buckets_apply, the batched charges of shared buckets. SQLite's
-- server keeps its buckets in memory.
SELECT 1;
