-- The sweeper forgets spent sign-in data (server/auth/housekeeping.ts): expired sessions, sign-in codes
-- and their settled text messages a day on, limits whose block and window have passed, each found by
-- its time. An operator may have built these first, concurrently (docs/deploy.md §9): then there is
-- nothing left to build.
CREATE INDEX IF NOT EXISTS "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sign_in_limits_window_idx" ON "sign_in_limits" USING btree ("window_started_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sms_codes_created_at_idx" ON "sms_codes" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "outbox_sign_in_settled_idx" ON "outbox_messages" USING btree ("settled_at") WHERE template = 'signInCode';
