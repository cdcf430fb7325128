-- issue 14: two lists each off an index of its own. IF NOT EXISTS lets a deployment with big tables build
-- them first, concurrently, while the release before still serves (docs/deploy.md §9).
-- A school registrar's search by name: a school's records in name order (the index by school alone stays
-- for the release before).
CREATE INDEX IF NOT EXISTS "student_records_school_name_idx" ON "student_records" USING btree ("school_unit_id","name" collate "C");--> statement-breakpoint
-- The correction queue's list awaiting entry in the official system, by the filing school and by the
-- approving unit: approved corrections stay 'approved' once entered, so the status index read them all.
CREATE INDEX IF NOT EXISTS "corrections_entry_school_idx" ON "corrections" USING btree (("chain" -> 0 ->> 'unitId'),"decided_at","id") WHERE "corrections"."status" = 'approved' and "corrections"."applied_at" is null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "corrections_entry_approver_idx" ON "corrections" USING btree (("chain" -> -1 ->> 'unitId'),"decided_at","id") WHERE "corrections"."status" = 'approved' and "corrections"."applied_at" is null;
