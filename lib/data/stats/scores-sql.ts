import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database, type Tx } from "@/db/client";
import { shanghaiDayStart, type IsoDate } from "@/lib/domain/dates";
import { monthEndCheckDays, type ScoreItem } from "@/lib/domain/stats/scoring";
import { isWholeMonths } from "@/lib/domain/stats/period";
import type { ScoringTrigger } from "@/lib/domain/rules";

/**
 * The 绩效考核 ledger in SQL: lib/domain/stats/scoring.ts's definitions, one set-based branch per trigger kind,
 * combined with UNION ALL. Kept apart from the scoped readers (scores.ts) so the publish verb can snapshot the
 * same statement inside its transaction. Every branch starts from an index on the event's own time
 * (completed_at, urges.created_at, reports' returned reviewed_at, received_at via dispatched range, rated_at,
 * the open/overdue index for month ends), so a month costs what happened in that month.
 */
export interface LedgerRange {
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
}



const day = (col: string) => sql.raw(`((${col}) at time zone 'Asia/Shanghai')::date`);

/**
 * What each live item carries: "items", every column of a ScoreItem (the ledger, the snapshot, the objection);
 * "sums", only the unit, the points, the day and how many items the row stands for (the ranking sums them: no
 * key strings, no task columns; a month-end check's row stands for every open assignment of its unit and day).
 */
export type LedgerShape = "items" | "sums";

/**
 * Live items (not from a snapshot) of days in the range, optionally of one unit. Columns as ScoreItem
 * (snake_case), or (department_id, points, day, n) for "sums".
 *
 * Every branch reads an assignment's state, its task's state and its unit from `assignment_facts` (the
 * statistics' narrow copy, kept by triggers: db/schema/statistics.ts) instead of joining the wide assignments
 * and tasks tables per item, and starts from an index on the event's own day: completion day (facts), urges'
 * and returned reports' times, receipt time, rating time, and the open/completed facts by deadline for the
 * month-end checks.
 */
export function liveItemsSql(range: LedgerRange, departmentId: string | null, shape: LedgerShape = "items"): SQL {
  const lo = sql`${shanghaiDayStart(range.from).toISOString()}::timestamptz`;
  const hi = sql`${shanghaiDayStart(range.to, 1).toISOString()}::timestamptz`;
  const from = sql`${range.from}::date`;
  const to = sql`${range.to}::date`;
  // "and <alias>.department_id = the unit" when the ledger is one unit's.
  const inUnit = (alias: string) => (departmentId ? sql`and ${sql.raw(alias)}.department_id = ${departmentId}::uuid` : sql``);
  const unit = inUnit("f");
  const live = sql`f.status <> 'cancelled' and f.task_status <> 'cancelled'`;
  const checkDays = monthEndCheckDays(range, range.today);
  // The key starts with the rule's own trigger (the rating branch joins four rules), as the reference's does.
  const item = (source: SQL, quantity: SQL, dayExpr: SQL) =>
    shape === "sums"
      ? sql`f.department_id, round(r.points * ${quantity}, 2) as points, ${dayExpr} as day, 1 as n`
      : sql`r.trigger::text || ':' || r.id || ':' || ${source} as key, f.department_id, r.trigger::text as trigger, r.id as rule_id, r.name as rule_name,
        r.points as unit_points, ${quantity} as quantity, round(r.points * ${quantity}, 2) as points, ${dayExpr} as day, f.assignment_id, f.task_id`;
  const completed = sql`f.status = 'completed' and f.completed_day between ${from} and ${to}`;
  // An event row's live assignment, looked up by primary key. LATERAL … LIMIT 1 keeps it a lookup per event: as
  // a plain join the planner hashed the whole facts table (a million rows) for a year's 18 000 urges.
  const liveFact = (assignmentId: string) =>
    sql.raw(`cross join lateral (select f0.* from assignment_facts f0 where f0.assignment_id = ${assignmentId} limit 1) f`);
  // The three completion rules in one pass over the period's completions: each completion yields a quantity per
  // trigger (按期 1 when on or before the deadline; 提前 1 when ≥ 1 working day before it; 逾期 the working days
  // late), and the rules of the triggers whose quantity is positive.
  const completions = sql`select ${item(sql`f.assignment_id::text`, sql`q.quantity`, sql`f.completed_day`)}
      from assignment_facts f
      join calendar_days cd on cd.day = f.completed_day join calendar_days dl on dl.day = f.deadline
      cross join lateral (values
        ('completed_on_time', case when f.completed_day <= f.deadline then 1 else 0 end),
        ('completed_early', case when dl.workday_no - cd.workday_no >= 1 then 1 else 0 end),
        ('per_workday_overdue', greatest(cd.workday_no - dl.workday_no, 0))
      ) as q(trigger, quantity)
      join r on r.trigger::text = q.trigger
      where ${completed} and q.quantity > 0 and ${live} ${unit}`;
  // The 接收时限 of the task's urgency (a level without a rule: the default 24 working hours). Working hours grow
  // at most as fast as real time (24 per working day, none on a rest day), so a receipt within the limit in real
  // hours is never late: that cheap test spares most rows the calendar arithmetic. The two instants' calendar
  // rows are hash-joined once (working_hours_of: working_hours_at's arithmetic on a row in hand) instead of two
  // index probes per receipt inside working_hours_at.
  const receipts = sql`select ${item(sql`f.assignment_id::text`, sql`1`, day("f.received_at"))}
      from assignment_facts f join r on r.trigger = 'late_receipt'
      left join reminder_rules rr on rr.urgency_id = f.urgency_id
      join calendar_days rc on rc.day = ${day("f.received_at")} join calendar_days dc on dc.day = f.dispatched_day
      where f.received_at >= ${lo} and f.received_at < ${hi}
        and f.received_at - f.dispatched_at > make_interval(hours => coalesce(rr.receive_limit_hours, 24))
        and working_hours_of(f.received_at, rc.workday_no, rc.is_workday) - working_hours_of(f.dispatched_at, dc.workday_no, dc.is_workday)
            > coalesce(rr.receive_limit_hours, 24) and ${live} ${unit}`;
  // The ranking of whole months reads the completions' and receipts' quantities from their monthly copy (kept by
  // triggers: db/schema/statistics.ts score_month_quantities) instead of testing each against the calendar.
  const monthly =
    shape === "sums" && isWholeMonths(range)
      ? [
          sql`select q.department_id, round(r.points * v.quantity, 2) as points, q.month as day, v.items as n
              from score_month_quantities q
              cross join lateral (values
                ('completed_on_time', q.completed_on_time, q.completed_on_time),
                ('completed_early', q.completed_early, q.completed_early),
                ('per_workday_overdue', q.workdays_late, q.completed_late),
                ('late_receipt', q.late_receipts, q.late_receipts)
              ) as v(trigger, quantity, items)
              join r on r.trigger::text = v.trigger
              where q.month between ${from} and ${to} and v.items > 0 ${inUnit("q")}`,
        ]
      : [completions, receipts];
  const branches: SQL[] = [
    ...monthly,
    // One unit's ledger first narrows the returns to the unit's assignments (its facts by unit, read once as an
    // array: as a semi-join the planner probed the facts once per return of every unit, ~1 400 a year).
    sql`select ${item(sql`rp.id::text`, sql`1`, day("rp.reviewed_at"))}
        from reports rp ${liveFact("rp.assignment_id")} join r on r.trigger = 'per_return'
        where rp.status = 'returned' and rp.reviewed_at >= ${lo} and rp.reviewed_at < ${hi} and ${live} ${unit}
          ${departmentId ? sql`and rp.assignment_id = any(array(select f1.assignment_id from assignment_facts f1 where f1.department_id = ${departmentId}::uuid))` : sql``}`,
    shape === "sums"
      ? // An urge records its assignment's unit (an assignment never changes unit: 改派 moves a step between people of
        // the unit), so the ranking counts urges by their own unit and leaves out the few that never score with an
        // anti-join on a small partial index, instead of looking up each urge's fact (~18 000 in a year at 1M).
        sql`select u.department_id, round(r.points, 2) as points, ${day("u.created_at")} as day, 1 as n
          from urges u join r on r.trigger = 'per_urge'
          where u.created_at >= ${lo} and u.created_at < ${hi} ${inUnit("u")}
            and not exists (select 1 from assignment_facts x where x.assignment_id = u.assignment_id and (x.status = 'cancelled' or x.task_status = 'cancelled'))`
      : // (One unit's ledger: its own urges by their unit first, then each one's fact.)
        sql`select ${item(sql`u.id::text`, sql`1`, day("u.created_at"))}
          from urges u ${liveFact("u.assignment_id")} join r on r.trigger = 'per_urge'
          where u.created_at >= ${lo} and u.created_at < ${hi} and ${live} ${unit} ${inUnit("u")}`,
    sql`select ${item(sql`a.id::text`, sql`1`, day("a.rated_at"))}
        from assignments a ${liveFact("a.id")} join r on r.trigger::text = 'rating_' || a.rating::text
        where a.rated_at >= ${lo} and a.rated_at < ${hi} and a.rating is not null and ${live} ${unit}`,
  ];
  if (checkDays.length) {
    const days = sql.raw(`array[${checkDays.map((d) => `'${d}'`).join(",")}]::date[]`);
    // Open at the end of the check day: still open now (the open-deadline index of the facts), or completed
    // after it (the completed-deadline index).
    const stillOpen = sql`f.status not in ('completed', 'cancelled')`;
    const overdue = (openThen: SQL) => {
      const from = sql`from unnest(${days}) as c(day) join assignment_facts f on f.deadline < c.day and ${openThen}
          join r on r.trigger = 'overdue_open'
          where f.dispatched_day <= c.day and ${live} ${unit}`;
      // The ranking needs each unit's sum: one row per unit and check day instead of one per open assignment.
      if (shape === "sums") return sql`select f.department_id, round(r.points, 2) * count(*) as points, c.day as day, count(*) as n ${from} group by f.department_id, c.day, r.points`;
      return sql`select 'overdue_open:' || r.id || ':' || f.assignment_id || ':' || c.day::text as key, f.department_id, r.trigger::text as trigger, r.id as rule_id, r.name as rule_name,
          r.points as unit_points, 1 as quantity, round(r.points, 2) as points, c.day as day, f.assignment_id, f.task_id ${from}`;
    };
    if (shape === "sums") {
      // Still open now: overdue at every check day from the first on or after both the day after its deadline and
      // its dispatch day (both conditions only grow true), so each assignment is counted once into (unit, first
      // check day) — width_bucket finds that day's place in the ascending array — and the counts are spread over
      // the later check days: a year's ~50 000 open assignments × 12 month ends are never built row by row.
      branches.push(sql`select g.department_id, round(r.points, 2) * sum(g.n) as points, c.day as day, sum(g.n) as n
          from (select f.department_id, width_bucket(greatest(f.deadline + 1, f.dispatched_day) - 1, ${days}) + 1 as first_check, count(*) as n
                from assignment_facts f
                where ${stillOpen} and f.deadline < ${checkDays.at(-1)!}::date and f.dispatched_day <= ${checkDays.at(-1)!}::date and ${live} ${unit}
                group by 1, 2) g
          join unnest(${days}) with ordinality as c(day, no) on c.no >= g.first_check
          join r on r.trigger = 'overdue_open'
          group by g.department_id, c.day, r.points`);
    } else branches.push(overdue(stillOpen));
    branches.push(overdue(sql`f.status = 'completed' and f.completed_day > c.day`));
  }
  // 人工加减分 (not corrections of a published month: those stand beside the frozen figures).
  const adjustmentUnit = inUnit("s");
  branches.push(
    shape === "sums"
      ? sql`select s.department_id, s.points, ${day("s.created_at")} as day, 1 as n
        from score_adjustments s where not s.is_correction and s.created_at >= ${lo} and s.created_at < ${hi} ${adjustmentUnit}`
      : sql`select 'manual_adjustment:' || s.id as key, s.department_id, 'manual_adjustment' as trigger, null::uuid as rule_id,
        '人工加减分：' || s.reason as rule_name, s.points as unit_points, 1 as quantity, s.points as points, ${day("s.created_at")} as day,
        null::uuid as assignment_id, s.task_id
        from score_adjustments s where not s.is_correction and s.created_at >= ${lo} and s.created_at < ${hi} ${adjustmentUnit}`,
  );
  return sql`with r as (select id, name, trigger, points from scoring_rules where enabled)
    ${sql.join(branches, sql` union all `)}`;
}

/**
 * The ledger's items for the range: a published month's items come from its snapshot, every other day's are
 * computed live. `frozen` says which.
 */
export function ledgerItemsSql(range: LedgerRange, departmentId: string | null): SQL {
  const unit = departmentId ? sql`and department_id = ${departmentId}::uuid` : sql``;
  return sql`
    select l.key, l.department_id, l.trigger, l.rule_id, l.rule_name, l.unit_points, l.quantity, l.points, l.day::text as day,
           l.assignment_id, l.task_id, t.task_no, t.title as task_title, false as frozen
    from (${liveItemsSql(range, departmentId)}) l left join tasks t on t.id = l.task_id
    where ${unpublished(sql`l.day`)}
    union all
    select key, department_id, trigger::text, rule_id, rule_name, unit_points, quantity, points, day::text, assignment_id, task_id, task_no, task_title, true
    from score_snapshot_items
    where day between ${range.from}::date and ${range.to}::date ${unit}`;
}

/** A live item's day is in a month not published (a published month's items come from its snapshot). */
const unpublished = (dayColumn: SQL) => sql`to_char(${dayColumn}, 'YYYY-MM') not in (select month from score_publications)`;

/** Every unit's points of the range (live and snapshot) and how many items they came from, without the items' other columns. */
function pointsSql(range: LedgerRange): SQL {
  return sql`
    select l.department_id, l.points, l.n from (${liveItemsSql(range, null, "sums")}) l where ${unpublished(sql`l.day`)}
    union all
    select department_id, points, 1 from score_snapshot_items where day between ${range.from}::date and ${range.to}::date`;
}

export interface LedgerItemRow extends ScoreItem {
  taskNo: string | null;
  taskTitle: string | null;
  frozen: boolean;
}

export function toItem(r: Record<string, unknown>): LedgerItemRow {
  return {
    key: String(r.key),
    departmentId: String(r.department_id),
    trigger: String(r.trigger) as ScoringTrigger,
    ruleId: (r.rule_id as string | null) ?? null,
    ruleName: String(r.rule_name),
    unitPoints: Number(r.unit_points),
    quantity: Number(r.quantity),
    points: Number(r.points),
    day: String(r.day).slice(0, 10),
    assignmentId: (r.assignment_id as string | null) ?? null,
    taskId: (r.task_id as string | null) ?? null,
    taskNo: (r.task_no as string | null) ?? null,
    taskTitle: (r.task_title as string | null) ?? null,
    frozen: Boolean(r.frozen),
  };
}

/** Units that are ranked: enabled, handling units (not the office, not a grouping node). */
export const RANKED_UNITS = sql`select id, name, sort_order from departments where enabled and not is_group and kind <> 'office'`;

/**
 * Totals and ranks of every ranked unit for the range (base + Σ items; rank() shares ties), plus the sum of
 * 更正 entries on published months in the range (shown beside, never in the rank).
 */
export function rankingSql(range: LedgerRange, base: number): SQL {
  return sql`
    with items as (${pointsSql(range)}),
    sums as (select department_id, sum(points) as items_total, sum(n)::int as item_count from items group by department_id),
    corr as (
      select department_id, sum(points) as corrections from score_adjustments
      where is_correction and month between ${range.from.slice(0, 7)} and ${range.to.slice(0, 7)} group by department_id
    ),
    scored as (
      select u.id as department_id, u.name, u.sort_order, coalesce(s.items_total, 0) as items_total, coalesce(s.item_count, 0) as item_count,
             ${base}::numeric + coalesce(s.items_total, 0) as total, coalesce(c.corrections, 0) as corrections
      from (${RANKED_UNITS}) u left join sums s on s.department_id = u.id left join corr c on c.department_id = u.id
    )
    select department_id, name, items_total, item_count, total, corrections, rank() over (order by total desc)::int as rank
    from scored order by rank, sort_order, name`;
}

/** One item of one unit's ledger for a month (snapshot when published, else live), or null. */
export async function findUnitItem(db: Database | Tx, departmentId: string, range: LedgerRange, key: string): Promise<LedgerItemRow | null> {
  const [row] = await queryRows(db, sql`select * from (${ledgerItemsSql(range, departmentId)}) i where i.key = ${key} and i.department_id = ${departmentId}::uuid limit 1`);
  return row ? toItem(row) : null;
}
