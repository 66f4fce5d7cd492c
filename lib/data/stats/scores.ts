import "server-only";
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import { getDb, queryRows, type DbOrTx } from "@/db/client";
import { departments, scoreAdjustments, scoreObjections, scorePublications } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { notFound } from "@/lib/domain/errors";
import { monthsOf, parsePeriod, type StatsPeriod } from "@/lib/domain/stats/period";
import { param, type SearchParams } from "@/lib/data/list-params";
import type { ObjectionStatus } from "@/lib/domain/stats/scoring";
import { isWholeMonths } from "@/lib/domain/stats/period";
import { getScoreBase } from "@/lib/data/settings";
import { ledgerItemsSql, rankingSql, toItem, type LedgerItemRow, type LedgerRange } from "./scores-sql";
import { statsToday } from "./metrics";

/**
 * 绩效考核统计 reads. An all-units viewer sees every unit; a unit-scoped viewer (stats.view, own_unit) sees only
 * its own row with its rank position, its own ledger, and its own objections — another unit's ledger is "not
 * found". Everything is computed in SQL (scores-sql.ts).
 */
export type ScoreDb = DbOrTx;

/** The unit a viewer is limited to, or null for all units. */
export function scoreScopeUnit(viewer: Actor): string | null {
  return viewer.dataScope === "all_units" ? null : viewer.departmentId;
}

export function ledgerRange(period: Pick<StatsPeriod, "from" | "to">, today = statsToday()): LedgerRange {
  return { from: period.from, to: period.to, today };
}

export interface RankingRow {
  departmentId: string;
  name: string;
  itemsTotal: number;
  itemCount: number;
  total: number;
  corrections: number;
  rank: number;
}

export interface PublishedMonth {
  month: string;
  publishedAt: Date;
  publishedByName: string;
}

/** Months of the period that are published (their figures are frozen). */
export async function publishedMonths(period: Pick<StatsPeriod, "from" | "to">, db: ScoreDb = getDb()): Promise<PublishedMonth[]> {
  const months = monthsOf(period);
  return db
    .select({ month: scorePublications.month, publishedAt: scorePublications.publishedAt, publishedByName: scorePublications.publishedByName })
    .from(scorePublications)
    .where(and(gte(scorePublications.month, months[0]!), lte(scorePublications.month, months.at(-1)!)))
    .orderBy(scorePublications.month);
}

/**
 * The 基础分 of a period: a published month shows the one it was published with; any other period the one in
 * force (系统参数 “绩效基础分”).
 */
export async function periodBase(period: Pick<StatsPeriod, "from" | "to">, db: ScoreDb = getDb()): Promise<number> {
  const months = monthsOf(period);
  if (months.length === 1 && isWholeMonths(period)) {
    const [published] = await db.select({ base: scorePublications.baseScore }).from(scorePublications).where(eq(scorePublications.month, months[0]!));
    if (published) return Number(published.base);
  }
  return getScoreBase(db);
}

/** The ranking for the period and its 基础分; a unit viewer gets its own row only (with its rank among all units). */
export async function scoreRanking(
  viewer: Actor,
  period: Pick<StatsPeriod, "from" | "to">,
  today = statsToday(),
  db: ScoreDb = getDb(),
): Promise<{ rows: RankingRow[]; unitCount: number; base: number }> {
  const base = await periodBase(period, db);
  const all = (await queryRows(db, rankingSql(ledgerRange(period, today), base))).map((r) => ({
    departmentId: String(r.department_id),
    name: String(r.name),
    itemsTotal: Number(r.items_total),
    itemCount: Number(r.item_count),
    total: Number(r.total),
    corrections: Number(r.corrections),
    rank: Number(r.rank),
  }));
  const unit = scoreScopeUnit(viewer);
  return { rows: unit ? all.filter((r) => r.departmentId === unit) : all, unitCount: all.length, base };
}

export interface CorrectionRow {
  id: string;
  month: string;
  points: number;
  reason: string;
  createdByName: string;
  createdAt: Date;
  taskId: string | null;
}

export interface ObjectionRow {
  id: string;
  departmentId: string;
  departmentName: string;
  month: string;
  itemKey: string;
  itemLabel: string;
  itemPoints: number;
  taskId: string | null;
  reason: string;
  status: ObjectionStatus;
  raisedByName: string;
  raisedAt: Date;
  answer: string | null;
  answeredByName: string | null;
  answeredAt: Date | null;
  version: number;
}

/** The unit a viewer may read: a unit viewer asking for another unit (or a unit that does not exist) → not found. */
export async function scoreUnit(viewer: Actor, departmentId: string, db: ScoreDb = getDb()): Promise<{ id: string; name: string }> {
  const unit = scoreScopeUnit(viewer);
  if (unit && unit !== departmentId) throw notFound("单位");
  const [row] = await db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.id, departmentId));
  if (!row) throw notFound("单位");
  return row;
}

/** One unit's ledger for the period: every item (frozen or live), its 更正 entries and its objections. */
export async function unitScoreLedger(viewer: Actor, departmentId: string, period: Pick<StatsPeriod, "from" | "to">, today = statsToday(), db: ScoreDb = getDb()) {
  const unit = await scoreUnit(viewer, departmentId, db);
  const months = monthsOf(period);
  const [items, corrections, objections, base] = await Promise.all([
    queryRows(db, sql`select * from (${ledgerItemsSql(ledgerRange(period, today), unit.id)}) i order by i.day, i.key`).then((r) => r.map(toItem)),
    db
      .select({
        id: scoreAdjustments.id,
        month: scoreAdjustments.month,
        points: scoreAdjustments.points,
        reason: scoreAdjustments.reason,
        createdByName: scoreAdjustments.createdByName,
        createdAt: scoreAdjustments.createdAt,
        taskId: scoreAdjustments.taskId,
      })
      .from(scoreAdjustments)
      .where(and(eq(scoreAdjustments.departmentId, unit.id), eq(scoreAdjustments.isCorrection, true), gte(scoreAdjustments.month, months[0]!), lte(scoreAdjustments.month, months.at(-1)!)))
      .orderBy(scoreAdjustments.createdAt),
    objectionsOf(viewer, { departmentId: unit.id, fromMonth: months[0]!, toMonth: months.at(-1)! }, db),
    periodBase(period, db),
  ]);
  return { unit, items: items as LedgerItemRow[], corrections: corrections as CorrectionRow[], objections, base };
}

/** Objections the viewer may see (a unit: its own), newest first; optional filters. */
export async function objectionsOf(
  viewer: Actor,
  f: { departmentId?: string; status?: ObjectionStatus; fromMonth?: string; toMonth?: string; limit?: number } = {},
  db: ScoreDb = getDb(),
): Promise<ObjectionRow[]> {
  const unit = scoreScopeUnit(viewer);
  const rowsOut = await db
    .select({
      id: scoreObjections.id,
      departmentId: scoreObjections.departmentId,
      departmentName: departments.name,
      month: scoreObjections.month,
      itemKey: scoreObjections.itemKey,
      itemLabel: scoreObjections.itemLabel,
      itemPoints: scoreObjections.itemPoints,
      taskId: scoreObjections.taskId,
      reason: scoreObjections.reason,
      status: scoreObjections.status,
      raisedByName: scoreObjections.raisedByName,
      raisedAt: scoreObjections.raisedAt,
      answer: scoreObjections.answer,
      answeredByName: scoreObjections.answeredByName,
      answeredAt: scoreObjections.answeredAt,
      version: scoreObjections.version,
    })
    .from(scoreObjections)
    .innerJoin(departments, eq(departments.id, scoreObjections.departmentId))
    .where(
      and(
        unit ? eq(scoreObjections.departmentId, unit) : undefined,
        f.departmentId ? eq(scoreObjections.departmentId, f.departmentId) : undefined,
        f.status ? eq(scoreObjections.status, f.status) : undefined,
        f.fromMonth ? gte(scoreObjections.month, f.fromMonth) : undefined,
        f.toMonth ? lte(scoreObjections.month, f.toMonth) : undefined,
      ),
    )
    .orderBy(desc(scoreObjections.raisedAt))
    .limit(f.limit ?? 200);
  return rowsOut as ObjectionRow[];
}

/** The period of a 绩效考核 page: as every statistics URL (parsePeriod), but this month when none is given. */
export function parseScorePeriod(sp: SearchParams, now: Date): StatsPeriod {
  return parsePeriod((key) => param(sp, key), now, "month");
}

/** Query string of a period (links between the ranking, a unit's ledger and the exports). */
export function periodQuery(period: StatsPeriod): string {
  return new URLSearchParams(period.params).toString();
}
