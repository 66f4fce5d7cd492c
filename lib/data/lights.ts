import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb, type DbOrTx } from "@/db/client";
import { reminderRules, urgencyLevels } from "@/db/schema";
import { getWorkCalendar } from "@/lib/data/base-data";
import { todayInShanghai, type IsoDate } from "@/lib/domain/dates";
import { DEFAULT_REMINDER_RULE } from "@/lib/domain/rules";
import { warningLight, yellowBoundary, YELLOW_WITHIN_WORKDAYS, type WarningLight } from "@/lib/domain/warning-light";
import type { WorkCalendar } from "@/lib/domain/work-calendar";
import { now as clockNow } from "@/lib/clock";

/**
 * 预警灯 in SQL. The rule is lib/domain/warning-light.ts; this turns it into expressions on a deadline
 * column so that every list can show, filter and sort by the light in the database (a province has a
 * million assignments: no row-by-row JavaScript). The working-day counting is done once per request:
 * for each urgency, the first date that is no longer yellow (`yellowBoundary`), so the SQL only compares
 * the deadline with a date per urgency, which the (status, deadline) indexes serve.
 */
export interface LightContext {
  today: IsoDate;
  /** urgencyId → first non-yellow date; urgencies without an enabled rule use `defaultUntil`. */
  yellowUntil: ReadonlyMap<string, IsoDate>;
  defaultUntil: IsoDate;
  /** urgencyId → working days before the deadline the light turns yellow (for the pure rule). */
  yellowWithin: ReadonlyMap<string, number>;
  calendar: WorkCalendar;
}

export async function loadLightContext(db: DbOrTx = getDb(), at: Date = clockNow()): Promise<LightContext> {
  const [calendar, rules] = await Promise.all([
    getWorkCalendar(db),
    db
      .select({ urgencyId: urgencyLevels.id, days: reminderRules.daysBeforeDeadline, enabled: reminderRules.enabled })
      .from(urgencyLevels)
      .leftJoin(reminderRules, eq(reminderRules.urgencyId, urgencyLevels.id)),
  ]);
  const today = todayInShanghai(at);
  const add = (day: string, n: number) => calendar.addWorkdays(day, n);
  const yellowWithin = new Map<string, number>();
  const yellowUntil = new Map<string, IsoDate>();
  for (const r of rules) {
    // A level without a rule row works to the default rule (as 提醒规则 shows it); a disabled rule to the fallback.
    const days = r.enabled === false ? YELLOW_WITHIN_WORKDAYS : (r.days ?? DEFAULT_REMINDER_RULE.daysBeforeDeadline);
    yellowWithin.set(r.urgencyId, days);
    yellowUntil.set(r.urgencyId, yellowBoundary(today, days, add));
  }
  return { today, yellowUntil, yellowWithin, defaultUntil: yellowBoundary(today, YELLOW_WITHIN_WORKDAYS, add), calendar };
}

/** The same rule in JavaScript, for one row already loaded (detail pages, tests comparing the two). */
export function lightOf(ctx: LightContext, row: { deadline: IsoDate; urgencyId: string; closed: boolean }): WarningLight {
  return warningLight({
    deadline: row.deadline,
    closed: row.closed,
    today: ctx.today,
    workdaysUntil: (from, to) => ctx.calendar.workdaysBetween(from, to),
    yellowWithin: ctx.yellowWithin.get(row.urgencyId) ?? YELLOW_WITHIN_WORKDAYS,
  });
}

type DateExpr = AnyPgColumn | SQL;

/** The first non-yellow date for the row's urgency, as a SQL date. */
function boundarySql(ctx: LightContext, urgencyId: DateExpr): SQL {
  const cases = [...ctx.yellowUntil].map(([id, day]) => sql`when ${urgencyId} = ${id}::uuid then ${day}::date`);
  return cases.length ? sql`(case ${sql.join(cases, sql` `)} else ${ctx.defaultUntil}::date end)` : sql`${ctx.defaultUntil}::date`;
}

function latestBoundary(ctx: LightContext): IsoDate {
  return [ctx.defaultUntil, ...ctx.yellowUntil.values()].sort().at(-1)!;
}

function earliestBoundary(ctx: LightContext): IsoDate {
  return [ctx.defaultUntil, ...ctx.yellowUntil.values()].sort()[0]!;
}

/** 'red' | 'yellow' | 'green' | 'none' for each row. `closed` is the row's "finished" condition. */
export function lightSql(ctx: LightContext, deadline: DateExpr, urgencyId: DateExpr, closed: SQL): SQL<WarningLight> {
  return sql<WarningLight>`(case when ${closed} then 'none' when ${deadline} < ${ctx.today}::date then 'red' when ${deadline} < ${boundarySql(ctx, urgencyId)} then 'yellow' else 'green' end)`;
}

/** 0 red, 1 yellow, 2 green, 3 none (LIGHT_RANK): `order by` this ascending for reddest first. */
export function lightRankSql(ctx: LightContext, deadline: DateExpr, urgencyId: DateExpr, closed: SQL): SQL<number> {
  return sql<number>`(case when ${closed} then 3 when ${deadline} < ${ctx.today}::date then 0 when ${deadline} < ${boundarySql(ctx, urgencyId)} then 1 else 2 end)`;
}

/**
 * lightRankSql of an open row whose urgency is not at hand (a 待办 item): `rankWithUrgency` — typically a scalar
 * subquery reading the task's urgency — is evaluated only inside the yellow window; before today a row is red
 * whatever its urgency, from the latest yellow boundary on green. Same value as lightRankSql with closed = false.
 */
export function openLightRankSql(ctx: LightContext, deadline: DateExpr, rankWithUrgency: SQL): SQL<number> {
  return sql<number>`(case when ${deadline} < ${ctx.today}::date then 0 when ${deadline} >= ${latestBoundary(ctx)}::date then 2 else ${rankWithUrgency} end)`;
}

/**
 * Only rows of one light, written as ranges on the deadline so an index on (status, deadline) serves it.
 * `open` is the negation of `closed` (passed separately so callers can use their status IN (...) form).
 */
export function lightCondition(ctx: LightContext, light: WarningLight, deadline: DateExpr, urgencyId: DateExpr, open: SQL, closed: SQL): SQL {
  switch (light) {
    case "none":
      return closed;
    case "red":
      return sql`(${open} and ${deadline} < ${ctx.today}::date)`;
    // The per-urgency boundary is a CASE on the row's urgency, which no index can use; the constant bound
    // beside it (the latest, resp. earliest, boundary of any urgency) is what the index range scan uses.
    case "yellow":
      return sql`(${open} and ${deadline} >= ${ctx.today}::date and ${deadline} < ${latestBoundary(ctx)}::date and ${deadline} < ${boundarySql(ctx, urgencyId)})`;
    case "green":
      return sql`(${open} and ${deadline} >= ${earliestBoundary(ctx)}::date and ${deadline} >= ${boundarySql(ctx, urgencyId)})`;
  }
}
