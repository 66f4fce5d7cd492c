ALTER TYPE "public"."notification_kind" ADD VALUE 'objection_raised';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'objection_answered';--> statement-breakpoint
ALTER TYPE "public"."template_kind" ADD VALUE 'objection_raised';--> statement-breakpoint
ALTER TYPE "public"."template_kind" ADD VALUE 'objection_answered';--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "link" text;