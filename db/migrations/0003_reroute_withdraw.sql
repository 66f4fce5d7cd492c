ALTER TYPE "public"."permission" ADD VALUE 'task.reroute' BEFORE 'report.review';--> statement-breakpoint
ALTER TYPE "public"."report_status" ADD VALUE 'withdrawn';