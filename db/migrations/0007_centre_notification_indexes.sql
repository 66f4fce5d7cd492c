CREATE INDEX "notifications_created_at_index" ON "notifications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notifications_kind_created_at_index" ON "notifications" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "notifications_recipient_name_trgm_index" ON "notifications" USING gin ("recipient_name" gin_trgm_ops);