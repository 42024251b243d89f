-- SQLite gets an FTS5 trigram index for name search in the migration of the same name;
-- PostgreSQL has served name fragments from trigram GIN indexes since 20261207053000, so
-- nothing changes here.
SELECT 1;
