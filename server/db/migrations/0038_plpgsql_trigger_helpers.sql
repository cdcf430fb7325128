-- issue 14: two trigger helpers written in plain SQL (0023, 0031) were planned again in every transaction
-- that called them: a SQL function called from PL/pgSQL that PostgreSQL cannot inline keeps its plans
-- only for one call's statement, while PL/pgSQL keeps its own for the session. Filing a complaint spent
-- 0.26 ms of its 0.84 ms in the clock's function, and every write to a table a record page reads spent
-- about 0.1 ms planning its change log. Same rules, same results; the statements are now PL/pgSQL's.
--
-- The case's clock (0023; the rule of caseClock(), server/features/complaints/view.ts). A new case has
-- no sheet yet (a sheet's foreign key needs the case first), so an insert asks case_sheets nothing.
CREATE OR REPLACE FUNCTION complaints_keep_clock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  running boolean := NEW.status IN ('received', 'assigned', 'awaitingInfo', 'reported');
  sheet_due timestamptz;
BEGIN
  IF running AND TG_OP = 'UPDATE' THEN
    SELECT min(s.due_at) INTO sheet_due FROM case_sheets s WHERE s.complaint_id = NEW.id AND s.status = 'open' AND s.kind = 'supervise';
    IF sheet_due IS NULL THEN
      SELECT min(s.due_at) INTO sheet_due FROM case_sheets s WHERE s.complaint_id = NEW.id AND s.status = 'open';
    END IF;
  END IF;
  NEW.clock_due_at := CASE WHEN running THEN coalesce(sheet_due, CASE WHEN NEW.status = 'received' THEN NEW.intake_due_at END) END;
  NEW.queue_key := coalesce(NEW.clock_due_at, CASE WHEN NEW.status = 'received' THEN NEW.created_at END);
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP FUNCTION complaint_clock_due_at(uuid, text, timestamptz);
--> statement-breakpoint
-- The stored pages' change log (0031): the keys this transaction has not logged yet.
CREATE OR REPLACE FUNCTION record_page_log(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_page_changes (key)
  SELECT k FROM unnest(keys) k
  EXCEPT
  SELECT c.key FROM record_page_changes c WHERE c.key = ANY (keys) AND c.xid = pg_current_xact_id();
END
$$;
