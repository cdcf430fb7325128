-- issue 14: the officers' queue is ordered by when each case's clock runs out. Computed per row at
-- read time, it cost a scan of every case in the jurisdiction; kept on the row by these triggers, the
-- first page comes off complaints_queue_idx. The same rule as caseClock() (server/features/complaints/view.ts):
-- while the case runs (runningStatuses of shared/complaints/caseMachine.ts), an open 督办单's due time
-- first, then the earliest open sheet's, then a waiting complaint's intake due time.
CREATE FUNCTION complaint_clock_due_at(complaint uuid, status text, intake_due_at timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN status IN ('received', 'assigned', 'awaitingInfo', 'reported') THEN coalesce(
    (SELECT min(s.due_at) FROM case_sheets s WHERE s.complaint_id = complaint AND s.status = 'open' AND s.kind = 'supervise'),
    (SELECT min(s.due_at) FROM case_sheets s WHERE s.complaint_id = complaint AND s.status = 'open'),
    CASE WHEN status = 'received' THEN intake_due_at END) END
$$;
--> statement-breakpoint
-- design: least time left first; a waiting complaint without a clock by filing time; cases with no clock last (null).
CREATE FUNCTION complaints_keep_clock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.clock_due_at := complaint_clock_due_at(NEW.id, NEW.status, NEW.intake_due_at);
  NEW.queue_key := coalesce(NEW.clock_due_at, CASE WHEN NEW.status = 'received' THEN NEW.created_at END);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER complaints_keep_clock BEFORE INSERT OR UPDATE OF status, intake_due_at, created_at ON complaints
FOR EACH ROW EXECUTE FUNCTION complaints_keep_clock();
--> statement-breakpoint
-- A sheet issued, answered, returned or moved: its case's clock again. Setting status to itself fires
-- the trigger above (a column trigger fires for the columns a SET names), which recomputes both columns.
-- Only the columns the clock reads: the sweeper's marks (due_soon_notified_at, breached_at) do not touch the case.
CREATE FUNCTION case_sheets_touch_clock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaints SET status = status WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.complaint_id ELSE NEW.complaint_id END);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER case_sheets_touch_clock AFTER INSERT OR DELETE OR UPDATE OF status, due_at, kind, complaint_id ON case_sheets
FOR EACH ROW EXECUTE FUNCTION case_sheets_touch_clock();
--> statement-breakpoint
UPDATE complaints SET status = status;
