import { boolean, integer, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { urgencyLevels } from "./base-data";
import { REMIND_TARGETS, SCORING_TRIGGERS } from "@/lib/domain/rules";

/** The value lists live in the domain (pure); the enums are built from them. */
export { REMIND_TARGETS, SCORING_TRIGGERS };

export const remindTarget = pgEnum("remind_target", REMIND_TARGETS);

/** 提醒规则设置: one rule per urgency level. Consumed by the reminders job. */
export const reminderRules = pgTable(
  "reminder_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    urgencyId: uuid()
      .notNull()
      .references(() => urgencyLevels.id, { onDelete: "cascade" }),
    /** Remind this many working days before the deadline (0 = on the day). */
    daysBeforeDeadline: integer().notNull().default(1),
    /** Once overdue, repeat every N days (0 = do not repeat). */
    overdueRepeatDays: integer().notNull().default(1),
    /** A dispatched assignment must be received within this many working hours. */
    receiveLimitHours: integer().notNull().default(24),
    targets: remindTarget().array().notNull().default([]),
    sendSms: boolean().notNull().default(true),
    /** Its SMS may go out in quiet hours (for 特急件). */
    overrideQuietHours: boolean().notNull().default(false),
    /** Overdue reminders also write a 催办 record (系统自动催办), counted for scoring. */
    autoUrge: boolean().notNull().default(true),
    /** A periodic task's 阶段反馈 is late this many working days after its interval ran out. */
    reportGraceDays: integer().notNull().default(0),
    /** Minimum hours between two 催办 of one assignment (by hand or by rule). */
    urgeMinIntervalHours: integer().notNull().default(24),
    enabled: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("reminder_rules_urgency_unique").on(t.urgencyId)],
);

export const scoringTrigger = pgEnum("scoring_trigger", SCORING_TRIGGERS);

/** 绩效规则设置: reward (positive) and deduction (negative) items. */
export const scoringRules = pgTable("scoring_rules", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  trigger: scoringTrigger().notNull(),
  points: numeric({ precision: 6, scale: 2, mode: "number" }).notNull(),
  enabled: boolean().notNull().default(true),
  sortOrder: integer().notNull().default(0),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
