-- issue 14: sheets written many at once (the bench's 100,000 cases) touch each case once per
-- statement rather than once per sheet: the insert and delete triggers of 0023 become statement triggers
-- over their transition tables. An update of the columns the clock reads stays a row trigger (a trigger
-- with a column list cannot have transition tables); the sweeper's marks still touch nothing.
DROP TRIGGER case_sheets_touch_clock ON case_sheets;
--> statement-breakpoint
CREATE FUNCTION case_sheets_touch_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE complaints SET status = status WHERE id IN (SELECT complaint_id FROM gone);
  ELSE
    UPDATE complaints SET status = status WHERE id IN (SELECT complaint_id FROM added);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER case_sheets_added AFTER INSERT ON case_sheets REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION case_sheets_touch_clocks();
--> statement-breakpoint
CREATE TRIGGER case_sheets_gone AFTER DELETE ON case_sheets REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION case_sheets_touch_clocks();
--> statement-breakpoint
-- The row function now serves updates only: both cases' clocks when a sheet moves to another case.
CREATE OR REPLACE FUNCTION case_sheets_touch_clock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaints SET status = status WHERE id IN (OLD.complaint_id, NEW.complaint_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER case_sheets_touch_clock AFTER UPDATE OF status, due_at, kind, complaint_id ON case_sheets
FOR EACH ROW EXECUTE FUNCTION case_sheets_touch_clock();
