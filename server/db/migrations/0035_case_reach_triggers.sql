-- issue 14: case_reach (0034) lists, for each case, the units whose officers see it: every unit on
-- the path ("p/c/k/s/", the ids from the province down) of the unit it is routed to and of the unit
-- handling it, which is the jurisdiction rule of server/features/complaints/access.ts. Kept here, with
-- the case's queue order (queue_key, 0023), as the case is filed, routed, handled or its clock moves.
CREATE FUNCTION case_reach_units(routed text, handling text) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT unnest(string_to_array(rtrim(u.path, '/'), '/')) FROM units u WHERE u.id IN (routed, handling)
$$;
--> statement-breakpoint
-- Cases filed many at once (the bench's 100,000) write their reach in one statement.
CREATE FUNCTION complaints_reach_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_reach (complaint_id, unit_id, queue_key)
  SELECT a.id, r.unit_id, a.queue_key FROM added a CROSS JOIN LATERAL case_reach_units(a.routed_unit_id, a.handling_unit_id) AS r(unit_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER complaints_reach_added AFTER INSERT ON complaints REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION complaints_reach_added();
--> statement-breakpoint
-- queue_key is set by complaints_keep_clock (a BEFORE trigger), so a column list would not see it
-- change: the WHEN clause compares the rows instead, and an update that moves nothing costs no call.
CREATE FUNCTION complaints_reach_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.routed_unit_id, OLD.handling_unit_id) IS DISTINCT FROM (NEW.routed_unit_id, NEW.handling_unit_id) THEN
    DELETE FROM case_reach WHERE complaint_id = NEW.id;
    INSERT INTO case_reach (complaint_id, unit_id, queue_key)
    SELECT NEW.id, r.unit_id, NEW.queue_key FROM case_reach_units(NEW.routed_unit_id, NEW.handling_unit_id) AS r(unit_id);
  ELSE
    UPDATE case_reach SET queue_key = NEW.queue_key WHERE complaint_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER complaints_reach_moved AFTER UPDATE ON complaints FOR EACH ROW
WHEN ((OLD.routed_unit_id, OLD.handling_unit_id, OLD.queue_key) IS DISTINCT FROM (NEW.routed_unit_id, NEW.handling_unit_id, NEW.queue_key))
EXECUTE FUNCTION complaints_reach_moved();
--> statement-breakpoint
-- A school moved to another bureau (a school list import): the cases routed to or handled by it are seen
-- along its new path. (A unit with units below it would need each of them moved by its own update; no
-- part of the app moves one.) Two locks first, each waiting for a writer in flight: the unit's row FOR
-- UPDATE waits for a case being handed to it (whose foreign key check holds KEY SHARE on the row, and
-- whose reach would otherwise be written from the old path), and its cases' rows wait for a clock being
-- changed (whose reach update would otherwise miss the rows deleted here). Each statement after reads
-- what they committed.
CREATE FUNCTION units_reach_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM units WHERE id = NEW.id FOR UPDATE;
  PERFORM 1 FROM complaints c WHERE NEW.id IN (c.routed_unit_id, c.handling_unit_id) FOR UPDATE;
  DELETE FROM case_reach r USING complaints c WHERE r.complaint_id = c.id AND NEW.id IN (c.routed_unit_id, c.handling_unit_id);
  INSERT INTO case_reach (complaint_id, unit_id, queue_key)
  SELECT c.id, r.unit_id, c.queue_key FROM complaints c CROSS JOIN LATERAL case_reach_units(c.routed_unit_id, c.handling_unit_id) AS r(unit_id)
  WHERE NEW.id IN (c.routed_unit_id, c.handling_unit_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER units_reach_moved AFTER UPDATE OF path ON units FOR EACH ROW
WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION units_reach_moved();
--> statement-breakpoint
INSERT INTO case_reach (complaint_id, unit_id, queue_key)
SELECT c.id, r.unit_id, c.queue_key FROM complaints c CROSS JOIN LATERAL case_reach_units(c.routed_unit_id, c.handling_unit_id) AS r(unit_id);
