CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"phone" varchar(11),
	"username" text,
	"password_hash" text,
	"display_name" text,
	"unit_id" text,
	"role" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bindings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"holder_name" text NOT NULL,
	"holder_id_number" varchar(18) NOT NULL,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "failed_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"client_ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" varchar(11) NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"client_ip" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" varchar(11) NOT NULL,
	"body" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_unit_id" text,
	"action" text NOT NULL,
	"record_id" uuid,
	"client_ip" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"field" text NOT NULL,
	"shown_value" text,
	"explanation" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_request_id_unique" UNIQUE("request_id")
);
--> statement-breakpoint
CREATE TABLE "diploma_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"diploma_no" varchar(32) NOT NULL,
	"school_unit_id" text NOT NULL,
	"education_level" text NOT NULL,
	"major" text,
	"length_of_schooling" text NOT NULL,
	"study_form" text NOT NULL,
	"start_month" varchar(7) NOT NULL,
	"end_month" varchar(7) NOT NULL,
	"conclusion" text NOT NULL,
	"principal_name" text NOT NULL,
	"issued_on" date NOT NULL,
	CONSTRAINT "diploma_registrations_record_id_unique" UNIQUE("record_id"),
	CONSTRAINT "diploma_registrations_diploma_no_unique" UNIQUE("diploma_no")
);
--> statement-breakpoint
CREATE TABLE "record_guardians" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"is_guardian" boolean NOT NULL,
	"ethnicity" text,
	"id_type" text DEFAULT '居民身份证' NOT NULL,
	"id_number" varchar(18),
	"employer" text,
	"household_address" text,
	"phone" varchar(20)
);
--> statement-breakpoint
CREATE TABLE "registration_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"change_type" text,
	"occurred_on" date NOT NULL,
	"school_unit_id" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "student_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registry_no" varchar(32) NOT NULL,
	"temporary" boolean DEFAULT false NOT NULL,
	"name" text NOT NULL,
	"former_name" text,
	"gender" text NOT NULL,
	"nationality" text DEFAULT '中国' NOT NULL,
	"overseas_status" text DEFAULT '否' NOT NULL,
	"ethnicity" text NOT NULL,
	"id_type" text DEFAULT '居民身份证' NOT NULL,
	"id_number" varchar(18),
	"birth_date" date NOT NULL,
	"current_address" text,
	"household_address" text,
	"grade" text,
	"class_name" text,
	"political_status" text,
	"boarding" boolean,
	"disabled" boolean DEFAULT false NOT NULL,
	"left_behind" boolean,
	"disability_type" text,
	"special_education_type" text,
	"school_unit_id" text NOT NULL,
	"major" text,
	"status" text DEFAULT 'enrolled' NOT NULL,
	"source" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "student_records_registry_no_unique" UNIQUE("registry_no")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" varchar(6) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" varchar(6),
	"level" text NOT NULL,
	"retired" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"unit_id" text PRIMARY KEY NOT NULL,
	"code" varchar(10) NOT NULL,
	"level" text NOT NULL,
	"registry_authority_id" text NOT NULL,
	CONSTRAINT "schools_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"parent_id" text,
	"path" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diploma_registrations" ADD CONSTRAINT "diploma_registrations_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diploma_registrations" ADD CONSTRAINT "diploma_registrations_school_unit_id_units_id_fk" FOREIGN KEY ("school_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_guardians" ADD CONSTRAINT "record_guardians_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_school_unit_id_units_id_fk" FOREIGN KEY ("school_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_records" ADD CONSTRAINT "student_records_school_unit_id_units_id_fk" FOREIGN KEY ("school_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_registry_authority_id_units_id_fk" FOREIGN KEY ("registry_authority_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_phone_uq" ON "accounts" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_username_uq" ON "accounts" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "bindings_account_record_uq" ON "bindings" USING btree ("account_id","record_id");--> statement-breakpoint
CREATE INDEX "failed_attempts_subject_idx" ON "failed_attempts" USING btree ("kind","subject","at");--> statement-breakpoint
CREATE INDEX "failed_attempts_ip_idx" ON "failed_attempts" USING btree ("kind","client_ip","at");--> statement-breakpoint
CREATE INDEX "sessions_account_idx" ON "sessions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sms_codes_phone_idx" ON "sms_codes" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "sms_codes_ip_idx" ON "sms_codes" USING btree ("client_ip","created_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_phone_idx" ON "sms_outbox" USING btree ("phone","sent_at");--> statement-breakpoint
CREATE INDEX "audit_events_record_idx" ON "audit_events" USING btree ("record_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "disputes_record_idx" ON "disputes" USING btree ("record_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "record_guardians_ordinal_uq" ON "record_guardians" USING btree ("record_id","ordinal");--> statement-breakpoint
CREATE INDEX "record_guardians_id_number_idx" ON "record_guardians" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "registration_events_record_idx" ON "registration_events" USING btree ("record_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "student_records_id_number_uq" ON "student_records" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "student_records_school_idx" ON "student_records" USING btree ("school_unit_id");--> statement-breakpoint
CREATE INDEX "student_records_name_idx" ON "student_records" USING btree ("name");--> statement-breakpoint
CREATE INDEX "units_path_idx" ON "units" USING btree ("path");