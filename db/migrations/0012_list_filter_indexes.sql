CREATE INDEX "tasks_due_on_created_at_id_index" ON "tasks" USING btree ("due_on","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "tasks_urgency_id_index" ON "tasks" USING btree ("urgency_id");--> statement-breakpoint
CREATE INDEX "tasks_source_id_index" ON "tasks" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "tasks_category_id_index" ON "tasks" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "tasks_task_type_id_index" ON "tasks" USING btree ("task_type_id");