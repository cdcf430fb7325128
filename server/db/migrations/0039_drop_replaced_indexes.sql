-- issue 14: two indexes replaced in the release before and kept only while it ran beside this one's
-- predecessor (docs/deploy.md §9): the queue's order over all cases (0023), read by no release since
-- case_reach (0034), and the records by school alone, the prefix of student_records_school_name_idx (0036).
-- Each was written on every filing or clock change, and on every record an import writes. IF EXISTS: an
-- operator may have dropped them first, concurrently (docs/deploy.md §9).
DROP INDEX IF EXISTS "complaints_queue_idx";--> statement-breakpoint
-- Kept while its replacement is not valid (a concurrent build that failed left it INVALID, and 0036 then
-- found it by name): a school's records would otherwise have no index to come from.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('student_records_school_name_idx') AND indisvalid) THEN
    DROP INDEX IF EXISTS "student_records_school_idx";
  ELSE
    RAISE NOTICE 'student_records_school_idx kept: student_records_school_name_idx is not valid (docs/deploy.md §9)';
  END IF;
END
$$;
