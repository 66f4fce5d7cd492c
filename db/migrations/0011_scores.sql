CREATE TYPE "public"."assignment_rating" AS ENUM('excellent', 'good', 'fair', 'poor');--> statement-breakpoint
CREATE TYPE "public"."score_objection_status" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
CREATE TABLE "score_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"task_id" uuid,
	"points" numeric(6, 2) NOT NULL,
	"reason" text NOT NULL,
	"month" text NOT NULL,
	"is_correction" boolean DEFAULT false NOT NULL,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_adjustments_points_bounded" CHECK ("score_adjustments"."points" between -100 and 100 and "score_adjustments"."points" <> 0)
);
--> statement-breakpoint
CREATE TABLE "score_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"month" text NOT NULL,
	"item_key" text NOT NULL,
	"item_label" text NOT NULL,
	"item_points" numeric(10, 2) NOT NULL,
	"task_id" uuid,
	"reason" text NOT NULL,
	"status" "score_objection_status" DEFAULT 'pending' NOT NULL,
	"raised_by_id" uuid,
	"raised_by_name" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"adjustment_id" uuid,
	"answered_by_id" uuid,
	"answered_by_name" text,
	"answered_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_publications" (
	"month" text PRIMARY KEY NOT NULL,
	"base_score" numeric(6, 2) NOT NULL,
	"published_by_id" uuid,
	"published_by_name" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_snapshot_items" (
	"month" text NOT NULL,
	"key" text NOT NULL,
	"department_id" uuid NOT NULL,
	"trigger" "scoring_trigger" NOT NULL,
	"rule_id" uuid,
	"rule_name" text NOT NULL,
	"unit_points" numeric(6, 2) NOT NULL,
	"quantity" integer NOT NULL,
	"points" numeric(10, 2) NOT NULL,
	"day" date NOT NULL,
	"assignment_id" uuid,
	"task_id" uuid,
	"task_no" text,
	"task_title" text,
	CONSTRAINT "score_snapshot_items_month_key_pk" PRIMARY KEY("month","key")
);
--> statement-breakpoint
CREATE TABLE "score_snapshot_units" (
	"month" text NOT NULL,
	"department_id" uuid NOT NULL,
	"department_name" text NOT NULL,
	"items_total" numeric(10, 2) NOT NULL,
	"total" numeric(10, 2) NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "score_snapshot_units_month_department_id_pk" PRIMARY KEY("month","department_id")
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "rating" "assignment_rating";--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "rated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "rated_by_id" uuid;--> statement-breakpoint
ALTER TABLE "score_adjustments" ADD CONSTRAINT "score_adjustments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_adjustments" ADD CONSTRAINT "score_adjustments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_adjustments" ADD CONSTRAINT "score_adjustments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_objections" ADD CONSTRAINT "score_objections_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_objections" ADD CONSTRAINT "score_objections_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_objections" ADD CONSTRAINT "score_objections_raised_by_id_users_id_fk" FOREIGN KEY ("raised_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_objections" ADD CONSTRAINT "score_objections_adjustment_id_score_adjustments_id_fk" FOREIGN KEY ("adjustment_id") REFERENCES "public"."score_adjustments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_objections" ADD CONSTRAINT "score_objections_answered_by_id_users_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_publications" ADD CONSTRAINT "score_publications_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_snapshot_items" ADD CONSTRAINT "score_snapshot_items_month_score_publications_month_fk" FOREIGN KEY ("month") REFERENCES "public"."score_publications"("month") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_snapshot_items" ADD CONSTRAINT "score_snapshot_items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_snapshot_items" ADD CONSTRAINT "score_snapshot_items_rule_id_scoring_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."scoring_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_snapshot_items" ADD CONSTRAINT "score_snapshot_items_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_snapshot_items" ADD CONSTRAINT "score_snapshot_items_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_snapshot_units" ADD CONSTRAINT "score_snapshot_units_month_score_publications_month_fk" FOREIGN KEY ("month") REFERENCES "public"."score_publications"("month") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_snapshot_units" ADD CONSTRAINT "score_snapshot_units_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "score_adjustments_created_at_index" ON "score_adjustments" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "score_adjustments_department_id_month_index" ON "score_adjustments" USING btree ("department_id","month");--> statement-breakpoint
CREATE INDEX "score_objections_department_id_raised_at_index" ON "score_objections" USING btree ("department_id","raised_at");--> statement-breakpoint
CREATE INDEX "score_objections_status_raised_at_index" ON "score_objections" USING btree ("status","raised_at");--> statement-breakpoint
CREATE UNIQUE INDEX "score_objections_open_item_unique" ON "score_objections" USING btree ("department_id","item_key") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "score_snapshot_items_month_department_id_day_index" ON "score_snapshot_items" USING btree ("month","department_id","day");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_rated_by_id_users_id_fk" FOREIGN KEY ("rated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_completed_at_index" ON "assignments" USING btree ("completed_at");--> statement-breakpoint
CREATE INDEX "assignments_rated_at_index" ON "assignments" USING btree ("rated_at");--> statement-breakpoint
CREATE INDEX "assignments_received_at_index" ON "assignments" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "reports_returned_reviewed_at_index" ON "reports" USING btree ("reviewed_at") WHERE status = 'returned';--> statement-breakpoint
CREATE INDEX "urges_created_at_index" ON "urges" USING btree ("created_at");