ALTER TABLE "student_records" DROP CONSTRAINT "student_records_registry_no_unique";--> statement-breakpoint
DROP INDEX "record_guardians_id_number_idx";--> statement-breakpoint
DROP INDEX "student_records_id_number_uq";--> statement-breakpoint
ALTER TABLE "bindings" ALTER COLUMN "holder_id_number" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "complaints" ALTER COLUMN "complainant" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "complaints" ALTER COLUMN "student" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "corrections" ALTER COLUMN "items" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "record_guardians" ALTER COLUMN "id_number" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "student_records" ALTER COLUMN "registry_no" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "student_records" ALTER COLUMN "id_number" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "student_key" varchar(32);--> statement-breakpoint
ALTER TABLE "record_guardians" ADD COLUMN "id_number_index" varchar(32);--> statement-breakpoint
ALTER TABLE "student_records" ADD COLUMN "registry_no_index" varchar(32);--> statement-breakpoint
ALTER TABLE "student_records" ADD COLUMN "id_number_index" varchar(32);--> statement-breakpoint
CREATE INDEX "complaints_student_key_idx" ON "complaints" USING btree ("student_key","category");--> statement-breakpoint
CREATE INDEX "record_guardians_id_number_idx" ON "record_guardians" USING btree ("id_number_index");--> statement-breakpoint
CREATE UNIQUE INDEX "student_records_id_number_uq" ON "student_records" USING btree ("id_number_index");--> statement-breakpoint
ALTER TABLE "student_records" ADD CONSTRAINT "student_records_registry_no_index_unique" UNIQUE("registry_no_index");