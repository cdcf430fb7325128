ALTER TABLE "complaints" ADD COLUMN "clock_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "queue_key" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "complaints_queue_idx" ON "complaints" USING btree ("queue_key","id");