import "server-only";
import { and, asc, count, desc, eq, gte, inArray, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import {
  assignments,
  attachments,
  departments,
  eventSources,
  reports,
  taskCategories,
  taskEvents,
  taskTypes,
  taskUnits,
  tasks,
  urgencyLevels,
  users,
} from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import type { Permission } from "@/lib/domain/permissions";
import type { AssignmentStatus, FeedbackMode, ReportKind, ReportPath, ReportStatus, TaskStatus, UnitRole } from "@/lib/domain/workflow/states";
import { warningLight, type WarningLight } from "@/lib/domain/warning-light";
import { todayInShanghai } from "@/lib/domain/dates";
import { getWorkCalendar } from "@/lib/data/base-data";
import type { AssignmentListParams, TaskListParams, TaskSort } from "@/lib/data/task-filters";
import { isUuid } from "@/lib/domain/ids";

/**
 * Every read of the workflow pages. Scope is applied in SQL: office roles and 区领导 (data scope
 * all_units) see every task; unit roles see only tasks their unit has an assignment in, and within a
 * task only their own unit's assignment, reports, history and files.
 */

const CLOSED_TASK: readonly TaskStatus[] = ["completed", "archived", "cancelled"];
const CLOSED_ASSIGNMENT: readonly AssignmentStatus[] = ["completed", "cancelled"];

/** Computes the warning light for many rows with one calendar load. */
async function lightsFor(): Promise<(deadline: string, closed: boolean) => WarningLight> {
  const calendar = await getWorkCalendar();
  const today = todayInShanghai(new Date());
  return (deadline, closed) =>
    warningLight({ deadline, closed, today, workdaysUntil: (from, to) => calendar.workdaysBetween(from, to) });
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Tasks before sign-off are the office's working papers, not yet supervision tasks. */
const OFFICE_WORKING_STATES = ["draft", "in_review", "returned"] as const;

/**
 * Unit viewers: only tasks in which their unit holds an assignment. All-units viewers who neither
 * register nor review (区领导) see tasks from sign-off on, not the office's drafts.
 */
function taskScope(viewer: Actor): SQL | undefined {
  if (viewer.dataScope === "all_units") {
    if (viewer.permissions.has("task.register") || viewer.permissions.has("task.review")) return undefined;
    return notInArray(tasks.status, [...OFFICE_WORKING_STATES]);
  }
  return sql`exists (select 1 from ${assignments} where ${assignments.taskId} = ${tasks.id} and ${assignments.departmentId} = ${viewer.departmentId})`;
}

function unitNames(role: UnitRole) {
  return sql<string | null>`(select string_agg(d.name, '、' order by d.sort_order, d.name) from ${taskUnits} tu join ${departments} d on d.id = tu.department_id where tu.task_id = ${tasks.id} and tu.role = ${role})`;
}

function searchCondition(q: string): SQL | undefined {
  if (!q) return undefined;
  const like = `%${escapeLike(q)}%`;
  return or(
    sql`${tasks.taskNo} ilike ${like}`,
    sql`${tasks.title} ilike ${like}`,
    sql`${tasks.content} ilike ${like}`,
    sql`exists (select 1 from ${taskUnits} tu join ${departments} d on d.id = tu.department_id where tu.task_id = ${tasks.id} and d.name ilike ${like})`,
  );
}

function orderFor(sort: TaskSort): SQL[] {
  switch (sort) {
    case "created":
      return [asc(tasks.createdAt), asc(tasks.id)];
    case "deadline":
      return [asc(tasks.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "-deadline":
      return [desc(tasks.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "taskNo":
      // Numbers are handed out in signing order, so signing time sorts them numerically (the text would not: 12 < 2).
      return [sql`${tasks.signedAt} desc nulls last`, desc(tasks.createdAt), asc(tasks.id)];
    default:
      return [desc(tasks.createdAt), asc(tasks.id)];
  }
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

function page<T>(rows: T[], total: number, params: { page: number; pageSize: number }): Page<T> {
  return { rows, total, page: params.page, pageSize: params.pageSize, pageCount: Math.max(1, Math.ceil(total / params.pageSize)) };
}

// ---------------------------------------------------------------------------------------------------
// Task lists (督查室 side and 任务归档)

/** Which office list: the filters each adds on top of the viewer's scope and the URL filters. */
export type TaskListKind = "all" | "review" | "dispatch" | "drafts" | "archive";

export interface TaskListRow {
  id: string;
  taskNo: string | null;
  title: string;
  status: TaskStatus;
  urgencyName: string;
  urgencyColor: string;
  deadline: string;
  createdAt: Date;
  signedAt: Date | null;
  dispatchedAt: Date | null;
  archivedAt: Date | null;
  sourceName: string | null;
  categoryName: string | null;
  taskTypeName: string | null;
  leadUnits: string | null;
  coUnits: string | null;
  creatorName: string;
  reviewerName: string | null;
  light: WarningLight;
}

function kindCondition(kind: TaskListKind, viewer: Actor): SQL | undefined {
  switch (kind) {
    case "review":
      return and(eq(tasks.status, "in_review"), eq(tasks.currentReviewerId, viewer.userId));
    case "dispatch":
      return eq(tasks.status, "signed");
    case "drafts":
      return inArray(tasks.status, ["draft", "returned"]);
    case "archive":
      return eq(tasks.status, "archived");
    default:
      return undefined;
  }
}

export async function listTasks(viewer: Actor, kind: TaskListKind, params: TaskListParams): Promise<Page<TaskListRow>> {
  const db = getDb();
  const creator = alias(users, "creator");
  const reviewer = alias(users, "reviewer");
  const dateColumn = params.dateField === "deadline" ? tasks.deadline : sql`(${tasks.createdAt} at time zone 'Asia/Shanghai')::date`;
  const where = and(
    taskScope(viewer),
    kindCondition(kind, viewer),
    searchCondition(params.q),
    params.status ? eq(tasks.status, params.status) : undefined,
    params.urgency ? eq(tasks.urgencyId, params.urgency) : undefined,
    params.source ? eq(tasks.sourceId, params.source) : undefined,
    params.type ? eq(tasks.taskTypeId, params.type) : undefined,
    params.category
      ? or(
          eq(tasks.categoryId, params.category),
          sql`${tasks.categoryId} in (select id from ${taskCategories} where parent_id = ${params.category})`,
        )
      : undefined,
    params.from ? sql`${dateColumn} >= ${params.from}` : undefined,
    params.to ? sql`${dateColumn} <= ${params.to}` : undefined,
  );

  const [rows, [totalRow], light] = await Promise.all([
    db
      .select({
        id: tasks.id,
        taskNo: tasks.taskNo,
        title: tasks.title,
        status: tasks.status,
        urgencyName: urgencyLevels.name,
        urgencyColor: urgencyLevels.color,
        deadline: tasks.deadline,
        createdAt: tasks.createdAt,
        signedAt: tasks.signedAt,
        dispatchedAt: tasks.dispatchedAt,
        archivedAt: tasks.archivedAt,
        sourceName: eventSources.name,
        categoryName: taskCategories.name,
        taskTypeName: taskTypes.name,
        leadUnits: unitNames("lead"),
        coUnits: unitNames("co"),
        creatorName: creator.displayName,
        reviewerName: reviewer.displayName,
      })
      .from(tasks)
      .innerJoin(urgencyLevels, eq(urgencyLevels.id, tasks.urgencyId))
      .innerJoin(creator, eq(creator.id, tasks.creatorId))
      .leftJoin(reviewer, eq(reviewer.id, tasks.currentReviewerId))
      .leftJoin(eventSources, eq(eventSources.id, tasks.sourceId))
      .leftJoin(taskCategories, eq(taskCategories.id, tasks.categoryId))
      .leftJoin(taskTypes, eq(taskTypes.id, tasks.taskTypeId))
      .where(where)
      .orderBy(...orderFor(params.sort))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ n: count() }).from(tasks).where(where),
    lightsFor(),
  ]);
  return page(
    rows.map((r) => ({ ...r, light: light(r.deadline, CLOSED_TASK.includes(r.status)) })),
    totalRow?.n ?? 0,
    params,
  );
}

// ---------------------------------------------------------------------------------------------------
// Assignment lists (承办单位 side, and the office's feedback review queue)

/**
 * handle = 任务承办 (to receive / in progress), sign = 任务审签 (waiting on this unit leader),
 * report = 承办反馈 (signed, to report up), tracking = 任务跟踪 (everything of the unit),
 * feedback = the office's queue of reports waiting for review.
 */
export type AssignmentListKind = "handle" | "sign" | "report" | "tracking" | "feedback";

export const HANDLE_STATUSES: readonly AssignmentStatus[] = ["to_receive", "in_progress", "unit_returned", "rework"];

export interface LatestReport {
  id: string;
  kind: ReportKind;
  path: ReportPath;
  revision: number;
  status: ReportStatus;
  unitOpinion: string | null;
  unitSignerName: string | null;
  unitSignedAt: Date | null;
  submittedAt: Date | null;
  officeOpinion: string | null;
  reviewedAt: Date | null;
}

export interface AssignmentListRow {
  id: string;
  taskId: string;
  taskNo: string | null;
  title: string;
  taskStatus: TaskStatus;
  urgencyName: string;
  urgencyColor: string;
  deadline: string;
  role: UnitRole;
  status: AssignmentStatus;
  departmentName: string;
  handlerName: string | null;
  signerName: string | null;
  dispatchedAt: Date;
  receivedAt: Date | null;
  lastReportedAt: Date | null;
  completedAt: Date | null;
  latestReport: LatestReport | null;
  light: WarningLight;
}

function assignmentKindCondition(kind: AssignmentListKind, viewer: Actor): SQL | undefined {
  switch (kind) {
    case "handle":
      return and(inArray(assignments.status, [...HANDLE_STATUSES]), sql`${tasks.status} <> 'archived'`);
    case "sign":
      return and(eq(assignments.status, "awaiting_sign"), eq(assignments.currentSignerId, viewer.userId));
    case "report":
      return eq(assignments.status, "signed");
    case "feedback":
      return eq(assignments.status, "reported");
    default:
      return undefined;
  }
}

export async function listAssignments(viewer: Actor, kind: AssignmentListKind, params: AssignmentListParams): Promise<Page<AssignmentListRow>> {
  const db = getDb();
  const handler = alias(users, "handler");
  const signer = alias(users, "signer");
  const where = and(
    viewer.dataScope === "all_units" ? undefined : eq(assignments.departmentId, viewer.departmentId),
    assignmentKindCondition(kind, viewer),
    searchCondition(params.q),
    params.status ? eq(assignments.status, params.status) : undefined,
  );
  const order =
    kind === "feedback"
      ? [sql`${assignments.lastReportedAt} asc nulls last`, asc(assignments.id)]
      : params.sort === "-created"
        ? [desc(assignments.dispatchedAt), asc(assignments.id)]
        : params.sort === "created"
          ? [asc(assignments.dispatchedAt), asc(assignments.id)]
          : orderFor(params.sort);

  const [rows, [totalRow], light] = await Promise.all([
    db
      .select({
        id: assignments.id,
        taskId: tasks.id,
        taskNo: tasks.taskNo,
        title: tasks.title,
        taskStatus: tasks.status,
        urgencyName: urgencyLevels.name,
        urgencyColor: urgencyLevels.color,
        deadline: tasks.deadline,
        role: assignments.role,
        status: assignments.status,
        departmentName: departments.name,
        handlerName: handler.displayName,
        signerName: signer.displayName,
        dispatchedAt: assignments.dispatchedAt,
        receivedAt: assignments.receivedAt,
        lastReportedAt: assignments.lastReportedAt,
        completedAt: assignments.completedAt,
      })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(departments, eq(departments.id, assignments.departmentId))
      .innerJoin(urgencyLevels, eq(urgencyLevels.id, tasks.urgencyId))
      .leftJoin(handler, eq(handler.id, assignments.handlerId))
      .leftJoin(signer, eq(signer.id, assignments.currentSignerId))
      .where(where)
      .orderBy(...order)
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ n: count() })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(where),
    lightsFor(),
  ]);

  const latest = await latestReports(rows.map((r) => r.id));
  return page(
    rows.map((r) => ({
      ...r,
      latestReport: latest.get(r.id) ?? null,
      light: light(r.deadline, CLOSED_ASSIGNMENT.includes(r.status) || CLOSED_TASK.includes(r.taskStatus)),
    })),
    totalRow?.n ?? 0,
    params,
  );
}

async function latestReports(assignmentIds: string[]): Promise<Map<string, LatestReport>> {
  if (assignmentIds.length === 0) return new Map();
  const unitSigner = alias(users, "unit_signer");
  const rows = await getDb()
    .selectDistinctOn([reports.assignmentId], {
      assignmentId: reports.assignmentId,
      id: reports.id,
      kind: reports.kind,
      path: reports.path,
      revision: reports.revision,
      status: reports.status,
      unitOpinion: reports.unitOpinion,
      unitSignerName: unitSigner.displayName,
      unitSignedAt: reports.unitSignedAt,
      submittedAt: reports.submittedAt,
      officeOpinion: reports.officeOpinion,
      reviewedAt: reports.reviewedAt,
    })
    .from(reports)
    .leftJoin(unitSigner, eq(unitSigner.id, reports.unitSignerId))
    .where(inArray(reports.assignmentId, assignmentIds))
    .orderBy(reports.assignmentId, desc(reports.revision));
  return new Map(rows.map(({ assignmentId, ...r }) => [assignmentId, r]));
}

// ---------------------------------------------------------------------------------------------------
// Task detail

export interface AttachmentRow {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  createdAt: Date;
  uploadedByName: string;
  reportId: string | null;
}

export interface ReportRow {
  id: string;
  kind: ReportKind;
  path: ReportPath;
  revision: number;
  body: string;
  status: ReportStatus;
  authorName: string;
  unitSignerName: string | null;
  unitSignedAt: Date | null;
  unitOpinion: string | null;
  submittedAt: Date | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  officeOpinion: string | null;
  createdAt: Date;
  attachments: AttachmentRow[];
}

export interface AssignmentDetail {
  id: string;
  departmentId: string;
  departmentName: string;
  role: UnitRole;
  status: AssignmentStatus;
  handlerId: string | null;
  handlerName: string | null;
  delegatedByName: string | null;
  delegationNote: string | null;
  currentSignerId: string | null;
  currentSignerName: string | null;
  dispatchedAt: Date;
  receivedAt: Date | null;
  lastReportedAt: Date | null;
  completedAt: Date | null;
  version: number;
  light: WarningLight;
  /** Every version the unit wrote, newest first. */
  reports: ReportRow[];
}

export interface TaskEventRow {
  id: number;
  assignmentId: string | null;
  actorName: string;
  actorRole: string;
  actorUnitName: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  opinion: string | null;
  /** What the step recorded beyond the states, e.g. { toUserName } for a submit or a delegation. */
  detail: unknown;
  at: Date;
}

export interface TaskDetail {
  id: string;
  taskNo: string | null;
  title: string;
  content: string;
  requirements: string;
  status: TaskStatus;
  sourceId: string | null;
  sourceName: string | null;
  categoryId: string | null;
  categoryName: string | null;
  taskTypeId: string | null;
  taskTypeName: string | null;
  urgencyId: string;
  urgencyName: string;
  urgencyColor: string;
  deadline: string;
  instructionBy: string | null;
  instructionAt: string | null;
  instructionText: string | null;
  feedbackMode: FeedbackMode;
  progressIntervalDays: number | null;
  currentReviewerId: string | null;
  currentReviewerName: string | null;
  creatorId: string;
  creatorName: string;
  signedByName: string | null;
  signedAt: Date | null;
  dispatchedAt: Date | null;
  completedAt: Date | null;
  archivedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  light: WarningLight;
  units: { departmentId: string; name: string; role: UnitRole }[];
  /** Only the assignments the viewer may see: all for the office, their own unit's for a unit. */
  assignments: AssignmentDetail[];
  /** Files of the task itself (the notice's attachments). */
  attachments: AttachmentRow[];
  /** The timeline, oldest first, restricted like the assignments. */
  events: TaskEventRow[];
}

/** One task as the viewer may see it, or null when it does not exist or is outside their scope. */
export async function getTaskDetail(viewer: Actor, taskId: string): Promise<TaskDetail | null> {
  if (!isUuid(taskId)) return null;
  const db = getDb();
  const creator = alias(users, "creator");
  const reviewer = alias(users, "reviewer");
  const signedBy = alias(users, "signed_by");
  const [task] = await db
    .select({
      id: tasks.id,
      taskNo: tasks.taskNo,
      title: tasks.title,
      content: tasks.content,
      requirements: tasks.requirements,
      status: tasks.status,
      sourceId: tasks.sourceId,
      sourceName: eventSources.name,
      categoryId: tasks.categoryId,
      categoryName: sql<string | null>`coalesce((select p.name || ' / ' from ${taskCategories} p where p.id = ${taskCategories.parentId}), '') || ${taskCategories.name}`,
      taskTypeId: tasks.taskTypeId,
      taskTypeName: taskTypes.name,
      urgencyId: tasks.urgencyId,
      urgencyName: urgencyLevels.name,
      urgencyColor: urgencyLevels.color,
      deadline: tasks.deadline,
      instructionBy: tasks.instructionBy,
      instructionAt: tasks.instructionAt,
      instructionText: tasks.instructionText,
      feedbackMode: tasks.feedbackMode,
      progressIntervalDays: tasks.progressIntervalDays,
      currentReviewerId: tasks.currentReviewerId,
      currentReviewerName: reviewer.displayName,
      creatorId: tasks.creatorId,
      creatorName: creator.displayName,
      signedByName: signedBy.displayName,
      signedAt: tasks.signedAt,
      dispatchedAt: tasks.dispatchedAt,
      completedAt: tasks.completedAt,
      archivedAt: tasks.archivedAt,
      cancelledAt: tasks.cancelledAt,
      cancelReason: tasks.cancelReason,
      version: tasks.version,
      createdAt: tasks.createdAt,
      updatedAt: tasks.updatedAt,
    })
    .from(tasks)
    .innerJoin(urgencyLevels, eq(urgencyLevels.id, tasks.urgencyId))
    .innerJoin(creator, eq(creator.id, tasks.creatorId))
    .leftJoin(reviewer, eq(reviewer.id, tasks.currentReviewerId))
    .leftJoin(signedBy, eq(signedBy.id, tasks.signedById))
    .leftJoin(eventSources, eq(eventSources.id, tasks.sourceId))
    .leftJoin(taskCategories, eq(taskCategories.id, tasks.categoryId))
    .leftJoin(taskTypes, eq(taskTypes.id, tasks.taskTypeId))
    .where(and(eq(tasks.id, taskId), taskScope(viewer)));
  if (!task) return null;

  const handler = alias(users, "handler");
  const delegatedBy = alias(users, "delegated_by");
  const signer = alias(users, "signer");
  const [units, assignmentRows, light] = await Promise.all([
    db
      .select({ departmentId: taskUnits.departmentId, name: departments.name, role: taskUnits.role })
      .from(taskUnits)
      .innerJoin(departments, eq(departments.id, taskUnits.departmentId))
      .where(eq(taskUnits.taskId, taskId))
      .orderBy(asc(taskUnits.role), asc(departments.sortOrder), asc(departments.name)),
    db
      .select({
        id: assignments.id,
        departmentId: assignments.departmentId,
        departmentName: departments.name,
        role: assignments.role,
        status: assignments.status,
        handlerId: assignments.handlerId,
        handlerName: handler.displayName,
        delegatedByName: delegatedBy.displayName,
        delegationNote: assignments.delegationNote,
        currentSignerId: assignments.currentSignerId,
        currentSignerName: signer.displayName,
        dispatchedAt: assignments.dispatchedAt,
        receivedAt: assignments.receivedAt,
        lastReportedAt: assignments.lastReportedAt,
        completedAt: assignments.completedAt,
        version: assignments.version,
      })
      .from(assignments)
      .innerJoin(departments, eq(departments.id, assignments.departmentId))
      .leftJoin(handler, eq(handler.id, assignments.handlerId))
      .leftJoin(delegatedBy, eq(delegatedBy.id, assignments.delegatedById))
      .leftJoin(signer, eq(signer.id, assignments.currentSignerId))
      .where(
        and(
          eq(assignments.taskId, taskId),
          viewer.dataScope === "all_units" ? undefined : eq(assignments.departmentId, viewer.departmentId),
        ),
      )
      .orderBy(asc(assignments.role), asc(departments.sortOrder), asc(departments.name)),
    lightsFor(),
  ]);
  const assignmentIds = assignmentRows.map((a) => a.id);

  const author = alias(users, "author");
  const unitSigner = alias(users, "unit_signer");
  const reviewedBy = alias(users, "reviewed_by");
  const uploader = alias(users, "uploader");
  const [reportRows, attachmentRows, eventRows] = await Promise.all([
    assignmentIds.length
      ? db
          .select({
            id: reports.id,
            assignmentId: reports.assignmentId,
            kind: reports.kind,
            path: reports.path,
            revision: reports.revision,
            body: reports.body,
            status: reports.status,
            authorName: author.displayName,
            unitSignerName: unitSigner.displayName,
            unitSignedAt: reports.unitSignedAt,
            unitOpinion: reports.unitOpinion,
            submittedAt: reports.submittedAt,
            reviewedByName: reviewedBy.displayName,
            reviewedAt: reports.reviewedAt,
            officeOpinion: reports.officeOpinion,
            createdAt: reports.createdAt,
          })
          .from(reports)
          .innerJoin(author, eq(author.id, reports.authorId))
          .leftJoin(unitSigner, eq(unitSigner.id, reports.unitSignerId))
          .leftJoin(reviewedBy, eq(reviewedBy.id, reports.reviewedById))
          .where(inArray(reports.assignmentId, assignmentIds))
          .orderBy(desc(reports.revision))
      : Promise.resolve([]),
    db
      .select({
        id: attachments.id,
        filename: attachments.filename,
        mimeType: attachments.mimeType,
        size: attachments.size,
        createdAt: attachments.createdAt,
        uploadedByName: uploader.displayName,
        reportId: attachments.reportId,
        assignmentId: attachments.assignmentId,
      })
      .from(attachments)
      .innerJoin(uploader, eq(uploader.id, attachments.uploadedById))
      .where(
        and(
          eq(attachments.taskId, taskId),
          eq(attachments.committed, true),
          viewer.dataScope === "all_units"
            ? undefined
            : or(isNull(attachments.assignmentId), inArray(attachments.assignmentId, assignmentIds.length ? assignmentIds : [taskId])),
        ),
      )
      .orderBy(asc(attachments.createdAt), asc(attachments.filename)),
    db
      .select({
        id: taskEvents.id,
        assignmentId: taskEvents.assignmentId,
        actorName: taskEvents.actorName,
        actorRole: taskEvents.actorRole,
        actorUnitName: taskEvents.actorUnitName,
        action: taskEvents.action,
        fromState: taskEvents.fromState,
        toState: taskEvents.toState,
        opinion: taskEvents.opinion,
        detail: taskEvents.detail,
        at: taskEvents.at,
      })
      .from(taskEvents)
      .where(
        and(
          eq(taskEvents.taskId, taskId),
          viewer.dataScope === "all_units"
            ? undefined
            : or(
                inArray(taskEvents.assignmentId, assignmentIds.length ? assignmentIds : [taskId]),
                // A unit sees the task-level steps from dispatch on (交办, 撤销, 归档), not the office's internal sign-off.
                task.dispatchedAt ? and(isNull(taskEvents.assignmentId), gte(taskEvents.at, task.dispatchedAt)) : sql`false`,
              ),
        ),
      )
      .orderBy(asc(taskEvents.at), asc(taskEvents.id)),
  ]);

  // Report files belong to a report; the unit viewer filter above already dropped other units' files.
  const visibleReportIds = new Set(reportRows.map((r) => r.id));
  const filesByReport = new Map<string, AttachmentRow[]>();
  const taskFiles: AttachmentRow[] = [];
  for (const row of attachmentRows) {
    const file: AttachmentRow = { id: row.id, filename: row.filename, mimeType: row.mimeType, size: row.size, createdAt: row.createdAt, uploadedByName: row.uploadedByName, reportId: row.reportId };
    if (row.reportId) {
      if (visibleReportIds.has(row.reportId)) filesByReport.set(row.reportId, [...(filesByReport.get(row.reportId) ?? []), file]);
    } else if (!row.assignmentId) taskFiles.push(file);
  }

  return {
    ...task,
    light: light(task.deadline, CLOSED_TASK.includes(task.status)),
    units,
    assignments: assignmentRows.map((a) => ({
      ...a,
      light: light(task.deadline, CLOSED_ASSIGNMENT.includes(a.status) || CLOSED_TASK.includes(task.status)),
      reports: reportRows
        .filter((r) => r.assignmentId === a.id)
        .map((r) => ({ ...r, attachments: filesByReport.get(r.id) ?? [] })),
    })),
    attachments: taskFiles,
    events: eventRows,
  };
}

/** A work queue of the home page: the same conditions as its list page, counted. */
export interface WorkQueueCount {
  href: string;
  label: string;
  count: number;
}

const WORK_QUEUES: ReadonlyArray<
  { href: string; label: string; permission: Permission } & ({ tasks: TaskListKind } | { assignments: AssignmentListKind })
> = [
  { href: "/tasks/drafts", label: "登记草稿（含退回件）", permission: "task.register", tasks: "drafts" },
  { href: "/tasks/review", label: "待我审签", permission: "task.review", tasks: "review" },
  { href: "/tasks/dispatch", label: "待交办", permission: "task.dispatch", tasks: "dispatch" },
  { href: "/tasks/feedback", label: "待审核的反馈", permission: "report.review", assignments: "feedback" },
  { href: "/assignments", label: "待接收、办理中", permission: "assignment.handle", assignments: "handle" },
  { href: "/assignments/report", label: "已审签待上报", permission: "assignment.handle", assignments: "report" },
  { href: "/assignments/sign", label: "待我审签的承办内容", permission: "assignment.sign", assignments: "sign" },
];

/** How much waits in each work queue the viewer has (only queues their permissions give them). */
export async function countWorkQueues(viewer: Actor): Promise<WorkQueueCount[]> {
  const db = getDb();
  const queues = WORK_QUEUES.filter((q) => viewer.permissions.has(q.permission));
  return Promise.all(
    queues.map(async (queue) => {
      const [row] =
        "tasks" in queue
          ? await db
              .select({ n: count() })
              .from(tasks)
              .where(and(taskScope(viewer), kindCondition(queue.tasks, viewer)))
          : await db
              .select({ n: count() })
              .from(assignments)
              .innerJoin(tasks, eq(tasks.id, assignments.taskId))
              .where(
                and(
                  viewer.dataScope === "all_units" ? undefined : eq(assignments.departmentId, viewer.departmentId),
                  assignmentKindCondition(queue.assignments, viewer),
                ),
              );
      return { href: queue.href, label: queue.label, count: row?.n ?? 0 };
    }),
  );
}
