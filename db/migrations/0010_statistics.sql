ALTER TYPE "public"."permission" ADD VALUE 'stats.manage' BEFORE 'messages.view';--> statement-breakpoint
ALTER TYPE "public"."permission" ADD VALUE 'dashboard.view' BEFORE 'messages.view';--> statement-breakpoint
CREATE INDEX "assignments_dispatched_at_index" ON "assignments" USING btree ("dispatched_at");--> statement-breakpoint
CREATE INDEX "assignments_department_id_dispatched_at_index" ON "assignments" USING btree ("department_id","dispatched_at");