-- design (issue 14): no JIT compilation for this database's sessions. The app's statements are short and
-- indexed, but one whose estimate passes jit_above_cost is compiled first: at 1,000,000 records the stored
-- pages' prune spent 138 ms of its 155 compiling, every minute, to delete nothing. A database setting,
-- not a connection parameter, so that it passes through a connection pooler. Only the database's owner
-- may set it: a deployment whose role is not says so in docs/deploy.md §9, and the migration goes on.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'jit stays on: the role does not own the database';
END
$$;
