-- 任务检索: substring search (ILIKE '%…%') over number, title and content of tasks and over unit names.
-- Trigram GIN indexes serve those patterns on the PostgreSQL server; they need pg_trgm (0001).
CREATE INDEX IF NOT EXISTS "tasks_title_trgm_index" ON "tasks" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tasks_content_trgm_index" ON "tasks" USING gin ("content" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tasks_task_no_trgm_index" ON "tasks" USING gin ("task_no" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "departments_name_trgm_index" ON "departments" USING gin ("name" gin_trgm_ops);
