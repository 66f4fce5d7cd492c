ALTER TYPE "public"."permission" ADD VALUE 'task.reroute' BEFORE 'report.review';--> statement-breakpoint
ALTER TYPE "public"."report_status" ADD VALUE 'withdrawn';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'reroute' BEFORE 'receive';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'withdraw' BEFORE 'receive';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'unit_reroute';