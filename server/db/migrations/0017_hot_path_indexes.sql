DROP INDEX "student_records_name_idx";--> statement-breakpoint
CREATE INDEX "accounts_unit_idx" ON "accounts" USING btree ("unit_id") WHERE "accounts"."unit_id" is not null;--> statement-breakpoint
CREATE INDEX "certificates_record_idx" ON "certificates" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "student_records_name_idx" ON "student_records" USING btree ("name" collate "C");