CREATE TABLE "score_month_quantities" (
	"department_id" uuid NOT NULL,
	"month" date NOT NULL,
	"completed_on_time" integer DEFAULT 0 NOT NULL,
	"completed_early" integer DEFAULT 0 NOT NULL,
	"completed_late" integer DEFAULT 0 NOT NULL,
	"workdays_late" integer DEFAULT 0 NOT NULL,
	"late_receipts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "score_month_quantities_department_id_month_pk" PRIMARY KEY("department_id","month")
);
--> statement-breakpoint
CREATE INDEX "score_month_quantities_month_index" ON "score_month_quantities" USING btree ("month");--> statement-breakpoint
CREATE INDEX "assignment_facts_not_live_index" ON "assignment_facts" USING btree ("assignment_id") WHERE status = 'cancelled' or task_status = 'cancelled';