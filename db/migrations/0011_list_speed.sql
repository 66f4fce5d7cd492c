-- 任务检索 of two-character words: the distinct lower-cased character pairs of a text. IMMUTABLE so that a
-- generated column and its GIN index can use it; the search asks search_bigrams @> dcdb_bigrams(term) and
-- rechecks the term with ILIKE (pairs in any order are not the substring).
CREATE OR REPLACE FUNCTION dcdb_bigrams(s text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(x.l, i, 2)), '{}'::text[])
  FROM (SELECT lower(s) AS l) x, generate_series(1, length(x.l) - 1) AS i
$$;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "search_bigrams" text[] GENERATED ALWAYS AS (dcdb_bigrams(coalesce(task_no, '') || ' ' || title || ' ' || content)) STORED;--> statement-breakpoint
CREATE INDEX "assignments_feedback_queue_index" ON "assignments" USING btree ("last_reported_at","id") WHERE status = 'reported';--> statement-breakpoint
CREATE INDEX "tasks_search_bigrams_index" ON "tasks" USING gin ("search_bigrams");--> statement-breakpoint
CREATE INDEX "tasks_created_at_id_index" ON "tasks" USING btree ("created_at" DESC NULLS LAST,"id");