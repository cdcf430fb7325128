CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"account_id" uuid NOT NULL,
	"unit_id" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"status" text DEFAULT 'checked' NOT NULL,
	"counts" jsonb NOT NULL,
	"errors" text NOT NULL,
	"conflicts" text,
	"file" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "record_history" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_unit_idx" ON "imports" USING btree ("unit_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "imports_running_uq" ON "imports" USING btree ("unit_id","sha256") WHERE status = 'committing';--> statement-breakpoint
ALTER TABLE "record_history" ADD CONSTRAINT "record_history_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;