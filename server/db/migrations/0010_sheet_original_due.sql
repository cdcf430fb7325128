ALTER TABLE "case_sheets" ADD COLUMN "issued_due_date" date;--> statement-breakpoint
ALTER TABLE "case_sheets" ADD COLUMN "extension_days" integer DEFAULT 0 NOT NULL;