-- issue 14: a school's records by name. IF NOT EXISTS lets a deployment build it first, concurrently,
-- while the release before still serves (docs/deploy.md §9); the index it replaces is its prefix.
CREATE INDEX IF NOT EXISTS "student_records_school_name_idx" ON "student_records" USING btree ("school_unit_id","name" collate "C");--> statement-breakpoint
DROP INDEX IF EXISTS "student_records_school_idx";
