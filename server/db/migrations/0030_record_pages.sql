CREATE TABLE "record_page_changes" (
	"key" text NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_page_sweeps" (
	"at" timestamp with time zone NOT NULL,
	"seen" "pg_snapshot" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_pages" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"format" text NOT NULL,
	"built_in" "pg_snapshot" NOT NULL,
	"depends_on" text[] NOT NULL,
	"page" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "record_page_changes_key_idx" ON "record_page_changes" USING btree ("key","xid");--> statement-breakpoint
CREATE INDEX "record_page_changes_xid_idx" ON "record_page_changes" USING btree ("xid");--> statement-breakpoint
CREATE INDEX "record_page_sweeps_at_idx" ON "record_page_sweeps" USING btree ("at");--> statement-breakpoint
CREATE INDEX "record_pages_depends_on_idx" ON "record_pages" USING gin ("depends_on");