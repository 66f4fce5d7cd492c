import "server-only";
import type { Actor } from "@/lib/domain/policy";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
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
import { assignmentInScope, eventInScope, fileInScope, reportInScope, taskInScope } from "@/lib/scope";
import { loadLightContext } from "@/lib/data/lights";
import { assignmentLight, taskLight } from "./shared";
import { isUuid } from "@/lib/domain/ids";
import { sideStepsOf } from "./side-steps";
import { YELLOW_WITHIN_WORKDAYS } from "@/lib/domain/warning-light";
import type { AttachmentRow, TaskDetail } from "./types";

/** One task as the viewer may see it, or null when it does not exist or is outside their scope. */
export async function getTaskDetail(viewer: Actor, taskId: string): Promise<TaskDetail | null> {
  if (!isUuid(taskId)) return null;
  const db = getDb();
  const lights = await loadLightContext(db);
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
      dueOn: tasks.dueOn,
      light: taskLight(lights).light,
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
    .where(and(eq(tasks.id, taskId), taskInScope(viewer)));
  if (!task) return null;

  const handler = alias(users, "handler");
  const delegatedBy = alias(users, "delegated_by");
  const signer = alias(users, "signer");
  const [units, assignmentRows] = await Promise.all([
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
        deadline: assignments.deadline,
        light: assignmentLight(lights).light,
        version: assignments.version,
        extensionCount: assignments.extensionCount,
        urgeCount: assignments.urgeCount,
        lastUrgedAt: assignments.lastUrgedAt,
        rating: assignments.rating,
        ratedAt: assignments.ratedAt,
      })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(departments, eq(departments.id, assignments.departmentId))
      .leftJoin(handler, eq(handler.id, assignments.handlerId))
      .leftJoin(delegatedBy, eq(delegatedBy.id, assignments.delegatedById))
      .leftJoin(signer, eq(signer.id, assignments.currentSignerId))
      .where(and(eq(assignments.taskId, taskId), assignmentInScope(viewer)))
      .orderBy(asc(assignments.role), asc(departments.sortOrder), asc(departments.name)),
  ]);
  const assignmentIds = assignmentRows.map((a) => a.id);

  const author = alias(users, "author");
  const unitSigner = alias(users, "unit_signer");
  const reviewedBy = alias(users, "reviewed_by");
  const uploader = alias(users, "uploader");
  const [reportRows, attachmentRows, eventRows, side] = await Promise.all([
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
            closedOnProgressReason: reports.closedOnProgressReason,
            createdAt: reports.createdAt,
          })
          .from(reports)
          .innerJoin(author, eq(author.id, reports.authorId))
          .leftJoin(unitSigner, eq(unitSigner.id, reports.unitSignerId))
          .leftJoin(reviewedBy, eq(reviewedBy.id, reports.reviewedById))
          .where(and(inArray(reports.assignmentId, assignmentIds), reportInScope(viewer)))
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
      .where(and(eq(attachments.taskId, taskId), eq(attachments.committed, true), fileInScope(viewer)))
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
      .where(and(eq(taskEvents.taskId, taskId), eventInScope(viewer)))
      .orderBy(asc(taskEvents.at), asc(taskEvents.id)),
    sideStepsOf(viewer, assignmentIds),
  ]);

  // A report's files are shown with the report (fileInScope above already follows each file's record).
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
    yellowWithin: lights.yellowWithin.get(task.urgencyId) ?? YELLOW_WITHIN_WORKDAYS,
    units,
    assignments: assignmentRows.map((a) => ({
      ...a,
      reports: reportRows
        .filter((r) => r.assignmentId === a.id)
        .map((r) => ({ ...r, attachments: filesByReport.get(r.id) ?? [] })),
      urges: side.urges.get(a.id) ?? [],
      extensions: side.extensions.get(a.id) ?? [],
    })),
    attachments: taskFiles,
    events: eventRows,
  };
}
