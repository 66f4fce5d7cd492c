-- The trigram indexes already exist where 0002_task_search ran (they were created there by hand, outside the
-- schema); they are now declared in the schema, so this only creates them where missing.
-- task_events: the USING casts convert the existing rows (every stored value is in the new enums).
CREATE TYPE "public"."task_event_action" AS ENUM('create', 'edit', 'delete', 'submit', 'forward', 'sign', 'return', 'dispatch', 'cancel', 'archive', 'complete', 'receive', 'delegate', 'feedback', 'handle', 'unit_sign', 'unit_forward', 'unit_return', 'report_up', 'accept_progress', 'accept_final', 'return_rework');--> statement-breakpoint
CREATE TYPE "public"."task_event_state" AS ENUM('draft', 'in_review', 'returned', 'signed', 'in_progress', 'completed', 'archived', 'cancelled', 'to_receive', 'awaiting_sign', 'unit_returned', 'reported', 'rework');--> statement-breakpoint
ALTER TABLE "task_events" ALTER COLUMN "action" SET DATA TYPE "public"."task_event_action" USING "action"::"public"."task_event_action";--> statement-breakpoint
ALTER TABLE "task_events" ALTER COLUMN "from_state" SET DATA TYPE "public"."task_event_state" USING "from_state"::"public"."task_event_state";--> statement-breakpoint
ALTER TABLE "task_events" ALTER COLUMN "to_state" SET DATA TYPE "public"."task_event_state" USING "to_state"::"public"."task_event_state";--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "closed_on_progress_reason" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "request_id" uuid;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "departments_name_trgm_index" ON "departments" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_creator_request_unique" ON "tasks" USING btree ("creator_id","request_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tasks_title_trgm_index" ON "tasks" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tasks_content_trgm_index" ON "tasks" USING gin ("content" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tasks_task_no_trgm_index" ON "tasks" USING gin ("task_no" gin_trgm_ops);