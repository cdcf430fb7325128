-- design (issue 14): stored pages (about 3 KB of JSON, kept in their row since 0031) are compressed
-- with lz4, not pglz. Every own-record read unpacks one: with pglz that was a sixth of the database's
-- work for the read's one statement (pgbench, 100,000 students: 33,600 against 39,600 statements a
-- second with lz4, 40,000 without reading the page at all). Pages stored before keep pglz until built
-- again. A PostgreSQL built without lz4 (PGlite is) keeps pglz, and the migration goes on.
DO $$
BEGIN
  ALTER TABLE record_pages ALTER COLUMN page SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'record pages stay compressed with pglz: this PostgreSQL has no lz4';
END
$$;
