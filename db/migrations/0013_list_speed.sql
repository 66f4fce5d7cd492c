ALTER TABLE "tasks" ADD COLUMN "search_bigrams" text[] GENERATED ALWAYS AS (dcdb_bigrams(coalesce(task_no, '') || ' ' || title || ' ' || content)) STORED;--> statement-breakpoint
CREATE INDEX "assignments_feedback_queue_index" ON "assignments" USING btree ("last_reported_at","id") WHERE status = 'reported';--> statement-breakpoint
CREATE INDEX "tasks_search_bigrams_index" ON "tasks" USING gin ("search_bigrams");--> statement-breakpoint
CREATE INDEX "tasks_created_at_id_index" ON "tasks" USING btree ("created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "tasks_due_on_created_at_id_index" ON "tasks" USING btree ("due_on","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "tasks_urgency_id_index" ON "tasks" USING btree ("urgency_id");--> statement-breakpoint
CREATE INDEX "tasks_source_id_index" ON "tasks" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "tasks_category_id_index" ON "tasks" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "tasks_task_type_id_index" ON "tasks" USING btree ("task_type_id");