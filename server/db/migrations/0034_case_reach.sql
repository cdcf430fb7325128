CREATE TABLE "case_reach" (
	"complaint_id" uuid NOT NULL,
	"unit_id" text NOT NULL,
	"queue_key" timestamp with time zone,
	CONSTRAINT "case_reach_complaint_id_unit_id_pk" PRIMARY KEY("complaint_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "case_reach" ADD CONSTRAINT "case_reach_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_reach_queue_idx" ON "case_reach" USING btree ("unit_id","queue_key","complaint_id");