CREATE TABLE "record_pages" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"page" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "student_records" ADD COLUMN "page_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "record_pages" ADD CONSTRAINT "record_pages_record_id_student_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."student_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A stored page (a few KB, sealed, so incompressible) stays in its row rather than in TOAST: one read, not three.
ALTER TABLE "record_pages" ALTER COLUMN "page" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "record_pages" SET (toast_tuple_target = 8160);
