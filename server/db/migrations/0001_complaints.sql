CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_unit_id" text,
	"kind" text NOT NULL,
	"note" text,
	"detail" jsonb,
	"public" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"issuing_unit_id" text NOT NULL,
	"year" integer NOT NULL,
	"serial" integer NOT NULL,
	"trigger" text NOT NULL,
	"parent_sheet_id" uuid,
	"assigned_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"due_date" date NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"instructions" text,
	"outcome" text,
	"due_soon_notified_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "case_sheets_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "complaint_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"filed_by" uuid NOT NULL,
	"complainant" jsonb NOT NULL,
	"student" jsonb NOT NULL,
	"record_id" uuid,
	"school_unit_id" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"routed_unit_id" text NOT NULL,
	"responsible_officer_id" uuid,
	"handling_unit_id" text,
	"handler_id" uuid,
	"matter" text,
	"likely_duplicate_of" uuid,
	"merged_into" uuid,
	"reject_reason" text,
	"info_request" text,
	"paused_at" timestamp with time zone,
	"extension_request" jsonb,
	"findings" text,
	"rating" text,
	"objection" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "complaints_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"complaint_id" uuid,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sheet_counters" (
	"unit_id" text NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "sheet_counters_unit_id_kind_year_pk" PRIMARY KEY("unit_id","kind","year")
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_sheets" ADD CONSTRAINT "case_sheets_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_sheets" ADD CONSTRAINT "case_sheets_issuing_unit_id_units_id_fk" FOREIGN KEY ("issuing_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_attachments" ADD CONSTRAINT "complaint_attachments_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_attachments" ADD CONSTRAINT "complaint_attachments_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_filed_by_accounts_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_school_unit_id_units_id_fk" FOREIGN KEY ("school_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_routed_unit_id_units_id_fk" FOREIGN KEY ("routed_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_responsible_officer_id_accounts_id_fk" FOREIGN KEY ("responsible_officer_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_handling_unit_id_units_id_fk" FOREIGN KEY ("handling_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_handler_id_accounts_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_complaint_idx" ON "case_events" USING btree ("complaint_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_sheets_serial_uq" ON "case_sheets" USING btree ("issuing_unit_id","kind","year","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "case_sheets_breach_uq" ON "case_sheets" USING btree ("parent_sheet_id") WHERE "case_sheets"."trigger" = 'breach';--> statement-breakpoint
CREATE INDEX "case_sheets_open_due_idx" ON "case_sheets" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "case_sheets_complaint_idx" ON "case_sheets" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_attachments_complaint_idx" ON "complaint_attachments" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaints_filed_by_idx" ON "complaints" USING btree ("filed_by","created_at");--> statement-breakpoint
CREATE INDEX "complaints_routed_idx" ON "complaints" USING btree ("routed_unit_id","status");--> statement-breakpoint
CREATE INDEX "complaints_handling_idx" ON "complaints" USING btree ("handling_unit_id","status");--> statement-breakpoint
CREATE INDEX "notifications_account_idx" ON "notifications" USING btree ("account_id","at");