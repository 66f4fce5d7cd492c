import { AnyPgColumn, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/**
 * Base data lists (事件来源 / 事项类别 / 办件类型 / 紧急程度) share one shape: ordered, enable/disable,
 * never deleted while a task uses them (disabled entries vanish from new-task forms only).
 */
const listColumns = {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  sortOrder: integer().notNull().default(0),
  enabled: boolean().notNull().default(true),
  version: integer().notNull().default(1),
  ...timestamps,
};

export const eventSources = pgTable("event_sources", listColumns, (t) => [uniqueIndex("event_sources_name_unique").on(t.name)]);

export const taskTypes = pgTable("task_types", listColumns, (t) => [uniqueIndex("task_types_name_unique").on(t.name)]);

/** 事项类别: one level of sub-categories under a top-level category. */
export const taskCategories = pgTable(
  "task_categories",
  {
    ...listColumns,
    parentId: uuid().references((): AnyPgColumn => taskCategories.id, { onDelete: "restrict" }),
  },
  (t) => [uniqueIndex("task_categories_parent_name_unique").on(t.parentId, t.name), index().on(t.parentId)],
);

/** 紧急程度: 一般件 / 紧急件 / 特急件 and any level the admin adds. `code` is stable for rules. */
export const urgencyLevels = pgTable(
  "urgency_levels",
  {
    ...listColumns,
    code: text().notNull(),
    /** Hex colour of the badge on lists. */
    color: text().notNull().default("#64748b"),
  },
  (t) => [uniqueIndex("urgency_levels_code_unique").on(t.code), uniqueIndex("urgency_levels_name_unique").on(t.name)],
);

/** 工作日历: only exceptions are stored; any other Mon–Fri is a workday and Sat/Sun a rest day. */
export const workCalendarDays = pgTable("work_calendar_days", {
  day: date({ mode: "string" }).primaryKey(),
  isWorkday: boolean().notNull(),
  name: text().notNull().default(""),
  /** "seed" (from the chinese-days package) or "admin" (edited by hand). */
  source: text().notNull().default("seed"),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** 系统参数: key → JSON value, each with a version for optimistic concurrency. */
export const systemSettings = pgTable("system_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
