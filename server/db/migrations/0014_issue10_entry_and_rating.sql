ALTER TABLE "corrections" ADD COLUMN "entered_by" uuid;--> statement-breakpoint
ALTER TABLE "corrections" ADD COLUMN "applied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "corrections" ADD CONSTRAINT "corrections_entered_by_accounts_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_one_rating_per_filer" ON "complaints" USING btree (coalesce("merged_into", "id"),"filed_by") WHERE "complaints"."rating" is not null;--> statement-breakpoint
-- Corrections approved before issue 10 were applied to the record at approval: they count as applied.
UPDATE "corrections" SET "applied_at" = "decided_at" WHERE "status" = 'approved' AND "applied_at" IS NULL;
