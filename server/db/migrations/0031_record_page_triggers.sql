-- issue 14: a stored record page is stale once a write it did not see is logged. Every table the page
-- reads logs what it wrote (a record's id, or "unit:" and a unit's id), once per transaction, from
-- statement triggers over the transition tables (a row trigger would log a bulk import row by row).
-- design: nothing is locked or updated here, so no writer waits on a reader, or on another writer in
-- a new order.
--
-- A stored page (about 3 KB) is kept in its row, not in TOAST: one block read less on every hit.
ALTER TABLE record_pages ALTER COLUMN page SET STORAGE MAIN;
--> statement-breakpoint
-- Logs the keys this transaction has not logged yet (a record and its guardians inserted together: one row).
CREATE FUNCTION record_page_log(keys text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO record_page_changes (key)
  SELECT k FROM unnest(keys) k
  EXCEPT
  SELECT c.key FROM record_page_changes c WHERE c.key = ANY (keys) AND c.xid = pg_current_xact_id();
$$;
--> statement-breakpoint
-- Rows of the page's own tables: the records they belong to.
CREATE FUNCTION record_page_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM record_page_log(ARRAY(SELECT DISTINCT record_id::text FROM added));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM record_page_log(ARRAY(SELECT DISTINCT record_id::text FROM gone));
  ELSE
    PERFORM record_page_log(ARRAY(SELECT record_id::text FROM gone UNION SELECT record_id::text FROM added));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Records themselves, new ones too: their guardians and events, inserted next, then log nothing more.
CREATE FUNCTION record_page_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM record_page_log(ARRAY(SELECT id::text FROM added));
  ELSE
    PERFORM record_page_log(ARRAY(SELECT id::text FROM gone));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Units and schools: names, paths and levels pages show. Only a real difference is logged (a school
-- import rewrites a school whose file row differs in anything, shown or not). TG_ARGV[0]: the column
-- naming the unit (units.id, schools.unit_id).
CREATE FUNCTION record_page_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM record_page_log(ARRAY(SELECT 'unit:' || (to_jsonb(g) ->> TG_ARGV[0]) FROM gone g));
  ELSE
    PERFORM record_page_log(ARRAY(
      SELECT 'unit:' || (to_jsonb(g) ->> TG_ARGV[0]) FROM gone g
      JOIN added a ON to_jsonb(a) ->> TG_ARGV[0] = to_jsonb(g) ->> TG_ARGV[0]
      WHERE to_jsonb(a) <> to_jsonb(g)));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION record_page_tables_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_page_log(ARRAY['every']);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  f text;
BEGIN
  FOREACH t IN ARRAY ARRAY['student_records', 'record_guardians', 'registration_events', 'diploma_registrations', 'disputes', 'record_history', 'corrections', 'certificates', 'units', 'schools'] LOOP
    f := CASE t WHEN 'student_records' THEN 'record_page_records_changed()' WHEN 'units' THEN 'record_page_units_changed(''id'')'
      WHEN 'schools' THEN 'record_page_units_changed(''unit_id'')' ELSE 'record_page_rows_changed()' END;
    -- A new unit or school changes no page: a page shows only units its record already names.
    IF t NOT IN ('units', 'schools') THEN
      EXECUTE format('CREATE TRIGGER %1$s_page_added AFTER INSERT ON %1$I REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION %2$s', t, f);
    END IF;
    EXECUTE format('CREATE TRIGGER %1$s_page_changed AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS gone NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION %2$s', t, f);
    EXECUTE format('CREATE TRIGGER %1$s_page_gone AFTER DELETE ON %1$I REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION %2$s', t, f);
    EXECUTE format('CREATE TRIGGER %1$s_page_emptied AFTER TRUNCATE ON %1$I FOR EACH STATEMENT EXECUTE FUNCTION record_page_tables_emptied()', t);
  END LOOP;
END
$$;
