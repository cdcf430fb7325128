ALTER TABLE "complaints" ADD COLUMN "report" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "intake_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "intake_due_date" date;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "intake_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "intake_due_soon_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "intake_breached_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "complaints_intake_due_idx" ON "complaints" USING btree ("status","intake_due_at");