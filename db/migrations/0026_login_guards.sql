CREATE TABLE "login_throttle" (
	"address" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unknown_user_lockouts" (
	"username" text PRIMARY KEY NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "login_throttle_window_ends_at_index" ON "login_throttle" USING btree ("window_ends_at");--> statement-breakpoint
CREATE INDEX "unknown_user_lockouts_last_failed_at_index" ON "unknown_user_lockouts" USING btree ("last_failed_at");