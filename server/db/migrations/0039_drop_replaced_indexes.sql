-- issue 14: two indexes replaced in the release before and kept only while it ran beside this one's
-- predecessor (docs/deploy.md §9): the queue's order over all cases (0023), read by no release since
-- case_reach (0034), and the records by school alone, the prefix of student_records_school_name_idx (0036).
-- Each was written on every filing or clock change, and on every record an import writes. IF EXISTS: an
-- operator may have dropped them first, concurrently (docs/deploy.md §9).
DROP INDEX IF EXISTS "complaints_queue_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "student_records_school_idx";
