-- 绩效统计's copies (db/schema/statistics.ts), kept by triggers in the statement that changes an assignment,
-- its task or the calendar, so in that step's transaction, whatever code made the change:
--   assignments / tasks  → assignment_facts (one row per assignment)
--   assignment_facts     → assignment_month_counts (old contribution out, new one in)
--   calendar_days        → the month counts whose working-day sums the edit moves

-- The facts of the given assignments (all when NULL), inserted or brought up to date. Used by the triggers,
-- by this migration's backfill and by the bulk data generator (which loads with triggers off).
CREATE OR REPLACE FUNCTION dcdb_assignment_facts_upsert(ids uuid[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO assignment_facts (assignment_id, task_id, department_id, status, task_status, dispatched_at, dispatched_day,
                                completed_day, received_at, deadline, urge_count, extension_count, source_id, category_id,
                                task_type_id, urgency_id)
  SELECT a.id, a.task_id, a.department_id, a.status, t.status, a.dispatched_at, (a.dispatched_at AT TIME ZONE 'Asia/Shanghai')::date,
         (a.completed_at AT TIME ZONE 'Asia/Shanghai')::date, a.received_at, a.deadline, a.urge_count, a.extension_count,
         t.source_id, t.category_id, t.task_type_id, t.urgency_id
  FROM assignments a JOIN tasks t ON t.id = a.task_id
  WHERE ids IS NULL OR a.id = ANY (ids)
  ON CONFLICT (assignment_id) DO UPDATE SET
    task_id = excluded.task_id, department_id = excluded.department_id, status = excluded.status,
    task_status = excluded.task_status, dispatched_at = excluded.dispatched_at, dispatched_day = excluded.dispatched_day,
    completed_day = excluded.completed_day, received_at = excluded.received_at, deadline = excluded.deadline,
    urge_count = excluded.urge_count, extension_count = excluded.extension_count, source_id = excluded.source_id,
    category_id = excluded.category_id, task_type_id = excluded.task_type_id, urgency_id = excluded.urgency_id
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dcdb_assignment_facts_from_assignment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dcdb_assignment_facts_upsert(ARRAY[NEW.id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Only the columns the facts hold: handler, signer and text changes do not touch the facts.
CREATE TRIGGER assignments_facts_sync
AFTER INSERT OR UPDATE OF task_id, department_id, status, dispatched_at, completed_at, received_at, deadline, urge_count, extension_count
ON assignments FOR EACH ROW EXECUTE FUNCTION dcdb_assignment_facts_from_assignment();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dcdb_assignment_facts_from_task() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE assignment_facts SET task_status = NEW.status, source_id = NEW.source_id, category_id = NEW.category_id,
                              task_type_id = NEW.task_type_id, urgency_id = NEW.urgency_id
  WHERE task_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tasks_facts_sync
AFTER UPDATE OF status, source_id, category_id, task_type_id, urgency_id ON tasks FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.source_id IS DISTINCT FROM NEW.source_id
      OR OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.task_type_id IS DISTINCT FROM NEW.task_type_id
      OR OLD.urgency_id IS DISTINCT FROM NEW.urgency_id)
EXECUTE FUNCTION dcdb_assignment_facts_from_task();
--> statement-breakpoint
-- One fact's contribution to the month counts, times sign (+1 in, -1 out). The conditions are those of
-- metricCondition (lib/data/stats/metrics.ts), a NULL condition counting as false as in `count(*) filter`;
-- the brute-force property test compares both paths.
CREATE OR REPLACE FUNCTION dcdb_month_counts_add(f assignment_facts, sign integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO assignment_month_counts AS m (department_id, month, task_status, dispatched, received, in_progress, completed_on_time,
                                            completed_late, urged, extended, workdays_sum)
  SELECT f.department_id, date_trunc('month', f.dispatched_day)::date, f.task_status, sign,
         sign * (f.received_at IS NOT NULL)::int,
         sign * coalesce((f.status NOT IN ('completed', 'cancelled', 'to_receive'))::int, 0),
         sign * coalesce((f.status = 'completed' AND f.completed_day <= f.deadline)::int, 0),
         sign * coalesce((f.status = 'completed' AND NOT f.completed_day <= f.deadline)::int, 0),
         sign * coalesce((f.urge_count > 0)::int, 0),
         sign * coalesce((f.extension_count > 0)::int, 0),
         CASE WHEN f.status = 'completed'
              THEN sign * coalesce((SELECT c.workday_no FROM calendar_days c WHERE c.day = f.completed_day)
                                   - (SELECT d.workday_no FROM calendar_days d WHERE d.day = f.dispatched_day), 0)
              ELSE 0 END
  WHERE f.status <> 'cancelled' AND f.task_status <> 'cancelled'
  ON CONFLICT (department_id, month, task_status) DO UPDATE SET
    dispatched = m.dispatched + excluded.dispatched, received = m.received + excluded.received,
    in_progress = m.in_progress + excluded.in_progress, completed_on_time = m.completed_on_time + excluded.completed_on_time,
    completed_late = m.completed_late + excluded.completed_late, urged = m.urged + excluded.urged,
    extended = m.extended + excluded.extended, workdays_sum = m.workdays_sum + excluded.workdays_sum
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dcdb_month_counts_from_facts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM dcdb_month_counts_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dcdb_month_counts_add(NEW, 1); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER assignment_facts_month_counts
AFTER INSERT OR UPDATE OR DELETE ON assignment_facts FOR EACH ROW EXECUTE FUNCTION dcdb_month_counts_from_facts();
--> statement-breakpoint
-- The month counts of the given months of dispatch (all when NULL) recomputed from the facts.
CREATE OR REPLACE FUNCTION dcdb_month_counts_rebuild(months date[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM assignment_month_counts WHERE months IS NULL OR month = ANY (months);
  INSERT INTO assignment_month_counts (department_id, month, task_status, dispatched, received, in_progress, completed_on_time,
                                       completed_late, urged, extended, workdays_sum)
  SELECT f.department_id, date_trunc('month', f.dispatched_day)::date, f.task_status, count(*),
         count(*) FILTER (WHERE f.received_at IS NOT NULL),
         count(*) FILTER (WHERE f.status NOT IN ('completed', 'cancelled', 'to_receive')),
         count(*) FILTER (WHERE f.status = 'completed' AND f.completed_day <= f.deadline),
         count(*) FILTER (WHERE f.status = 'completed' AND NOT f.completed_day <= f.deadline),
         count(*) FILTER (WHERE f.urge_count > 0),
         count(*) FILTER (WHERE f.extension_count > 0),
         coalesce(sum(c.workday_no - d.workday_no) FILTER (WHERE f.status = 'completed'), 0)
  FROM assignment_facts f
  LEFT JOIN calendar_days d ON d.day = f.dispatched_day
  LEFT JOIN calendar_days c ON c.day = f.completed_day
  WHERE f.status <> 'cancelled' AND f.task_status <> 'cancelled'
    AND (months IS NULL OR date_trunc('month', f.dispatched_day)::date = ANY (months))
  GROUP BY 1, 2, 3
$$;
--> statement-breakpoint
-- A calendar edit renumbers the working days from the first day it changes: the completed facts spanning
-- that day change their working days, so the months they were dispatched in are recomputed.
CREATE OR REPLACE FUNCTION dcdb_month_counts_from_calendar() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  first_changed date;
BEGIN
  SELECT min(day) INTO first_changed FROM changed_days;
  IF first_changed IS NOT NULL THEN
    PERFORM dcdb_month_counts_rebuild(ARRAY(
      SELECT DISTINCT date_trunc('month', f.dispatched_day)::date FROM assignment_facts f
      WHERE f.status = 'completed' AND f.completed_day >= first_changed));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER calendar_days_month_counts_insert
AFTER INSERT ON calendar_days REFERENCING NEW TABLE AS changed_days
FOR EACH STATEMENT EXECUTE FUNCTION dcdb_month_counts_from_calendar();
--> statement-breakpoint
CREATE TRIGGER calendar_days_month_counts_update
AFTER UPDATE ON calendar_days REFERENCING NEW TABLE AS changed_days
FOR EACH STATEMENT EXECUTE FUNCTION dcdb_month_counts_from_calendar();
--> statement-breakpoint
-- Backfill: the facts at once (their per-row month trigger off), then the month counts from them.
ALTER TABLE assignment_facts DISABLE TRIGGER assignment_facts_month_counts;
--> statement-breakpoint
SELECT dcdb_assignment_facts_upsert(NULL);
--> statement-breakpoint
ALTER TABLE assignment_facts ENABLE TRIGGER assignment_facts_month_counts;
--> statement-breakpoint
SELECT dcdb_month_counts_rebuild(NULL);
