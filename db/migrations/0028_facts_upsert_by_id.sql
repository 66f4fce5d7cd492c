-- The facts upsert of 0015, as PL/pgSQL planned for the actual argument. As a LANGUAGE sql function its INSERT
-- was planned once with `ids` unknown, so `ids IS NULL OR a.id = ANY (ids)` could not use the primary key: every
-- workflow step's trigger (one assignment) joined all assignments with all tasks — 140–160 ms per step at a
-- million assignments on a quiet machine, and the steps queued behind one another under load. With a custom
-- plan per call, `ids IS NULL` folds to false for a trigger's one id (an index lookup, well under a millisecond)
-- and to true for the backfill of all (the hash join, as before).
CREATE OR REPLACE FUNCTION dcdb_assignment_facts_upsert(ids uuid[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
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
    category_id = excluded.category_id, task_type_id = excluded.task_type_id, urgency_id = excluded.urgency_id;
END
$$;
