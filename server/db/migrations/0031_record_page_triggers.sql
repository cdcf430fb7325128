-- issue 14: a stored record page is stale once a write it did not see is logged. Every table the page
-- reads logs the records it wrote, one row per record and statement, from statement triggers over the
-- transition tables (a row trigger would log a bulk import row by row). design: nothing is locked or
-- updated here, so no writer waits on a reader, or on another writer in a new order.
ALTER TABLE record_pages ALTER COLUMN page SET STORAGE MAIN;
--> statement-breakpoint
-- Rows of the page's own tables: the records they belong to, except those this transaction inserted
-- or updated (a record inserted in it has no page yet; one updated in it has logged this change already).
CREATE FUNCTION record_page_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT DISTINCT record_id FROM added);
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT DISTINCT record_id FROM gone);
  ELSE
    ids := ARRAY(SELECT record_id FROM gone UNION SELECT record_id FROM added);
  END IF;
  INSERT INTO record_page_changes (record_id)
  SELECT id FROM unnest(ids) id
  EXCEPT
  SELECT r.id FROM student_records r WHERE r.id = ANY (ids) AND r.xmin = pg_current_xact_id()::xid;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The record itself, updated or removed (a new record has no page).
CREATE FUNCTION record_page_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_page_changes (record_id) SELECT DISTINCT id FROM gone;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Units and schools: names, paths and levels every page may show. A school import rewrites every
-- school it finds, changed or not: only a real difference stales the pages, all of them at once.
CREATE FUNCTION record_page_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT to_jsonb(o) FROM gone o EXCEPT SELECT to_jsonb(n) FROM added n) THEN
    INSERT INTO record_page_changes (record_id) VALUES ('00000000-0000-0000-0000-000000000000');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION record_page_tables_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_page_changes (record_id) VALUES ('00000000-0000-0000-0000-000000000000');
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['record_guardians', 'registration_events', 'diploma_registrations', 'disputes', 'record_history', 'corrections', 'certificates'] LOOP
    EXECUTE format('CREATE TRIGGER %1$s_page_added AFTER INSERT ON %1$I REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION record_page_rows_changed()', t);
    EXECUTE format('CREATE TRIGGER %1$s_page_changed AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS gone NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION record_page_rows_changed()', t);
    EXECUTE format('CREATE TRIGGER %1$s_page_gone AFTER DELETE ON %1$I REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION record_page_rows_changed()', t);
  END LOOP;
  EXECUTE 'CREATE TRIGGER student_records_page_changed AFTER UPDATE ON student_records REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION record_page_records_changed()';
  EXECUTE 'CREATE TRIGGER student_records_page_gone AFTER DELETE ON student_records REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION record_page_records_changed()';
  FOREACH t IN ARRAY ARRAY['units', 'schools'] LOOP
    EXECUTE format('CREATE TRIGGER %1$s_page_changed AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS gone NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION record_page_units_changed()', t);
    EXECUTE format('CREATE TRIGGER %1$s_page_gone AFTER DELETE ON %1$I FOR EACH STATEMENT EXECUTE FUNCTION record_page_tables_emptied()', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['student_records', 'record_guardians', 'registration_events', 'diploma_registrations', 'disputes', 'record_history', 'corrections', 'certificates', 'units', 'schools'] LOOP
    EXECUTE format('CREATE TRIGGER %1$s_page_emptied AFTER TRUNCATE ON %1$I FOR EACH STATEMENT EXECUTE FUNCTION record_page_tables_emptied()', t);
  END LOOP;
END
$$;
