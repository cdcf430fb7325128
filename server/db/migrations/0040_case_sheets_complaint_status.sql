-- issue 14: the case clock (0038) asks for a case's open sheets by complaint_id and status. On a table not
-- yet analysed with rows the planner gave both the same selectivity and took case_sheets_open_due_idx,
-- reading every open sheet for each case it touched. With status beside complaint_id in one index the plan
-- no longer depends on the statistics. The new index serves every lookup by complaint_id alone too, so the
-- release before reads through it as well and the old index can go in this release. An operator may have
-- built the new one first, concurrently (docs/deploy.md §9): one such build that failed left it INVALID,
-- and it is built again here, so the old index never goes before a valid replacement is in place.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('case_sheets_complaint_status_idx') AND NOT indisvalid) THEN
    DROP INDEX "case_sheets_complaint_status_idx";
  END IF;
END
$$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "case_sheets_complaint_status_idx" ON "case_sheets" USING btree ("complaint_id","status");--> statement-breakpoint
DROP INDEX IF EXISTS "case_sheets_complaint_idx";
