-- issue 14: a record's page_version moves with anything its page shows, whichever path wrote it (the
-- app, an import, an administrator's SQL), so a stored page (record_pages) is served only while it is
-- the record's current version. The record itself: every update moves it, unless the update sets it.
CREATE FUNCTION student_records_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.page_version = OLD.page_version THEN
    NEW.page_version := OLD.page_version + 1;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER student_records_page_version BEFORE UPDATE ON student_records
FOR EACH ROW EXECUTE FUNCTION student_records_page_version();
--> statement-breakpoint
-- The rows around it: once per statement over its transition tables (an import writes thousands at once).
-- A record this transaction has written already (created it, or moved its version) is left alone: no
-- page can have been built from what this transaction changes before it commits, and one move suffices.
-- The ids go in as an array so each record is found by its key (a semi-join chose to scan every record).
CREATE FUNCTION record_page_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE student_records SET page_version = page_version + 1
    WHERE id = ANY (ARRAY(SELECT record_id FROM added)) AND xmin <> pg_current_xact_id()::xid;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE student_records SET page_version = page_version + 1
    WHERE id = ANY (ARRAY(SELECT record_id FROM gone)) AND xmin <> pg_current_xact_id()::xid;
  ELSE
    UPDATE student_records SET page_version = page_version + 1
    WHERE id = ANY (ARRAY(SELECT record_id FROM added UNION SELECT record_id FROM gone)) AND xmin <> pg_current_xact_id()::xid;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['record_guardians', 'registration_events', 'diploma_registrations', 'disputes', 'record_history', 'corrections', 'certificates'] LOOP
    EXECUTE format('CREATE TRIGGER %1$s_page_added AFTER INSERT ON %1$I REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION record_page_rows_changed()', t);
    EXECUTE format('CREATE TRIGGER %1$s_page_changed AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS gone NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION record_page_rows_changed()', t);
    EXECUTE format('CREATE TRIGGER %1$s_page_gone AFTER DELETE ON %1$I REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION record_page_rows_changed()', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The names of schools and authorities shown on the page (a school's, its events' and diploma's
-- schools', the registry authority), and a school's level: rare changes that reach many records.
CREATE FUNCTION units_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE student_records r SET page_version = page_version + 1
  WHERE r.school_unit_id = NEW.id
     OR r.school_unit_id IN (SELECT s.unit_id FROM schools s WHERE s.registry_authority_id = NEW.id)
     OR r.id IN (SELECT e.record_id FROM registration_events e WHERE e.school_unit_id = NEW.id)
     OR r.id IN (SELECT d.record_id FROM diploma_registrations d WHERE d.school_unit_id = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER units_page_version AFTER UPDATE OF name ON units
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION units_page_version();
--> statement-breakpoint
CREATE FUNCTION schools_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE student_records SET page_version = page_version + 1 WHERE school_unit_id IN (OLD.unit_id, NEW.unit_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER schools_page_version AFTER UPDATE ON schools
FOR EACH ROW EXECUTE FUNCTION schools_page_version();
