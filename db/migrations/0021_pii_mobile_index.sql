ALTER TABLE "users" ADD COLUMN "mobile_index" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "mobile_index" text;--> statement-breakpoint
CREATE INDEX "users_mobile_index_index" ON "users" USING btree ("mobile_index");