-- IF NOT EXISTS: on a big record_pages table an operator adds both beforehand, the index CONCURRENTLY (docs/deploy.md §9).
ALTER TABLE "record_pages" ADD COLUMN IF NOT EXISTS "built_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "record_pages_built_at_idx" ON "record_pages" USING btree ("built_at");
