CREATE TABLE "record_page_epoch" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"epoch" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "record_page_epoch_one_row" CHECK ("record_page_epoch"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "record_pages" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"epoch" bigint NOT NULL,
	"format" integer NOT NULL,
	"page" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "student_records" ADD COLUMN "page_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "record_pages" ADD CONSTRAINT "record_pages_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;