-- 绩效考核's 超时接收 compares working hours at receipt and at dispatch for every receipt of the period (a year at
-- 1M assignments: ~85 000). working_hours_at looks each instant's day up in calendar_days (an index probe per
-- call, and a function call the planner cannot inline because of its FROM). working_hours_of is the same
-- arithmetic over a calendar row the caller already has, so a set-based query can hash-join calendar_days once
-- and compute inline; working_hours_at now uses it, so the definition stays in one place.
CREATE OR REPLACE FUNCTION working_hours_of(t timestamptz, workday_no integer, is_workday boolean) RETURNS double precision
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (24 * (workday_no - CASE WHEN is_workday THEN 1 ELSE 0 END))::double precision
    + CASE WHEN is_workday
        THEN extract(epoch FROM (t AT TIME ZONE 'Asia/Shanghai') - date_trunc('day', t AT TIME ZONE 'Asia/Shanghai'))::double precision / 3600
        ELSE 0 END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION working_hours_at(t timestamptz) RETURNS double precision
LANGUAGE sql STABLE AS $$
  SELECT working_hours_of(t, c.workday_no, c.is_workday) FROM calendar_days c WHERE c.day = (t AT TIME ZONE 'Asia/Shanghai')::date
$$;
--> statement-breakpoint
-- One fact's contribution to score_month_quantities, times sign (+1 in, -1 out): the conditions of the ledger's
-- 按期办结 / 提前办结 / 逾期工作日 / 超时接收 branches (lib/data/stats/scores-sql.ts liveItemsSql), which the
-- property test compares with the brute-force reference on both read paths.
CREATE OR REPLACE FUNCTION dcdb_score_quantities_add(f assignment_facts, sign integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO score_month_quantities AS m (department_id, month, completed_on_time, completed_early, completed_late, workdays_late, late_receipts)
  -- Grouped: a completion and a receipt in the same month are one row (ON CONFLICT takes each key once).
  SELECT f.department_id, q.month, sum(q.on_time), sum(q.early), sum(q.late), sum(q.workdays_late), sum(q.late_receipt)
  FROM (
    SELECT date_trunc('month', f.completed_day)::date AS month,
           sign * (f.completed_day <= f.deadline)::int AS on_time, sign * (dl.workday_no - cd.workday_no >= 1)::int AS early,
           sign * (cd.workday_no > dl.workday_no)::int AS late, sign * greatest(cd.workday_no - dl.workday_no, 0) AS workdays_late,
           0 AS late_receipt
    FROM calendar_days cd, calendar_days dl
    WHERE f.status = 'completed' AND f.task_status <> 'cancelled' AND cd.day = f.completed_day AND dl.day = f.deadline
    UNION ALL
    SELECT date_trunc('month', (f.received_at AT TIME ZONE 'Asia/Shanghai')::date)::date, 0, 0, 0, 0, sign
    FROM calendar_days rc, calendar_days dc
    WHERE f.received_at IS NOT NULL AND f.status <> 'cancelled' AND f.task_status <> 'cancelled'
      AND rc.day = (f.received_at AT TIME ZONE 'Asia/Shanghai')::date AND dc.day = f.dispatched_day
      AND working_hours_of(f.received_at, rc.workday_no, rc.is_workday) - working_hours_of(f.dispatched_at, dc.workday_no, dc.is_workday)
          > coalesce((SELECT rr.receive_limit_hours FROM reminder_rules rr WHERE rr.urgency_id = f.urgency_id), 24)
  ) q
  GROUP BY q.month
  ON CONFLICT (department_id, month) DO UPDATE SET
    completed_on_time = m.completed_on_time + excluded.completed_on_time, completed_early = m.completed_early + excluded.completed_early,
    completed_late = m.completed_late + excluded.completed_late, workdays_late = m.workdays_late + excluded.workdays_late,
    late_receipts = m.late_receipts + excluded.late_receipts
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dcdb_score_quantities_from_facts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM dcdb_score_quantities_add(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dcdb_score_quantities_add(NEW, 1); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER assignment_facts_score_quantities_insert_delete
AFTER INSERT OR DELETE ON assignment_facts FOR EACH ROW EXECUTE FUNCTION dcdb_score_quantities_from_facts();
--> statement-breakpoint
-- An update moves something only when a column the quantities read changed (an urge's count does not).
CREATE TRIGGER assignment_facts_score_quantities_update
AFTER UPDATE ON assignment_facts FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.task_status IS DISTINCT FROM NEW.task_status
      OR OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.completed_day IS DISTINCT FROM NEW.completed_day
      OR OLD.deadline IS DISTINCT FROM NEW.deadline OR OLD.received_at IS DISTINCT FROM NEW.received_at
      OR OLD.dispatched_at IS DISTINCT FROM NEW.dispatched_at OR OLD.urgency_id IS DISTINCT FROM NEW.urgency_id)
EXECUTE FUNCTION dcdb_score_quantities_from_facts();
--> statement-breakpoint
-- The quantities of the given months (all when NULL) recomputed from the facts: completions by month of
-- completion, receipts by month of receipt.
CREATE OR REPLACE FUNCTION dcdb_score_quantities_rebuild(months date[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM score_month_quantities WHERE months IS NULL OR month = ANY (months);
  INSERT INTO score_month_quantities (department_id, month, completed_on_time, completed_early, completed_late, workdays_late, late_receipts)
  SELECT q.department_id, q.month, sum(q.on_time), sum(q.early), sum(q.late), sum(q.workdays_late), sum(q.late_receipt)
  FROM (
    SELECT f.department_id, date_trunc('month', f.completed_day)::date AS month,
           (f.completed_day <= f.deadline)::int AS on_time, (dl.workday_no - cd.workday_no >= 1)::int AS early,
           (cd.workday_no > dl.workday_no)::int AS late, greatest(cd.workday_no - dl.workday_no, 0) AS workdays_late, 0 AS late_receipt
    FROM assignment_facts f
    JOIN calendar_days cd ON cd.day = f.completed_day
    JOIN calendar_days dl ON dl.day = f.deadline
    WHERE f.status = 'completed' AND f.task_status <> 'cancelled'
      AND (months IS NULL OR date_trunc('month', f.completed_day)::date = ANY (months))
    UNION ALL
    SELECT f.department_id, date_trunc('month', (f.received_at AT TIME ZONE 'Asia/Shanghai')::date)::date, 0, 0, 0, 0, 1
    FROM assignment_facts f
    JOIN calendar_days rc ON rc.day = (f.received_at AT TIME ZONE 'Asia/Shanghai')::date
    JOIN calendar_days dc ON dc.day = f.dispatched_day
    LEFT JOIN reminder_rules rr ON rr.urgency_id = f.urgency_id
    WHERE f.received_at IS NOT NULL AND f.status <> 'cancelled' AND f.task_status <> 'cancelled'
      AND (months IS NULL OR date_trunc('month', (f.received_at AT TIME ZONE 'Asia/Shanghai')::date)::date = ANY (months))
      AND working_hours_of(f.received_at, rc.workday_no, rc.is_workday) - working_hours_of(f.dispatched_at, dc.workday_no, dc.is_workday)
          > coalesce(rr.receive_limit_hours, 24)
  ) q
  GROUP BY 1, 2
$$;
--> statement-breakpoint
-- A calendar edit renumbers the working days from the first day it changes: a completion whose span from or to
-- its deadline reaches that day, or a receipt on or after it, may count differently, so their months are
-- recomputed (a superset: cheap when the edit is in the future, as holiday imports are).
CREATE OR REPLACE FUNCTION dcdb_score_quantities_from_calendar() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  first_changed date;
BEGIN
  SELECT min(day) INTO first_changed FROM changed_days;
  IF first_changed IS NOT NULL THEN
    PERFORM dcdb_score_quantities_rebuild(ARRAY(
      SELECT date_trunc('month', f.completed_day)::date FROM assignment_facts f
      WHERE f.status = 'completed' AND greatest(f.completed_day, f.deadline) >= first_changed
      UNION
      SELECT date_trunc('month', (f.received_at AT TIME ZONE 'Asia/Shanghai')::date)::date FROM assignment_facts f
      WHERE f.received_at >= first_changed::timestamp AT TIME ZONE 'Asia/Shanghai'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER calendar_days_score_quantities_insert
AFTER INSERT ON calendar_days REFERENCING NEW TABLE AS changed_days
FOR EACH STATEMENT EXECUTE FUNCTION dcdb_score_quantities_from_calendar();
--> statement-breakpoint
CREATE TRIGGER calendar_days_score_quantities_update
AFTER UPDATE ON calendar_days REFERENCING NEW TABLE AS changed_days
FOR EACH STATEMENT EXECUTE FUNCTION dcdb_score_quantities_from_calendar();
--> statement-breakpoint
-- 提醒规则 holds each urgency's 接收时限: a change of it (or of which urgency a rule is for, or a rule added or
-- removed) recomputes every month — a rare administrator's edit; saving a rule without touching its 接收时限
-- recomputes nothing. (At 1M assignments the rebuild takes a few seconds.)
CREATE OR REPLACE FUNCTION dcdb_score_quantities_from_reminder_rules() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dcdb_score_quantities_rebuild(NULL);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER reminder_rules_score_quantities_insert_delete
AFTER INSERT OR DELETE ON reminder_rules
FOR EACH STATEMENT EXECUTE FUNCTION dcdb_score_quantities_from_reminder_rules();
--> statement-breakpoint
CREATE TRIGGER reminder_rules_score_quantities_update
AFTER UPDATE ON reminder_rules FOR EACH ROW
WHEN (OLD.receive_limit_hours IS DISTINCT FROM NEW.receive_limit_hours OR OLD.urgency_id IS DISTINCT FROM NEW.urgency_id)
EXECUTE FUNCTION dcdb_score_quantities_from_reminder_rules();
--> statement-breakpoint
-- The open facts by deadline carry what 绩效考核's month-end check reads, so a year of checks (~50 000 open
-- assignments at 1M) is an index-only scan (db/schema/statistics.ts names the index; drizzle cannot say INCLUDE).
DROP INDEX IF EXISTS "assignment_facts_open_deadline_index";
--> statement-breakpoint
CREATE INDEX "assignment_facts_open_deadline_index" ON "assignment_facts" USING btree ("deadline")
  INCLUDE ("department_id", "dispatched_day", "task_status") WHERE status not in ('completed', 'cancelled');
--> statement-breakpoint
-- Backfill.
SELECT dcdb_score_quantities_rebuild(NULL);
