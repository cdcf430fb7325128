ALTER TABLE "student_records" ADD COLUMN "registry_no_masked" text;--> statement-breakpoint
ALTER TABLE "student_records" ADD COLUMN "id_number_masked" text;