ALTER TABLE "audit_logs" DROP CONSTRAINT "audit_logs_actor_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "task_events" DROP CONSTRAINT "task_events_task_id_tasks_id_fk";
--> statement-breakpoint
ALTER TABLE "task_events" DROP CONSTRAINT "task_events_assignment_id_assignments_id_fk";
--> statement-breakpoint
ALTER TABLE "task_events" DROP CONSTRAINT "task_events_report_id_reports_id_fk";
--> statement-breakpoint
ALTER TABLE "task_events" DROP CONSTRAINT "task_events_actor_unit_id_departments_id_fk";
--> statement-breakpoint
ALTER TABLE "task_events" DROP CONSTRAINT "task_events_actor_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "chain_prev_id" bigint;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "chain_key_id" text;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "chain_hmac" text;--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "chain_prev_id" bigint;--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "chain_key_id" text;--> statement-breakpoint
ALTER TABLE "task_events" ADD COLUMN "chain_hmac" text;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_events" ADD CONSTRAINT "task_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;