CREATE TYPE "public"."notification_kind" AS ENUM('dispatch', 'cancel', 'rework', 'urge', 'reminder_before', 'reminder_overdue', 'reminder_receive', 'reminder_report', 'extension_request', 'extension_decision');--> statement-breakpoint
CREATE TYPE "public"."extension_status" AS ENUM('awaiting_unit', 'awaiting_office', 'approved', 'rejected', 'returned', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."member_change_kind" AS ENUM('update', 'add', 'remove');--> statement-breakpoint
CREATE TYPE "public"."member_change_status" AS ENUM('open', 'done', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."template_kind" AS ENUM('dispatch', 'cancel', 'rework', 'urge', 'reminder_before', 'reminder_overdue', 'reminder_receive', 'reminder_report', 'extension_request', 'extension_decision');--> statement-breakpoint
CREATE TYPE "public"."urge_kind" AS ENUM('manual', 'rule');--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'unreachable';--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'suppressed';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'urge';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'acknowledge_urge';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'request_extension';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'forward_extension';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'return_extension';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'approve_extension';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'reject_extension';--> statement-breakpoint
ALTER TYPE "public"."task_event_action" ADD VALUE 'withdraw_extension';--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"is_workday" boolean NOT NULL,
	"workday_no" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"status" "extension_status" DEFAULT 'awaiting_unit' NOT NULL,
	"reason" text NOT NULL,
	"previous_deadline" date NOT NULL,
	"requested_deadline" date NOT NULL,
	"requested_by_id" uuid NOT NULL,
	"current_signer_id" uuid,
	"unit_signed_by_id" uuid,
	"unit_signed_at" timestamp with time zone,
	"unit_opinion" text,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_opinion" text,
	"approved_deadline" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"kind" "member_change_kind" NOT NULL,
	"target_user_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" "member_change_status" DEFAULT 'open' NOT NULL,
	"requested_by_id" uuid NOT NULL,
	"handled_by_id" uuid,
	"handled_at" timestamp with time zone,
	"handler_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"kind" "template_kind" PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "urges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"kind" "urge_kind" NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"urged_by_id" uuid,
	"urged_by_name" text NOT NULL,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "reminder_rules" ADD COLUMN "override_quiet_hours" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_rules" ADD COLUMN "auto_urge" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_rules" ADD COLUMN "report_grace_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_rules" ADD COLUMN "urge_min_interval_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "deadline" date;--> statement-breakpoint
UPDATE "assignments" a SET "deadline" = t."deadline" FROM "tasks" t WHERE t."id" = a."task_id";--> statement-breakpoint
ALTER TABLE "assignments" ALTER COLUMN "deadline" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "extension_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "urge_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "last_urged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "kind" "notification_kind" DEFAULT 'dispatch' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "department_id" uuid;--> statement-breakpoint
UPDATE "notifications" n SET "department_id" = u."department_id" FROM "users" u WHERE u."id" = n."recipient_id";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "assignment_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_on" date;--> statement-breakpoint
UPDATE "tasks" SET "due_on" = "deadline";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "due_on" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_current_signer_id_users_id_fk" FOREIGN KEY ("current_signer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_unit_signed_by_id_users_id_fk" FOREIGN KEY ("unit_signed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_change_requests" ADD CONSTRAINT "member_change_requests_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_change_requests" ADD CONSTRAINT "member_change_requests_target_user_id_users_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_change_requests" ADD CONSTRAINT "member_change_requests_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_change_requests" ADD CONSTRAINT "member_change_requests_handled_by_id_users_id_fk" FOREIGN KEY ("handled_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urges" ADD CONSTRAINT "urges_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urges" ADD CONSTRAINT "urges_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urges" ADD CONSTRAINT "urges_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urges" ADD CONSTRAINT "urges_urged_by_id_users_id_fk" FOREIGN KEY ("urged_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urges" ADD CONSTRAINT "urges_acknowledged_by_id_users_id_fk" FOREIGN KEY ("acknowledged_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_days_workday_no_index" ON "calendar_days" USING btree ("workday_no");--> statement-breakpoint
CREATE INDEX "extension_requests_assignment_id_created_at_index" ON "extension_requests" USING btree ("assignment_id","created_at");--> statement-breakpoint
CREATE INDEX "extension_requests_status_created_at_index" ON "extension_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "extension_requests_current_signer_id_status_index" ON "extension_requests" USING btree ("current_signer_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "extension_requests_one_open" ON "extension_requests" USING btree ("assignment_id") WHERE status in ('awaiting_unit', 'awaiting_office');--> statement-breakpoint
CREATE INDEX "member_change_requests_status_created_at_index" ON "member_change_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "member_change_requests_department_id_created_at_index" ON "member_change_requests" USING btree ("department_id","created_at");--> statement-breakpoint
CREATE INDEX "urges_assignment_id_created_at_index" ON "urges" USING btree ("assignment_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "urges_dedupe_key_unique" ON "urges" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "urges_unacknowledged_index" ON "urges" USING btree ("department_id","created_at") WHERE acknowledged_at is null;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_status_deadline_index" ON "assignments" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "assignments_department_id_status_deadline_index" ON "assignments" USING btree ("department_id","status","deadline");--> statement-breakpoint
CREATE INDEX "notifications_department_id_created_at_index" ON "notifications" USING btree ("department_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key_unique" ON "notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_due_index" ON "notifications" USING btree ("next_attempt_at") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "notifications_unread_index" ON "notifications" USING btree ("recipient_id") WHERE channel = 'in_app' and read_at is null;--> statement-breakpoint
CREATE INDEX "tasks_status_due_on_index" ON "tasks" USING btree ("status","due_on");