import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments, users } from "./org";
import { assignments, tasks } from "./tasks";
import { NOTIFICATION_KINDS } from "@/lib/domain/messages";
import { EXTENSION_STATUSES, URGE_KINDS } from "@/lib/domain/workflow/side-steps";
import { MEMBER_CHANGE_KINDS, MEMBER_CHANGE_STATUSES } from "@/lib/domain/member-changes";

export const urgeKind = pgEnum("urge_kind", URGE_KINDS);
export const extensionStatus = pgEnum("extension_status", EXTENSION_STATUSES);
export const memberChangeKind = pgEnum("member_change_kind", MEMBER_CHANGE_KINDS);
export const memberChangeStatus = pgEnum("member_change_status", MEMBER_CHANGE_STATUSES);
export const templateKind = pgEnum("template_kind", NOTIFICATION_KINDS);

/** 催办: one row per urge, by hand (with a message) or by a reminder rule; the unit signs for it (签收). */
export const urges = pgTable(
  "urges",
  {
    id: uuid().primaryKey().defaultRandom(),
    assignmentId: uuid()
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    /** The urged unit (its clerks and leaders see and acknowledge it). */
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    kind: urgeKind().notNull(),
    message: text().notNull().default(""),
    urgedById: uuid().references(() => users.id, { onDelete: "set null" }),
    urgedByName: text().notNull(),
    /** A rule's urge is written once per occurrence: the same key as its reminder. */
    dedupeKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedById: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index().on(t.assignmentId, t.createdAt),
    // 绩效考核统计 counts every urge by its day.
    index().on(t.createdAt),
    uniqueIndex("urges_dedupe_key_unique").on(t.dedupeKey),
    // 待办事项: a unit's urges not yet acknowledged.
    index("urges_unacknowledged_index").on(t.departmentId, t.createdAt).where(sql`acknowledged_at is null`),
  ],
);

/** 延期申请: clerk → unit leader → office; the decision moves the assignment's deadline. */
export const extensionRequests = pgTable(
  "extension_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    assignmentId: uuid()
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    status: extensionStatus().notNull().default("awaiting_unit"),
    reason: text().notNull(),
    /** The deadline when asked, and the one asked for. */
    previousDeadline: date({ mode: "string" }).notNull(),
    requestedDeadline: date({ mode: "string" }).notNull(),
    requestedById: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    /** The unit leader it waits on while awaiting_unit. */
    currentSignerId: uuid().references(() => users.id, { onDelete: "set null" }),
    unitSignedById: uuid().references(() => users.id, { onDelete: "set null" }),
    unitSignedAt: timestamp({ withTimezone: true }),
    unitOpinion: text(),
    decidedById: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp({ withTimezone: true }),
    decisionOpinion: text(),
    /** The date the office approved (may differ from the one asked for). */
    approvedDeadline: date({ mode: "string" }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.assignmentId, t.createdAt),
    index().on(t.status, t.createdAt),
    index().on(t.currentSignerId, t.status),
    // At most one open request per assignment.
    uniqueIndex("extension_requests_one_open").on(t.assignmentId).where(sql`status in ('awaiting_unit', 'awaiting_office')`),
  ],
);

/** 消息模板: the back office's wording per notification kind (defaults in lib/domain/messages.ts). */
export const messageTemplates = pgTable("message_templates", {
  kind: templateKind().primaryKey(),
  title: text().notNull(),
  body: text().notNull(),
  version: integer().notNull().default(1),
  updatedById: uuid().references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * 单位用户信息 变更申请 (manual §2.6: "如需变更，请联系信息中心"): a unit asks the admin to change a
 * member's mobile number or SMS flag, add or remove a member; the admin closes it in 用户管理.
 */
export const memberChangeRequests = pgTable(
  "member_change_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    kind: memberChangeKind().notNull(),
    /** The member concerned (null when asking for a new account). */
    targetUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** What is asked for: { displayName?, mobile?, smsRecipient? } and free text. */
    details: jsonb().notNull().default({}),
    note: text().notNull().default(""),
    status: memberChangeStatus().notNull().default("open"),
    requestedById: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    handledById: uuid().references(() => users.id, { onDelete: "set null" }),
    handledAt: timestamp({ withTimezone: true }),
    handlerNote: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.status, t.createdAt), index().on(t.departmentId, t.createdAt)],
);

/**
 * 工作日历 in SQL: one row per date (derived from work_calendar_days' exceptions and the weekday rule),
 * with a running working-day number, so "working days between" is a subtraction and "due within N working
 * days" a range on the deadline, both in the database. Rebuilt when the calendar is edited.
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    day: date({ mode: "string" }).primaryKey(),
    isWorkday: boolean().notNull(),
    /** Working days from the table's first date up to and including `day`. */
    workdayNo: integer().notNull(),
  },
  (t) => [index().on(t.workdayNo)],
);
