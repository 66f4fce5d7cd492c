/**
 * Steps beside the two state machines: 催办 and 延期申请 change no task or assignment status, so they are
 * not in the transition tables, but each is a 流转记录 row (the event enum includes these actions).
 */
export const SIDE_ACTIONS = [
  "urge", // 催办 (by hand with a message, or by a reminder rule)
  "acknowledge_urge", // 签收催办
  "request_extension", // 延期申请: a unit clerk asks
  "forward_extension", // 单位领导同意并报督查室
  "return_extension", // 单位领导退回
  "approve_extension", // 督查室批准（新期限）
  "reject_extension", // 督查室不批准（理由）
  "withdraw_extension", // 申请人在审批前撤回
] as const;
export type SideAction = (typeof SIDE_ACTIONS)[number];

export const SIDE_ACTION_LABELS: Record<SideAction, string> = {
  urge: "催办",
  acknowledge_urge: "签收催办",
  request_extension: "申请延期",
  forward_extension: "同意延期并报督查室",
  return_extension: "退回延期申请",
  approve_extension: "批准延期",
  reject_extension: "不批准延期",
  withdraw_extension: "撤回延期申请",
};

export const URGE_KINDS = ["manual", "rule"] as const;
export type UrgeKind = (typeof URGE_KINDS)[number];
export const URGE_KIND_LABELS: Record<UrgeKind, string> = { manual: "督查室催办", rule: "系统自动催办" };

/** A 延期申请 goes clerk → unit leader → office. */
export const EXTENSION_STATUSES = ["awaiting_unit", "awaiting_office", "approved", "rejected", "returned", "withdrawn"] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];
export const EXTENSION_STATUS_LABELS: Record<ExtensionStatus, string> = {
  awaiting_unit: "待单位领导审核",
  awaiting_office: "待督查室审批",
  approved: "已批准",
  rejected: "未批准",
  returned: "单位领导退回",
  withdrawn: "已撤回",
};
export const OPEN_EXTENSION_STATUSES: readonly ExtensionStatus[] = ["awaiting_unit", "awaiting_office"];
