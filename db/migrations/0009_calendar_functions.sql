-- 工作日历 in SQL (issue 8). calendar_days holds one row per date with a running working-day number, so
-- "working days between" is a subtraction and "the n-th working day after" an index lookup. It is derived
-- from work_calendar_days (the exceptions: holidays, 调休 workdays, days the admin set) and the weekday rule
-- (Mon–Fri work, Sat/Sun rest) — the same rule as lib/domain/work-calendar.ts, which tests compare it with.

-- Rebuilds calendar_days set-based (one statement, ~11 000 rows, only changed rows are written) over
-- 2015-01-01 … 2045-12-31, widened to every stored exception, to what the table already covers and to
-- [want_lo, want_hi] when given (extension on demand). Callers take the advisory lock first
-- (lib/services/calendar/rebuild-calendar.ts) so two edits at once cannot number from stale snapshots.
CREATE OR REPLACE FUNCTION rebuild_calendar_days(want_lo date DEFAULT NULL, want_hi date DEFAULT NULL) RETURNS integer
LANGUAGE sql VOLATILE AS $$
  WITH bounds AS (
    SELECT least(date '2015-01-01', want_lo, (SELECT min(day) FROM calendar_days), (SELECT min(day) FROM work_calendar_days)) AS lo,
           greatest(date '2045-12-31', want_hi, (SELECT max(day) FROM calendar_days), (SELECT max(day) FROM work_calendar_days)) AS hi
  ), days AS (
    SELECT g::date AS day, coalesce(w.is_workday, extract(isodow FROM g) < 6) AS is_workday
    FROM bounds
    CROSS JOIN LATERAL generate_series(bounds.lo::timestamp, bounds.hi::timestamp, interval '1 day') AS g
    LEFT JOIN work_calendar_days w ON w.day = g::date
  ), numbered AS (
    SELECT day, is_workday, (count(*) FILTER (WHERE is_workday) OVER (ORDER BY day))::integer AS workday_no FROM days
  ), written AS (
    INSERT INTO calendar_days (day, is_workday, workday_no)
    SELECT day, is_workday, workday_no FROM numbered
    ON CONFLICT (day) DO UPDATE SET is_workday = excluded.is_workday, workday_no = excluded.workday_no
    WHERE calendar_days.is_workday IS DISTINCT FROM excluded.is_workday OR calendar_days.workday_no IS DISTINCT FROM excluded.workday_no
    RETURNING 1
  )
  SELECT count(*)::integer FROM written
$$;
--> statement-breakpoint
-- Working days in (a, b] (negative when b is earlier): WorkCalendar.workdaysBetween. NULL outside the table.
CREATE OR REPLACE FUNCTION workdays_between(a date, b date) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT (SELECT workday_no FROM calendar_days WHERE day = b) - (SELECT workday_no FROM calendar_days WHERE day = a)
$$;
--> statement-breakpoint
-- The n-th working day after d (n < 0: before it; d itself never counts): WorkCalendar.addWorkdays.
CREATE OR REPLACE FUNCTION add_workdays(d date, n integer) RETURNS date
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN n = 0 THEN d ELSE (
    SELECT c2.day FROM calendar_days c2
    WHERE c2.is_workday AND c2.workday_no = c.workday_no + n + CASE WHEN n < 0 AND NOT c.is_workday THEN 1 ELSE 0 END
  ) END
  FROM calendar_days c WHERE c.day = d
$$;
--> statement-breakpoint
-- Working hours from the table's first day up to instant t: the clock runs only on working days (Asia/Shanghai),
-- 24 hours each. So working_hours_at(now) - working_hours_at(dispatched_at) is "working hours since dispatch".
CREATE OR REPLACE FUNCTION working_hours_at(t timestamptz) RETURNS double precision
LANGUAGE sql STABLE AS $$
  SELECT (24 * (c.workday_no - CASE WHEN c.is_workday THEN 1 ELSE 0 END))::double precision
    + CASE WHEN c.is_workday
        THEN extract(epoch FROM (t AT TIME ZONE 'Asia/Shanghai') - date_trunc('day', t AT TIME ZONE 'Asia/Shanghai'))::double precision / 3600
        ELSE 0 END
  FROM calendar_days c WHERE c.day = (t AT TIME ZONE 'Asia/Shanghai')::date
$$;
--> statement-breakpoint
-- An existing database is filled here; a fresh one again after its calendar is seeded (seedCalendar rebuilds).
SELECT rebuild_calendar_days();
