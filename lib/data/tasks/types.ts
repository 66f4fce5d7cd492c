import type { Rating } from "@/lib/domain/stats/scoring";
import type { AssignmentStatus, FeedbackMode, ReportKind, ReportPath, ReportStatus, TaskStatus, UnitRole } from "@/lib/domain/workflow/states";
import type { WarningLight } from "@/lib/domain/warning-light";
import type { ExtensionStatus, UrgeKind } from "@/lib/domain/workflow/side-steps";

/** The row and page shapes the workflow reads return (plain objects, safe to hand to components). */

export interface Page<T> {
  rows: T[];
  /** Counted up to COUNT_CAP (lib/data/tasks/shared.ts); `capped` when there are more. */
  total: number;
  capped: boolean;
  page: number;
  pageSize: number;
  pageCount: number;
}

export interface TaskListRow {
  id: string;
  taskNo: string | null;
  title: string;
  status: TaskStatus;
  urgencyName: string;
  urgencyColor: string;
  deadline: string;
  /** What the light goes by: the earliest deadline among the open assignments (a 延期 may move it). */
  dueOn: string;
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
  /** This unit's deadline (differs from the task's after an approved 延期). */
  deadline: string;
  taskDeadline: string;
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
  /** Why the office closed the assignment on this 阶段反馈 (办结 on a progress report needs a reason). */
  closedOnProgressReason: string | null;
  createdAt: Date;
  attachments: AttachmentRow[];
}

/** One 催办 as the task page shows it. */
export interface UrgeRow {
  id: string;
  assignmentId: string;
  departmentId: string;
  kind: UrgeKind;
  message: string;
  urgedByName: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedByName: string | null;
}

/** One 延期申请 as the task page shows it. */
export interface ExtensionRow {
  id: string;
  assignmentId: string;
  status: ExtensionStatus;
  version: number;
  reason: string;
  previousDeadline: string;
  requestedDeadline: string;
  approvedDeadline: string | null;
  requestedById: string;
  requestedByName: string;
  currentSignerId: string | null;
  currentSignerName: string | null;
  unitSignedByName: string | null;
  unitSignedAt: Date | null;
  unitOpinion: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionOpinion: string | null;
  createdAt: Date;
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
  /** This unit's deadline (moved by each approved 延期申请), with the counts kept for scoring. */
  deadline: string;
  extensionCount: number;
  urgeCount: number;
  lastUrgedAt: Date | null;
  /** 督查室's 反馈质量评价 given at 办结通过 (绩效规则 rating_*). */
  rating: Rating | null;
  ratedAt: Date | null;
  light: WarningLight;
  /** Every version the unit wrote, newest first. */
  reports: ReportRow[];
  /** 催办 and 延期申请, newest first. */
  urges: UrgeRow[];
  extensions: ExtensionRow[];
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
  /** The earliest deadline among the open assignments (what the task's light goes by). */
  dueOn: string;
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
  /** Working days before a deadline the light turns yellow, for this task's urgency (its 提醒规则). */
  yellowWithin: number;
  units: { departmentId: string; name: string; role: UnitRole }[];
  /** Only the assignments the viewer may see: all for the office, their own unit's for a unit. */
  assignments: AssignmentDetail[];
  /** Files of the task itself (the notice's attachments). */
  attachments: AttachmentRow[];
  /** The timeline, oldest first, restricted like the assignments. */
  events: TaskEventRow[];
}

/** A work queue of the home page: the same conditions as its list page, counted. */
export interface WorkQueueCount {
  href: string;
  label: string;
  count: number;
}
