ALTER TABLE "audit_events" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "actor_role" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "object_type" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "object_id" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "chain_pos" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" varchar(64);--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_uq" ON "audit_events" USING btree ("chain_pos");--> statement-breakpoint
CREATE INDEX "audit_events_unsealed_idx" ON "audit_events" USING btree ("seq") WHERE "audit_events"."chain_pos" is null;--> statement-breakpoint
-- Append-only: no delete, no truncate; an update may only seal an unsealed entry (chain_pos, hash).
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.chain_pos IS NULL AND NEW.chain_pos IS NOT NULL AND NEW.hash IS NOT NULL
       AND (to_jsonb(NEW) - 'chain_pos' - 'hash') = (to_jsonb(OLD) - 'chain_pos' - 'hash') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
