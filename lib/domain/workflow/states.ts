/**
 * The states of the two workflows (manual §2.1). The transition tables live beside this file; the
 * database enums are generated from these lists so the two can never disagree.
 */
export const TASK_STATUSES = [
  "draft", // 登记中 (also after a leader returned it)
  "in_review", // 待审核/审签: waits on an office leader
  "returned", // 已退回: a leader returned it to the clerk with an opinion
  "signed", // 已审签, 待交办
  "in_progress", // 已交办, 承办中
  "completed", // 全部承办单位已办结, 待归档
  "archived", // 已归档
  "cancelled", // 已撤销
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  draft: "草稿",
  in_review: "待审签",
  returned: "已退回",
  signed: "待交办",
  in_progress: "承办中",
  completed: "已办结",
  archived: "已归档",
  cancelled: "已撤销",
};

export const ASSIGNMENT_STATUSES = [
  "to_receive", // 待接收
  "in_progress", // 已接收, 办理中 (also after a progress report was accepted)
  "awaiting_sign", // 送本单位领导审签
  "unit_returned", // 单位领导退回
  "signed", // 单位领导已审签, 待上报
  "reported", // 已上报, 待督查室审核
  "rework", // 督查室退回重办
  "completed", // 已办结
  "cancelled", // 任务撤销
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  to_receive: "待接收",
  in_progress: "办理中",
  awaiting_sign: "待单位审签",
  unit_returned: "单位领导退回",
  signed: "待上报",
  reported: "待督查室审核",
  rework: "退回重办",
  completed: "已办结",
  cancelled: "已撤销",
};

export const FEEDBACK_MODES = ["final_only", "periodic"] as const;
export type FeedbackMode = (typeof FEEDBACK_MODES)[number];

export const UNIT_ROLES = ["lead", "co"] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];
export const UNIT_ROLE_LABELS: Record<UnitRole, string> = { lead: "主办", co: "协办" };

export const REPORT_KINDS = ["progress", "final"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { progress: "阶段反馈", final: "办结反馈" };

/** direct = 反馈任务 straight to the office; signed = 承办任务 through the unit leader. */
export const REPORT_PATHS = ["direct", "signed"] as const;
export type ReportPath = (typeof REPORT_PATHS)[number];

export const REPORT_STATUSES = [
  "awaiting_sign", // with the unit leader
  "unit_returned", // returned by the unit leader (a revision is a new row)
  "signed", // signed by the unit leader, not yet reported up
  "submitted", // with the office
  "accepted", // accepted by the office (as progress or final, per kind)
  "returned", // 退回重办 by the office
  "withdrawn", // 收回 by its clerk before any unit leader acted on it (a revision is a new row)
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
