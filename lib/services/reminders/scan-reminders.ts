import { eq, sql } from "drizzle-orm";
import { getDb, queryRows, type Database, type Tx } from "@/db/client";
import { reminderRules } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { todayInShanghai } from "@/lib/domain/dates";
import type { NotificationKind } from "@/lib/domain/messages";
import type { RemindTarget } from "@/lib/domain/rules";
import { rebuildCalendarDays } from "@/lib/services/admin/calendar/rebuild-calendar-days";
import { enqueueNotifications, unitMembers, usersById, type NotifyInput, type Recipient } from "@/lib/services/notifications/enqueue";
import { recordRuleUrges } from "@/lib/services/urges/record-urge";

/**
 * The reminder scan (提醒规则 at work). A plain function: the job runner calls it on its schedule; it keeps no
 * state of its own, so a restart loses nothing and a repeated or concurrent scan writes nothing twice (every
 * message and rule urge carries a unique dedupe key per rule, assignment and occurrence).
 *
 * It walks every open assignment (not 办结/撤销) in id order, `batchSize` at a time (keyset, one transaction
 * per batch), and decides in SQL — on calendar_days, the 工作日历 in SQL — which reminders are due:
 *
 *  - reminder_before: the deadline is today or later and at most daysBeforeDeadline working days away (the
 *    same day the light turns yellow); once per (assignment, deadline): an approved 延期 gives a new one.
 *  - reminder_overdue: from the first working day after the deadline, then every overdueRepeatDays working
 *    days (0 = once); the occurrence is the repeat number, per deadline. With autoUrge also a 催办
 *    (系统自动催办) with the same key, unless the rule's urge interval throttles it.
 *  - reminder_receive: still 待接收 more than receiveLimitHours working hours after dispatch (the clock runs
 *    24 hours a day on working days only, Asia/Shanghai); once per dispatch.
 *  - reminder_report: a periodic task's 阶段反馈 is late — no report for progressIntervalDays calendar days
 *    (+ reportGraceDays working days) since the last one (or since receipt); once per period.
 *
 * Only assignments of a dispatched task (承办中) whose urgency has an enabled rule get reminders; all open
 * assignments are counted as scanned. Recipients follow the rule's targets; SMS per rule.sendSms.
 */
export interface ScanResult {
  assignmentsScanned: number;
  /** Notification rows written (in-app, SMS and unreachable SMS rows). */
  messages: number;
  urges: number;
}

interface DueRow extends Record<string, unknown> {
  id: string;
  task_id: string;
  department_id: string;
  deadline: string;
  handler_id: string | null;
  creator_id: string;
  task_no: string | null;
  title: string;
  rule_id: string | null;
  before_key: string | null;
  overdue_key: string | null;
  receive_key: string | null;
  report_key: string | null;
  batch_count: number;
  is_last: boolean;
}

type Rule = typeof reminderRules.$inferSelect;

const OPEN_ASSIGNMENT = sql`a.status not in ('completed', 'cancelled')`;


/** One batch: the due, not yet written reminders of up to `limit` open assignments after `after`, plus its last row. */
function batchQuery(after: string | null, limit: number, today: string, at: Date): ReturnType<typeof sql> {
  const wnToday = sql`(select workday_no from calendar_days where day = ${today}::date)`;
  const notWritten = (kind: NotificationKind, key: ReturnType<typeof sql>) =>
    sql`not exists (select 1 from notifications n where n.assignment_id = k.id and n.kind = ${kind} and n.dedupe_key like ${key} || ':%')`;
  return sql`
    with batch as (
      select a.id, a.task_id, a.department_id, a.status, a.deadline, a.handler_id, a.dispatched_at,
             coalesce(a.last_reported_at, a.received_at) as report_base,
             t.urgency_id, t.status as task_status, t.feedback_mode, t.progress_interval_days, t.creator_id, t.task_no, t.title
      from assignments a join tasks t on t.id = a.task_id
      where ${OPEN_ASSIGNMENT} ${after ? sql`and a.id > ${after}::uuid` : sql``}
      order by a.id limit ${limit}
    ), facts as (
      select b.*, r.id as rule_id, r.days_before_deadline, r.overdue_repeat_days, r.receive_limit_hours, r.report_grace_days,
             cd.workday_no as wn_deadline
      from batch b
      left join reminder_rules r on r.urgency_id = b.urgency_id and r.enabled and b.task_status = 'in_progress'
      left join calendar_days cd on cd.day = b.deadline
    ), periods as (
      -- The latest period whose report (with its grace) is overdue; k >= 1 means "late for period k".
      select f.id, (case when add_workdays(bd.base_d + k0.k0 * f.progress_interval_days, f.report_grace_days) < ${today}::date
                        then k0.k0 else k0.k0 - 1 end) as k,
             (extract(epoch from f.report_base) * 1000)::bigint as base_ms
      from facts f
      cross join lateral (select (f.report_base at time zone 'Asia/Shanghai')::date as base_d) bd
      cross join lateral (select (${today}::date - bd.base_d) / f.progress_interval_days as k0) k0
      where f.rule_id is not null and f.feedback_mode = 'periodic' and f.progress_interval_days > 0
        and f.status <> 'to_receive' and f.report_base is not null
    ), keys as (
      select f.id, f.task_id, f.department_id, to_char(f.deadline, 'YYYY-MM-DD') as deadline, f.handler_id, f.creator_id,
             f.task_no, f.title, f.rule_id,
        case when f.rule_id is not null and f.deadline >= ${today}::date and f.wn_deadline - ${wnToday} <= f.days_before_deadline
          then 'rem:before:' || f.rule_id || ':' || f.id || ':' || to_char(f.deadline, 'YYYY-MM-DD') end as before_key,
        case when f.rule_id is not null and f.deadline < ${today}::date and ${wnToday} - f.wn_deadline >= 1
          then 'rem:overdue:' || f.rule_id || ':' || f.id || ':' || to_char(f.deadline, 'YYYY-MM-DD') || ':'
               || (case when f.overdue_repeat_days > 0 then (${wnToday} - f.wn_deadline - 1) / f.overdue_repeat_days else 0 end) end as overdue_key,
        case when f.rule_id is not null and f.status = 'to_receive'
               and working_hours_at(${at.toISOString()}::timestamptz) - working_hours_at(f.dispatched_at) >= f.receive_limit_hours
          then 'rem:receive:' || f.rule_id || ':' || f.id || ':' || (extract(epoch from f.dispatched_at) * 1000)::bigint end as receive_key,
        case when p.k >= 1 then 'rem:report:' || f.rule_id || ':' || f.id || ':' || p.base_ms || ':' || p.k end as report_key
      from facts f left join periods p on p.id = f.id
    ), fresh as (
      select k.id, k.task_id, k.department_id, k.deadline, k.handler_id, k.creator_id, k.task_no, k.title, k.rule_id,
        case when k.before_key is not null and ${notWritten("reminder_before", sql`k.before_key`)} then k.before_key end as before_key,
        case when k.overdue_key is not null and ${notWritten("reminder_overdue", sql`k.overdue_key`)} then k.overdue_key end as overdue_key,
        case when k.receive_key is not null and ${notWritten("reminder_receive", sql`k.receive_key`)} then k.receive_key end as receive_key,
        case when k.report_key is not null and ${notWritten("reminder_report", sql`k.report_key`)} then k.report_key end as report_key,
        (count(*) over ())::int as batch_count,
        row_number() over (order by k.id desc) = 1 as is_last
      from keys k
    )
    select * from fresh
    where is_last or before_key is not null or overdue_key is not null or receive_key is not null or report_key is not null
    order by id`;
}

/** Recipient look-ups repeat across assignments of one unit: cached for the scan. */
class RecipientFinder {
  private cache = new Map<string, Promise<Recipient[]>>();
  constructor(private readonly tx: () => Tx) {}
  private cached(key: string, load: () => Promise<Recipient[]>) {
    let hit = this.cache.get(key);
    if (!hit) this.cache.set(key, (hit = load()));
    return hit;
  }
  async forTargets(targets: readonly RemindTarget[], row: DueRow): Promise<Recipient[]> {
    const lists = await Promise.all(
      targets.map((target) => {
        switch (target) {
          case "handler":
            // The 经办人 once named; until then the unit's clerks (who receive and hand out the work).
            return row.handler_id
              ? this.cached(`user:${row.handler_id}`, () => usersById(this.tx(), [row.handler_id]))
              : this.cached(`clerks:${row.department_id}`, () => unitMembers(this.tx(), [row.department_id], ["assignment.handle"]));
          case "unit_leader":
            return this.cached(`leaders:${row.department_id}`, () => unitMembers(this.tx(), [row.department_id], ["assignment.sign"]));
          case "office_clerk":
            return this.cached(`user:${row.creator_id}`, () => usersById(this.tx(), [row.creator_id]));
        }
      }),
    );
    return lists.flat();
  }
}

const KINDS = [
  ["before_key", "reminder_before"],
  ["overdue_key", "reminder_overdue"],
  ["receive_key", "reminder_receive"],
  ["report_key", "reminder_report"],
] as const;

function isDeadlock(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === "40P01") return true;
  return false;
}

export async function scanReminders(options: { now?: Date; batchSize?: number; db?: Database } = {}): Promise<ScanResult> {
  const db = options.db ?? getDb();
  const at = options.now ?? clockNow();
  const today = todayInShanghai(at);
  const batchSize = options.batchSize ?? 2000;
  const result: ScanResult = { assignmentsScanned: 0, messages: 0, urges: 0 };

  // Today must lie inside the SQL calendar (it covers 2015…2045 and grows on demand).
  const [covered] = await queryRows<{ ok: boolean }>(db, sql`select exists (select 1 from calendar_days where day = ${today}::date) as ok`);
  if (!covered?.ok) await db.transaction((tx) => rebuildCalendarDays(tx, [today]));

  const rules = new Map((await db.select().from(reminderRules).where(eq(reminderRules.enabled, true))).map((r): [string, Rule] => [r.id, r]));
  let currentTx: Tx | undefined;
  const finder = new RecipientFinder(() => currentTx!);

  for (let after: string | null = null; ; ) {
    let last: DueRow | undefined;
    for (let attempt = 1; ; attempt++) {
      const counts = { messages: 0, urges: 0 };
      try {
        last = await db.transaction(async (tx) => {
          currentTx = tx;
          // The batch statement is large but cheap: JIT-compiling it cost 3× its run time at 1M rows.
          await tx.execute(sql`set local jit = off`);
          const due = await queryRows<DueRow>(tx, batchQuery(after, batchSize, today, at));
          const reminders: NotifyInput[] = [];
          const urgesDue: { row: DueRow; rule: Rule; key: string }[] = [];
          for (const row of due) {
            const rule = row.rule_id ? rules.get(row.rule_id) : undefined;
            if (!rule) continue;
            for (const [column, kind] of KINDS) {
              const key = row[column];
              if (!key) continue;
              reminders.push({
                kind,
                taskId: row.task_id,
                assignmentId: row.id,
                recipients: await finder.forTargets(rule.targets, row),
                vars: { 任务编号: row.task_no ?? "", 任务标题: row.title, 截止日期: row.deadline },
                sms: rule.sendSms ? "all" : "none",
                urgent: rule.overrideQuietHours,
                dedupeKey: key,
                now: at,
              });
              if (kind === "reminder_overdue" && rule.autoUrge) urgesDue.push({ row, rule, key });
            }
          }
          const written = await enqueueNotifications(tx, reminders);
          counts.messages += written.inApp + written.sms + written.unreachable;
          counts.urges += await recordRuleUrges(
            tx,
            urgesDue.map(({ row, rule, key }) => ({
              assignmentId: row.id,
              taskId: row.task_id,
              departmentId: row.department_id,
              message: `已超过办理期限 ${row.deadline}，请尽快办理反馈。`,
              minIntervalHours: rule.urgeMinIntervalHours,
              // The reminder just written is the unit's message; a throttled urge is simply not recorded.
              dedupeKey: key,
            })),
            at,
          );
          return due.find((r) => r.is_last);
        });
        result.messages += counts.messages;
        result.urges += counts.urges;
        break;
      } catch (error) {
        // Two scans at once may cross on the same keys; the loser retries the batch, whose writes are idempotent.
        if (attempt < 3 && isDeadlock(error)) continue;
        throw error;
      } finally {
        currentTx = undefined;
      }
    }
    if (!last) break;
    result.assignmentsScanned += last.batch_count;
    after = last.id;
    if (last.batch_count < batchSize) break;
  }
  return result;
}
