import { sql } from "drizzle-orm";
import { encryptedText } from "./encrypted";
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { departments, users } from "./org";
import { chainColumns } from "./audit";
import { eventSources, taskCategories, taskTypes, urgencyLevels } from "./base-data";
import {
  ASSIGNMENT_STATUSES,
  FEEDBACK_MODES,
  REPORT_KINDS,
  REPORT_PATHS,
  REPORT_STATUSES,
  TASK_STATUSES,
  UNIT_ROLES,
} from "@/lib/domain/workflow/states";
import { TASK_EVENT_ACTIONS, TASK_EVENT_STATES } from "@/lib/domain/workflow/events";
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from "@/lib/domain/messages";
import { RATINGS } from "@/lib/domain/stats/scoring";

export const taskStatus = pgEnum("task_status", TASK_STATUSES);
export const assignmentStatus = pgEnum("assignment_status", ASSIGNMENT_STATUSES);
export const feedbackMode = pgEnum("feedback_mode", FEEDBACK_MODES);
export const unitRole = pgEnum("unit_role", UNIT_ROLES);
export const reportKind = pgEnum("report_kind", REPORT_KINDS);
export const reportPath = pgEnum("report_path", REPORT_PATHS);
export const reportStatus = pgEnum("report_status", REPORT_STATUSES);
export const taskEventAction = pgEnum("task_event_action", TASK_EVENT_ACTIONS);
export const taskEventState = pgEnum("task_event_state", TASK_EVENT_STATES);
/** 督查室对反馈质量的评价 (绩效规则 rating_*). */
export const assignmentRating = pgEnum("assignment_rating", RATINGS);

/** 督办事项. `taskNo` is assigned when a leader signs (审签), so numbers have no gaps. */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    taskNo: text(),
    title: text().notNull(),
    content: text().notNull(),
    requirements: text().notNull().default(""),
    sourceId: uuid().references(() => eventSources.id, { onDelete: "restrict" }),
    categoryId: uuid().references(() => taskCategories.id, { onDelete: "restrict" }),
    taskTypeId: uuid().references(() => taskTypes.id, { onDelete: "restrict" }),
    urgencyId: uuid()
      .notNull()
      .references(() => urgencyLevels.id, { onDelete: "restrict" }),
    deadline: date({ mode: "string" }).notNull(),
    /**
     * The date the task's light and "overdue" filters go by: the earliest deadline among its open
     * assignments once dispatched (an approved 延期 moves one unit's deadline), else `deadline`.
     * Maintained in the transaction of every step that opens, closes or extends an assignment.
     */
    dueOn: date({ mode: "string" }).notNull(),
    instructionBy: text(),
    instructionAt: date({ mode: "string" }),
    instructionText: text(),
    feedbackMode: feedbackMode().notNull().default("final_only"),
    progressIntervalDays: integer(),
    status: taskStatus().notNull().default("draft"),
    /** The office leader the task currently waits on (while status = in_review). */
    currentReviewerId: uuid().references(() => users.id, { onDelete: "set null" }),
    creatorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    signedById: uuid().references(() => users.id, { onDelete: "set null" }),
    signedAt: timestamp({ withTimezone: true }),
    dispatchedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    archivedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    /**
     * The id the registration form made when it was rendered: a double POST of one form finds the
     * draft the first one made (unique per creator) instead of registering the task twice.
     */
    requestId: uuid(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * 任务检索 of two-character Chinese words (教育): pg_trgm needs three characters and pg_bigm is not
     * packaged, so the distinct lower-cased character pairs of number, title and content are kept here
     * (dcdb_bigrams, migration 0011) with a GIN index. A generated column: PostgreSQL recomputes it in the
     * same statement (so the same transaction) as every title/content change, and ADD COLUMN backfilled it.
     */
    searchBigrams: text()
      .array()
      .generatedAlwaysAs(sql`dcdb_bigrams(coalesce(task_no, '') || ' ' || title || ' ' || content)`),
  },
  (t) => [
    uniqueIndex("tasks_task_no_unique").on(t.taskNo),
    index("tasks_search_bigrams_index").using("gin", t.searchBigrams),
    uniqueIndex("tasks_creator_request_unique").on(t.creatorId, t.requestId),
    // 任务检索 matches substrings (ILIKE '%…%'): trigram GIN indexes (pg_trgm, migration 0001).
    index("tasks_title_trgm_index").using("gin", t.title.op("gin_trgm_ops")),
    index("tasks_content_trgm_index").using("gin", t.content.op("gin_trgm_ops")),
    index("tasks_task_no_trgm_index").using("gin", t.taskNo.op("gin_trgm_ops")),
    index().on(t.status, t.deadline),
    index().on(t.status, t.dueOn),
    index().on(t.currentReviewerId, t.status),
    index().on(t.creatorId, t.status),
    index().on(t.createdAt),
    // The default list order (newest first, id as tiebreak) as an index: a page's ids are an index-only walk.
    index("tasks_created_at_id_index").on(t.createdAt.desc(), t.id),
    // sort=deadline (nearest due date first, then newest) over the whole list: a top-20 walk instead of a full sort.
    index("tasks_due_on_created_at_id_index").on(t.dueOn, t.createdAt.desc(), t.id),
    // The list filters (and the statistics' filters) by urgency, source, category and type: a capped count
    // of a broad filter is then an index-only scan instead of a scan of the task rows.
    index().on(t.urgencyId),
    index().on(t.sourceId),
    index().on(t.categoryId),
    index().on(t.taskTypeId),
  ],
);

/** Gap-free number sequence per year: incremented inside the signing transaction. */
export const taskNumberSequences = pgTable("task_number_sequences", {
  year: integer().primaryKey(),
  lastValue: integer().notNull().default(0),
});

/** Units chosen at registration (before dispatch creates assignments). */
export const taskUnits = pgTable(
  "task_units",
  {
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    role: unitRole().notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.departmentId] }), index().on(t.departmentId)],
);

/** 承办任务: one task as handled by one unit. */
export const assignments = pgTable(
  "assignments",
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    role: unitRole().notNull(),
    status: assignmentStatus().notNull().default("to_receive"),
    /** This unit's deadline: the task's at dispatch, moved by each approved 延期申请. */
    deadline: date({ mode: "string" }).notNull(),
    /** Approved 延期申请 so far (statistics and scoring count them). */
    extensionCount: integer().notNull().default(0),
    /** 催办 so far, by hand or by rule, and the last one's time (the minimum interval is measured from it). */
    urgeCount: integer().notNull().default(0),
    lastUrgedAt: timestamp({ withTimezone: true }),
    /** The unit clerk handling it: whoever received it, or the clerk a unit leader delegated (分办) to. */
    handlerId: uuid().references(() => users.id, { onDelete: "set null" }),
    delegatedById: uuid().references(() => users.id, { onDelete: "set null" }),
    delegationNote: text(),
    /** The unit leader the handling text currently waits on (while status = awaiting_sign). */
    currentSignerId: uuid().references(() => users.id, { onDelete: "set null" }),
    dispatchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp({ withTimezone: true }),
    lastReportedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    /** 督查室 rated the feedback when it accepted the final report (办结通过); optional, scored by the rating_* rules. */
    rating: assignmentRating(),
    ratedAt: timestamp({ withTimezone: true }),
    ratedById: uuid().references(() => users.id, { onDelete: "set null" }),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("assignments_task_department_unique").on(t.taskId, t.departmentId),
    index().on(t.departmentId, t.status),
    index().on(t.currentSignerId, t.status),
    // 用户管理 lists the steps waiting on a clerk (改派 before disabling them): by handler, then status.
    index().on(t.handlerId, t.status),
    index().on(t.status),
    index().on(t.status, t.deadline),
    index().on(t.departmentId, t.status, t.deadline),
    // 绩效统计: every statistic selects a period of dispatch dates (lib/data/stats/metrics.ts).
    index().on(t.dispatchedAt),
    index().on(t.departmentId, t.dispatchedAt),
    // 绩效考核统计 selects items by the day of the event that earned them: completion and rating days.
    index().on(t.completedAt),
    index().on(t.ratedAt),
    index().on(t.receivedAt),
    // 反馈审核: the reported assignments, oldest report first (the queue's sort), without sorting all of them.
    index("assignments_feedback_queue_index").on(t.lastReportedAt, t.id).where(sql`status = 'reported'`),
  ],
);

/** 反馈 / 承办内容: every version a unit wrote is a row; nothing is overwritten. */
export const reports = pgTable(
  "reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    assignmentId: uuid()
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    kind: reportKind().notNull(),
    path: reportPath().notNull(),
    /** 1, 2, 3 … within the assignment. */
    revision: integer().notNull(),
    body: text().notNull(),
    status: reportStatus().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    unitSignerId: uuid().references(() => users.id, { onDelete: "set null" }),
    unitSignedAt: timestamp({ withTimezone: true }),
    unitOpinion: text(),
    submittedAt: timestamp({ withTimezone: true }),
    reviewedById: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    officeOpinion: text(),
    /**
     * Set when the office closed the assignment (办结通过) on this 阶段反馈 instead of a 办结反馈: the
     * reason it had to state. Scoring counts these, so it is a column, not only history text.
     */
    closedOnProgressReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reports_assignment_revision_unique").on(t.assignmentId, t.revision),
    index().on(t.taskId),
    index().on(t.status, t.submittedAt),
    // 绩效考核统计: the office's 退回重办 by the day it happened.
    index("reports_returned_reviewed_at_index").on(t.reviewedAt).where(sql`status = 'returned'`),
  ],
);

/** 附件: stored through lib/storage; `taskId` is always set so every download is scope-checked by task. */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid().references(() => tasks.id, { onDelete: "cascade" }),
    assignmentId: uuid().references(() => assignments.id, { onDelete: "cascade" }),
    reportId: uuid().references(() => reports.id, { onDelete: "cascade" }),
    filename: text().notNull(),
    mimeType: text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    uploadedById: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    /** False while uploaded but not yet attached to a saved task/report (cleaned up if abandoned). */
    committed: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.taskId),
    index().on(t.reportId),
    uniqueIndex("attachments_storage_key_unique").on(t.storageKey),
    // 每人每日上传总量: the sum of one user's uploads since midnight (lib/data/attachments.ts uploadedTodayBytes).
    index().on(t.uploadedById, t.createdAt),
  ],
);

/**
 * Stored files that no attachment row names, by when the hourly cleanup first saw them. A crash between storing an
 * upload and writing its row leaves such a file; so, for an instant, does every upload in flight. The cleanup removes
 * a file only when it is still without a row an hour after it was first seen, so an upload in progress is never
 * taken for an orphan (lib/services/attachments/consistency.ts).
 */
export const orphanFileSightings = pgTable("orphan_file_sightings", {
  storageKey: text().primaryKey(),
  firstSeenAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * 流转记录: append-only, one row per step, written in the step's own transaction. A trigger refuses UPDATE,
 * DELETE and TRUNCATE, and every row is chained to the one before by an SM3 HMAC (see `chainColumns`).
 * The history outlives what it names: task, assignment, report and unit ids are references for reading,
 * not foreign keys, since a cascade or `set null` would change or remove recorded rows (a deleted draft's
 * 登记 step stays, beside the task.delete entry in 操作日志). The actor reference never fires (users are
 * disabled, never deleted).
 */
export const taskEvents = pgTable(
  "task_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    taskId: uuid().notNull(),
    assignmentId: uuid(),
    reportId: uuid(),
    actorId: uuid().references(() => users.id, { onDelete: "no action" }),
    actorName: text().notNull(),
    /**
     * The actor's role NAMES at the time, joined with "、": a snapshot for the record. Roles are data
     * (角色管理 creates and renames them), so no enum can list them; the acting permission is implied
     * by `action`.
     */
    actorRole: text().notNull(),
    actorUnitId: uuid(),
    actorUnitName: text().notNull(),
    action: taskEventAction().notNull(),
    fromState: taskEventState(),
    toState: taskEventState(),
    opinion: text(),
    detail: jsonb(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...chainColumns,
  },
  (t) => [index().on(t.taskId, t.at), index().on(t.assignmentId)],
);

export { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, NOTIFICATION_KINDS };
export const notificationChannel = pgEnum("notification_channel", NOTIFICATION_CHANNELS);
export const notificationStatus = pgEnum("notification_status", NOTIFICATION_STATUSES);
export const notificationKind = pgEnum("notification_kind", NOTIFICATION_KINDS);

/**
 * 督查工作通知: every SMS / in-app message the system sent or will send. An outbox: the step that causes a
 * message writes its rows in its own transaction (status queued), and the worker delivers them, retrying
 * with back-off (`attempts`, `nextAttemptAt`, `lastError`).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: notificationKind().notNull().default("dispatch"),
    recipientId: uuid().references(() => users.id, { onDelete: "set null" }),
    recipientName: text().notNull(),
    /** The recipient's unit when the message was written: a unit's 督查工作通知 lists its own by this. */
    departmentId: uuid().references(() => departments.id, { onDelete: "set null" }),
    /** SM4-encrypted (db/schema/encrypted.ts): the number the SMS goes to. */
    mobile: encryptedText(),
    /** Blind index of the number: the daily cap counts a deleted recipient's SMS by it. */
    mobileIndex: text(),
    channel: notificationChannel().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    taskId: uuid().references(() => tasks.id, { onDelete: "set null" }),
    assignmentId: uuid().references(() => assignments.id, { onDelete: "set null" }),
    /**
     * Where 我的消息 opens a message that is not about a task (a 绩效申诉: the 绩效考核 page of its month). A
     * path inside the system, written by the code that writes the message, never by a user.
     */
    link: text(),
    /** May be sent in quiet hours (the reminder rule says so for its urgency). */
    urgent: boolean().notNull().default(false),
    /**
     * Exactly-once key for messages a job writes (reminders: rule, assignment, occurrence, recipient,
     * channel). A second scan of the same moment inserts nothing.
     */
    dedupeKey: text(),
    status: notificationStatus().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.recipientId, t.createdAt),
    index().on(t.status, t.createdAt),
    index().on(t.taskId),
    index().on(t.departmentId, t.createdAt),
    // 督查工作通知: the office's whole log newest first, and its kind filter.
    index().on(t.createdAt),
    index().on(t.kind, t.createdAt),
    // 督查工作通知's search by recipient matches substrings (ILIKE '%…%'), as 任务检索 does.
    index("notifications_recipient_name_trgm_index").using("gin", t.recipientName.op("gin_trgm_ops")),
    // The reminder scan asks "was this occurrence already written?" per assignment and kind (the dedupe key
    // also carries the recipient, unknown in SQL); it also serves the FK's ON DELETE SET NULL.
    index().on(t.assignmentId, t.kind),
    uniqueIndex("notifications_dedupe_key_unique").on(t.dedupeKey),
    // The worker's queue: queued rows by due time.
    index("notifications_due_index").on(t.nextAttemptAt).where(sql`status = 'queued'`),
    // 我的消息 and the unread badge: a user's in-app messages not yet read.
    index("notifications_unread_index").on(t.recipientId).where(sql`channel = 'in_app' and read_at is null`),
  ],
);
