import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { assignments, assignmentStatus, taskStatus } from "./tasks";

/**
 * 绩效统计's view of an assignment: one narrow row per assignment holding exactly what the statistics'
 * definitions read (lib/data/stats/metrics.ts) — the assignment's state and times plus its task's state and
 * base-data dimensions — so a year of statistics reads ~100 000 narrow rows by dispatch time instead of
 * joining the wide assignments and tasks tables (measured at a million assignments: see README, 性能).
 *
 * Kept by database triggers (migration 0015_assignment_facts_sync) in the same statement, so the same
 * transaction, as every change to an assignment or to its task's state and dimensions — whichever service
 * or script made it, so no step can forget it. Never written by the application. Time-dependent figures
 * (overdue today) are not stored: they are evaluated when read, from `deadline` and the reading day.
 */
export const assignmentFacts = pgTable(
  "assignment_facts",
  {
    assignmentId: uuid()
      .primaryKey()
      .references(() => assignments.id, { onDelete: "cascade" }),
    taskId: uuid().notNull(),
    departmentId: uuid().notNull(),
    status: assignmentStatus().notNull(),
    taskStatus: taskStatus().notNull(),
    dispatchedAt: timestamp({ withTimezone: true }).notNull(),
    /** Shanghai calendar days of dispatch and completion (working days are counted between them). */
    dispatchedDay: date({ mode: "string" }).notNull(),
    completedDay: date({ mode: "string" }),
    receivedAt: timestamp({ withTimezone: true }),
    deadline: date({ mode: "string" }).notNull(),
    urgeCount: integer().notNull(),
    extensionCount: integer().notNull(),
    sourceId: uuid(),
    categoryId: uuid(),
    taskTypeId: uuid(),
    urgencyId: uuid().notNull(),
  },
  (t) => [
    // Every statistic selects a period of dispatch (all units, or one unit's own).
    index().on(t.dispatchedAt),
    index().on(t.departmentId, t.dispatchedAt),
    index().on(t.taskId),
    // 逾期未办结 over all periods (the dashboard): the open ones by deadline; within a period (beside the
    // monthly counts below, which cannot hold a figure that changes with the day): the open ones by dispatch.
    // Migration 0018 re-creates it INCLUDE (department_id, dispatched_day, task_status) — drizzle cannot say
    // INCLUDE — so 绩效考核's month-end checks of a year (~50 000 open assignments) are an index-only scan.
    index("assignment_facts_open_deadline_index").on(t.deadline).where(sql`status not in ('completed', 'cancelled')`),
    index("assignment_facts_open_dispatched_index").on(t.dispatchedAt, t.deadline).where(sql`status not in ('completed', 'cancelled')`),
    // 绩效考核: completions by day (按期办结, 提前办结, 逾期工作日) and the month-end check of those completed after it.
    // 绩效考核's 接收超时: receipts by time.
    index().on(t.receivedAt),
    index("assignment_facts_completed_index").on(t.completedDay, t.deadline).where(sql`status = 'completed'`),
    // The few assignments that never score (cancelled, or of a cancelled task): the ranking counts a period's
    // urges by their own unit and leaves these out with an anti-join, instead of looking every urge's fact up.
    index("assignment_facts_not_live_index").on(t.assignmentId).where(sql`status = 'cancelled' or task_status = 'cancelled'`),
  ],
);

/**
 * The assignment_facts summed per unit, month of dispatch (its first day) and task state: every count metric
 * that does not change with the day (all but 逾期未办结), over the live facts (neither the assignment nor its
 * task cancelled). Kept by a trigger on assignment_facts (migration 0015) that subtracts a row's old
 * contribution and adds its new one in the same statement; the calendar's own trigger recomputes the months
 * whose working-day sums an edit of the calendar moves. A year of statistics without filters is then ~12 000
 * of these rows plus the open facts for 逾期未办结 (lib/data/stats/month-counts.ts), instead of ~100 000 facts.
 * The task state is part of the key so that the district leaders' scope (tasks not in the office's working
 * states) applies to these rows as to the facts.
 */
export const assignmentMonthCounts = pgTable(
  "assignment_month_counts",
  {
    departmentId: uuid().notNull(),
    month: date({ mode: "string" }).notNull(),
    taskStatus: taskStatus().notNull(),
    dispatched: integer().notNull().default(0),
    received: integer().notNull().default(0),
    inProgress: integer().notNull().default(0),
    completedOnTime: integer().notNull().default(0),
    completedLate: integer().notNull().default(0),
    urged: integer().notNull().default(0),
    extended: integer().notNull().default(0),
    workdaysSum: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.month, t.taskStatus] }), index().on(t.month)],
);

/**
 * 绩效考核's event quantities that follow from an assignment's facts alone, summed per unit and calendar month of
 * the event (its first day): 按期办结, 提前办结 and 逾期办结 (items, and the working days late) by month of
 * completion, and 超时接收 by month of receipt — over the live facts (neither the assignment nor its task
 * cancelled). Rules are not part of it: a rule's points × the quantity is the rule's sum (points have two
 * decimals and quantities are whole, so nothing rounds differently from item by item). The ranking of whole
 * months reads ~ units × months of these rows instead of testing every completion and receipt of the period
 * against the calendar (lib/data/stats/scores-sql.ts); a unit's ledger still lists the items live.
 *
 * Kept like assignment_month_counts (migration 0018): a trigger on assignment_facts takes a row's old
 * contribution out and puts its new one in; an edit of the work calendar recomputes the months of the
 * completions and receipts whose working-day spans it can move; a change of 提醒规则 (the 接收时限) recomputes
 * all of it. Never written by the application.
 */
export const scoreMonthQuantities = pgTable(
  "score_month_quantities",
  {
    departmentId: uuid().notNull(),
    month: date({ mode: "string" }).notNull(),
    completedOnTime: integer().notNull().default(0),
    completedEarly: integer().notNull().default(0),
    /** Completions after the deadline (items of 逾期工作日) and their working days late (its quantity). */
    completedLate: integer().notNull().default(0),
    workdaysLate: integer().notNull().default(0),
    lateReceipts: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.month] }), index().on(t.month)],
);
