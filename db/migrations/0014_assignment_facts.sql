CREATE TABLE "assignment_facts" (
	"assignment_id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"status" "assignment_status" NOT NULL,
	"task_status" "task_status" NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"dispatched_day" date NOT NULL,
	"completed_day" date,
	"received_at" timestamp with time zone,
	"deadline" date NOT NULL,
	"urge_count" integer NOT NULL,
	"extension_count" integer NOT NULL,
	"source_id" uuid,
	"category_id" uuid,
	"task_type_id" uuid,
	"urgency_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignment_month_counts" (
	"department_id" uuid NOT NULL,
	"month" date NOT NULL,
	"task_status" "task_status" NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"completed_on_time" integer DEFAULT 0 NOT NULL,
	"completed_late" integer DEFAULT 0 NOT NULL,
	"urged" integer DEFAULT 0 NOT NULL,
	"extended" integer DEFAULT 0 NOT NULL,
	"workdays_sum" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "assignment_month_counts_department_id_month_task_status_pk" PRIMARY KEY("department_id","month","task_status")
);
--> statement-breakpoint
ALTER TABLE "assignment_facts" ADD CONSTRAINT "assignment_facts_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_facts_dispatched_at_index" ON "assignment_facts" USING btree ("dispatched_at");--> statement-breakpoint
CREATE INDEX "assignment_facts_department_id_dispatched_at_index" ON "assignment_facts" USING btree ("department_id","dispatched_at");--> statement-breakpoint
CREATE INDEX "assignment_facts_task_id_index" ON "assignment_facts" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "assignment_facts_open_deadline_index" ON "assignment_facts" USING btree ("deadline") WHERE status not in ('completed', 'cancelled');--> statement-breakpoint
CREATE INDEX "assignment_facts_open_dispatched_index" ON "assignment_facts" USING btree ("dispatched_at","deadline") WHERE status not in ('completed', 'cancelled');--> statement-breakpoint
CREATE INDEX "assignment_facts_received_at_index" ON "assignment_facts" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "assignment_facts_completed_index" ON "assignment_facts" USING btree ("completed_day","deadline") WHERE status = 'completed';--> statement-breakpoint
CREATE INDEX "assignment_month_counts_month_index" ON "assignment_month_counts" USING btree ("month");