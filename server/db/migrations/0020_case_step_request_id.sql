ALTER TABLE "case_events" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_request_id_unique" UNIQUE("request_id");