import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments, users } from "./org";
import { assignments, tasks } from "./tasks";
import { scoringRules, scoringTrigger } from "./rules";
import { OBJECTION_STATUSES } from "@/lib/domain/stats/scoring";

export const objectionStatus = pgEnum("score_objection_status", OBJECTION_STATUSES);

/**
 * 人工加减分 (and, on a published month, 人工更正): the office's own entries. `month` is the month it counts in
 * ('YYYY-MM', the Shanghai month of `createdAt`, or the published month it corrects); `isCorrection` is fixed
 * when written: true when that month was already published, so it appears beside the frozen figures.
 */
export const scoreAdjustments = pgTable(
  "score_adjustments",
  {
    id: uuid().primaryKey().defaultRandom(),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    taskId: uuid().references(() => tasks.id, { onDelete: "set null" }),
    points: numeric({ precision: 6, scale: 2, mode: "number" }).notNull(),
    reason: text().notNull(),
    month: text().notNull(),
    isCorrection: boolean().notNull().default(false),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdByName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.createdAt),
    index().on(t.departmentId, t.month),
    check("score_adjustments_points_bounded", sql`${t.points} between -100 and 100 and ${t.points} <> 0`),
  ],
);

/** A published (frozen) month: one row, never deleted (unpublishing is not offered). */
export const scorePublications = pgTable("score_publications", {
  month: text().primaryKey(),
  baseScore: numeric({ precision: 6, scale: 2, mode: "number" }).notNull(),
  publishedById: uuid().references(() => users.id, { onDelete: "set null" }),
  publishedByName: text().notNull(),
  publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The frozen totals and ranks of a published month. */
export const scoreSnapshotUnits = pgTable(
  "score_snapshot_units",
  {
    month: text()
      .notNull()
      .references(() => scorePublications.month, { onDelete: "cascade" }),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    departmentName: text().notNull(),
    itemsTotal: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
    total: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
    rank: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.departmentId] })],
);

/** The frozen items of a published month: names and numbers copied, so a later rule or task edit cannot move them. */
export const scoreSnapshotItems = pgTable(
  "score_snapshot_items",
  {
    month: text()
      .notNull()
      .references(() => scorePublications.month, { onDelete: "cascade" }),
    key: text().notNull(),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    trigger: scoringTrigger().notNull(),
    ruleId: uuid().references(() => scoringRules.id, { onDelete: "set null" }),
    ruleName: text().notNull(),
    unitPoints: numeric({ precision: 6, scale: 2, mode: "number" }).notNull(),
    quantity: integer().notNull(),
    points: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
    day: date({ mode: "string" }).notNull(),
    assignmentId: uuid().references(() => assignments.id, { onDelete: "set null" }),
    taskId: uuid().references(() => tasks.id, { onDelete: "set null" }),
    taskNo: text(),
    taskTitle: text(),
  },
  (t) => [primaryKey({ columns: [t.month, t.key] }), index().on(t.month, t.departmentId, t.day)],
);

/** 申诉: a unit objects to one item of its ledger; the office accepts (with the correction it makes) or rejects. */
export const scoreObjections = pgTable(
  "score_objections",
  {
    id: uuid().primaryKey().defaultRandom(),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    month: text().notNull(),
    itemKey: text().notNull(),
    /** What the item said when the objection was raised (rule, points, task), for both sides to read. */
    itemLabel: text().notNull(),
    itemPoints: numeric({ precision: 10, scale: 2, mode: "number" }).notNull(),
    taskId: uuid().references(() => tasks.id, { onDelete: "set null" }),
    reason: text().notNull(),
    status: objectionStatus().notNull().default("pending"),
    raisedById: uuid().references(() => users.id, { onDelete: "set null" }),
    raisedByName: text().notNull(),
    raisedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    answer: text(),
    adjustmentId: uuid().references(() => scoreAdjustments.id, { onDelete: "set null" }),
    answeredById: uuid().references(() => users.id, { onDelete: "set null" }),
    answeredByName: text(),
    answeredAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index().on(t.departmentId, t.raisedAt),
    index().on(t.status, t.raisedAt),
    // One open objection per item: a second one while the first waits would be answered twice.
    uniqueIndex("score_objections_open_item_unique").on(t.departmentId, t.itemKey).where(sql`status = 'pending'`),
  ],
);
