import "server-only";
import { and, asc, eq, gte, isNotNull, lte, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db/client";
import { eventSources, reminderRules, scoringRules, taskCategories, tasks, taskTypes, urgencyLevels, workCalendarDays } from "@/db/schema";
import { DEFAULT_REMINDER_RULE } from "@/lib/domain/rules";
import { WorkCalendar } from "@/lib/domain/work-calendar";
import type { BaseDataList } from "@/lib/domain/base-data";
import { assertCan, type Actor } from "@/lib/domain/policy";

/**
 * The working-day calendar (holidays, 调休 make-up days and the admin's edits) for deadline maths.
 * Not scoped: every user works to the same calendar. Only exceptions are stored, so this is a few
 * dozen rows per year.
 */
export async function getWorkCalendar(db: DbOrTx = getDb()): Promise<WorkCalendar> {
  const rows = await db.select({ day: workCalendarDays.day, isWorkday: workCalendarDays.isWorkday }).from(workCalendarDays);
  return new WorkCalendar(new Map(rows.map((r) => [r.day, r.isWorkday])));
}

export interface BaseDataEntry {
  id: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
  version: number;
  parentId: string | null;
  code: string | null;
  color: string | null;
  /** Tasks pointing at the entry; > 0 means it can only be disabled, never deleted. */
  usedBy: number;
}

const LIST_TABLES = { sources: eventSources, categories: taskCategories, types: taskTypes, urgencies: urgencyLevels } as const;
const TASK_COLUMNS = { sources: tasks.sourceId, categories: tasks.categoryId, types: tasks.taskTypeId, urgencies: tasks.urgencyId } as const;

/** Every entry of one list, enabled or not, in display order, with its usage — for 基础数据 pages (admin.basedata). */
export async function listBaseDataEntries(viewer: Actor, list: BaseDataList, db: DbOrTx = getDb()): Promise<BaseDataEntry[]> {
  assertCan(viewer, "admin.basedata");
  const t = LIST_TABLES[list] as unknown as typeof eventSources;
  const column = TASK_COLUMNS[list];
  const usage = db.select({ refId: sql<string>`${column}`.as("ref_id"), n: sql<number>`count(*)::int`.as("n") }).from(tasks).where(isNotNull(column)).groupBy(column).as("usage");
  return db
    .select({
      id: t.id,
      name: t.name,
      sortOrder: t.sortOrder,
      enabled: t.enabled,
      version: t.version,
      parentId: list === "categories" ? taskCategories.parentId : sql<string | null>`null`,
      code: list === "urgencies" ? urgencyLevels.code : sql<string | null>`null`,
      color: list === "urgencies" ? urgencyLevels.color : sql<string | null>`null`,
      usedBy: sql<number>`coalesce(${usage.n}, 0)::int`,
    })
    .from(t)
    .leftJoin(usage, eq(usage.refId, t.id))
    .orderBy(asc(t.sortOrder), asc(t.name));
}

export interface ReminderRuleRow {
  urgencyId: string;
  urgencyName: string;
  urgencyColor: string;
  urgencyEnabled: boolean;
  /** 0 = no rule row yet; saving creates it. */
  version: number;
  daysBeforeDeadline: number;
  overdueRepeatDays: number;
  receiveLimitHours: number;
  targets: Array<"handler" | "unit_leader" | "office_clerk">;
  sendSms: boolean;
  enabled: boolean;
  overrideQuietHours: boolean;
  autoUrge: boolean;
  reportGraceDays: number;
  urgeMinIntervalHours: number;
}

/** One reminder rule per urgency level, in the urgency order (admin.rules). Levels without a rule show the defaults. */
export async function listReminderRules(viewer: Actor, db: DbOrTx = getDb()): Promise<ReminderRuleRow[]> {
  assertCan(viewer, "admin.rules");
  const rows = await db
    .select({
      urgencyId: urgencyLevels.id,
      urgencyName: urgencyLevels.name,
      urgencyColor: urgencyLevels.color,
      urgencyEnabled: urgencyLevels.enabled,
      version: reminderRules.version,
      daysBeforeDeadline: reminderRules.daysBeforeDeadline,
      overdueRepeatDays: reminderRules.overdueRepeatDays,
      receiveLimitHours: reminderRules.receiveLimitHours,
      targets: reminderRules.targets,
      sendSms: reminderRules.sendSms,
      enabled: reminderRules.enabled,
      overrideQuietHours: reminderRules.overrideQuietHours,
      autoUrge: reminderRules.autoUrge,
      reportGraceDays: reminderRules.reportGraceDays,
      urgeMinIntervalHours: reminderRules.urgeMinIntervalHours,
    })
    .from(urgencyLevels)
    .leftJoin(reminderRules, eq(reminderRules.urgencyId, urgencyLevels.id))
    .orderBy(asc(urgencyLevels.sortOrder), asc(urgencyLevels.name));
  return rows.map((r) => ({
    urgencyId: r.urgencyId,
    urgencyName: r.urgencyName,
    urgencyColor: r.urgencyColor,
    urgencyEnabled: r.urgencyEnabled,
    version: r.version ?? 0,
    daysBeforeDeadline: r.daysBeforeDeadline ?? DEFAULT_REMINDER_RULE.daysBeforeDeadline,
    overdueRepeatDays: r.overdueRepeatDays ?? DEFAULT_REMINDER_RULE.overdueRepeatDays,
    receiveLimitHours: r.receiveLimitHours ?? DEFAULT_REMINDER_RULE.receiveLimitHours,
    targets: r.targets ?? [...DEFAULT_REMINDER_RULE.targets],
    sendSms: r.sendSms ?? DEFAULT_REMINDER_RULE.sendSms,
    enabled: r.enabled ?? true,
    overrideQuietHours: r.overrideQuietHours ?? DEFAULT_REMINDER_RULE.overrideQuietHours,
    autoUrge: r.autoUrge ?? DEFAULT_REMINDER_RULE.autoUrge,
    reportGraceDays: r.reportGraceDays ?? DEFAULT_REMINDER_RULE.reportGraceDays,
    urgeMinIntervalHours: r.urgeMinIntervalHours ?? DEFAULT_REMINDER_RULE.urgeMinIntervalHours,
  }));
}

export interface ScoringRuleRow {
  id: string;
  name: string;
  trigger: (typeof scoringRules.$inferSelect)["trigger"];
  points: number;
  enabled: boolean;
  version: number;
}

/** 绩效规则 items in order (admin.rules). */
export async function listScoringRules(viewer: Actor, db: DbOrTx = getDb()): Promise<ScoringRuleRow[]> {
  assertCan(viewer, "admin.rules");
  return db
    .select({ id: scoringRules.id, name: scoringRules.name, trigger: scoringRules.trigger, points: scoringRules.points, enabled: scoringRules.enabled, version: scoringRules.version })
    .from(scoringRules)
    .orderBy(asc(scoringRules.sortOrder), asc(scoringRules.name));
}

export interface CalendarDayRow {
  day: string;
  isWorkday: boolean;
  name: string;
  source: string;
}

/** The stored exception days of one year, for the 工作日历 page (admin.rules). */
export async function listCalendarDays(viewer: Actor, year: number, db: DbOrTx = getDb()): Promise<CalendarDayRow[]> {
  assertCan(viewer, "admin.rules");
  return db
    .select({ day: workCalendarDays.day, isWorkday: workCalendarDays.isWorkday, name: workCalendarDays.name, source: workCalendarDays.source })
    .from(workCalendarDays)
    .where(and(gte(workCalendarDays.day, `${year}-01-01`), lte(workCalendarDays.day, `${year}-12-31`)))
    .orderBy(asc(workCalendarDays.day));
}
