CREATE TABLE "import_mappings" (
	"unit_id" text NOT NULL,
	"kind" text NOT NULL,
	"columns" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "import_mappings_unit_id_kind_pk" PRIMARY KEY("unit_id","kind")
);
--> statement-breakpoint
DROP INDEX "imports_running_uq";--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "unmatched" jsonb;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "mapping" jsonb;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registration_events_change_uq" ON "registration_events" USING btree ("record_id","change_type","occurred_on") WHERE kind = 'statusChange';--> statement-breakpoint
CREATE UNIQUE INDEX "imports_running_uq" ON "imports" USING btree ("unit_id","sha256") WHERE status in ('checking', 'committing');