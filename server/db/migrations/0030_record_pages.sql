CREATE TABLE "record_page_changes" (
	"record_id" uuid NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "record_pages" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"format" text NOT NULL,
	"built_in" "pg_snapshot" NOT NULL,
	"page" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "record_page_changes_record_idx" ON "record_page_changes" USING btree ("record_id","xid");