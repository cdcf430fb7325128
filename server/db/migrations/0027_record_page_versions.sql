-- issue 14: a stored record page (record_pages) is served only while the record's page_version and the
-- one epoch row are what they were when it was built. Triggers move them with anything the page shows,
-- whichever path writes it (the app, an import, an administrator's SQL).
INSERT INTO record_page_epoch (id, epoch) VALUES (1, 0);
--> statement-breakpoint
-- A stored page (a few KB, sealed, so incompressible) stays in its row rather than in TOAST: one read, not three.
ALTER TABLE record_pages ALTER COLUMN page SET STORAGE MAIN;
--> statement-breakpoint
ALTER TABLE record_pages SET (toast_tuple_target = 8160);
--> statement-breakpoint
-- Resealing under a new data key rewrites sealed values without changing what they say: the key
-- rotation (server/db/reseal.ts) sets xjt.resealing for its transactions, and nothing moves.
CREATE FUNCTION record_pages_resealing() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('xjt.resealing', true), '') = 'on'
$$;
--> statement-breakpoint
-- The record itself: every update moves its version forward, even one that sets it (never backwards).
CREATE FUNCTION student_records_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.page_version <= OLD.page_version AND NOT record_pages_resealing() THEN
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
-- Moving the version locks the record at the end of the statement: a path that changes a record's
-- rows and the record itself locks the record first (server/features/imports/records.ts).
CREATE FUNCTION record_page_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF record_pages_resealing() THEN
    RETURN NULL;
  END IF;
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
-- What reaches many records at once moves the one epoch: a TRUNCATE of a table the page shows, a
-- school's or authority's new name, a school's level or authority. Read in the same snapshot as the
-- page, so a change racing a reader is never lost; such changes are rare.
CREATE FUNCTION record_page_epoch_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE record_page_epoch SET epoch = epoch + 1;
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
    EXECUTE format('CREATE TRIGGER %1$s_page_truncated AFTER TRUNCATE ON %1$I FOR EACH STATEMENT EXECUTE FUNCTION record_page_epoch_moves()', t);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE TRIGGER units_page_epoch AFTER UPDATE OF name ON units
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION record_page_epoch_moves();
--> statement-breakpoint
CREATE TRIGGER schools_page_epoch AFTER UPDATE ON schools
FOR EACH ROW WHEN (OLD.level IS DISTINCT FROM NEW.level OR OLD.registry_authority_id IS DISTINCT FROM NEW.registry_authority_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION record_page_epoch_moves();
--> statement-breakpoint
CREATE TRIGGER schools_page_epoch_gone AFTER DELETE ON schools
FOR EACH STATEMENT EXECUTE FUNCTION record_page_epoch_moves();
