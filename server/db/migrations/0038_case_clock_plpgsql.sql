-- issue 14: the case's clock was a plain SQL function (0023), planned again in every transaction that
-- called it: called from PL/pgSQL and not inlined, it keeps its plans only for one call's statement, while
-- PL/pgSQL keeps its own for the session. Filing a complaint spent 0.26 ms of its 0.84 ms in it. Same rule,
-- same results; the statements are now PL/pgSQL's. (The stored pages' change log, record_page_log, stays
-- a SQL function: its key lists run from one key to thousands, and a plan kept for the session, chosen
-- while the log was small, doubled the time to seed 50,000 records.)
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
