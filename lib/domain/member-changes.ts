/** 单位用户信息 变更申请: what a unit may ask 信息中心 to change (manual §2.6, §2.8.2). */
export const MEMBER_CHANGE_KINDS = ["update", "add", "remove"] as const;
export type MemberChangeKind = (typeof MEMBER_CHANGE_KINDS)[number];
export const MEMBER_CHANGE_KIND_LABELS: Record<MemberChangeKind, string> = {
  update: "修改人员信息",
  add: "新增人员",
  remove: "停用人员",
};

export const MEMBER_CHANGE_STATUSES = ["open", "done", "rejected"] as const;
export type MemberChangeStatus = (typeof MEMBER_CHANGE_STATUSES)[number];
export const MEMBER_CHANGE_STATUS_LABELS: Record<MemberChangeStatus, string> = { open: "待处理", done: "已办理", rejected: "未采纳" };
