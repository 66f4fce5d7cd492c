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

/** What a request asks for, stored as member_change_requests.details (only the fields asked to change). */
export interface MemberChangeDetails {
  displayName?: string;
  mobile?: string;
  smsRecipient?: boolean;
}

/** Reads a stored details object defensively (jsonb from an older version may lack or mistype a field). */
export function memberChangeDetails(value: unknown): MemberChangeDetails {
  const v = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  return {
    ...(typeof v.displayName === "string" && v.displayName ? { displayName: v.displayName } : {}),
    ...(typeof v.mobile === "string" && v.mobile ? { mobile: v.mobile } : {}),
    ...(typeof v.smsRecipient === "boolean" ? { smsRecipient: v.smsRecipient } : {}),
  };
}

/**
 * The request in words, one line per field ("手机号：139****0001"). `showMobile` turns the number into
 * what the reader may see (masked on the unit's page, whole for 信息中心, who types it in).
 */
export function describeMemberChange(details: MemberChangeDetails, showMobile: (mobile: string) => string = (m) => m): string[] {
  const lines: string[] = [];
  if (details.displayName) lines.push(`姓名：${details.displayName}`);
  if (details.mobile) lines.push(`手机号：${showMobile(details.mobile)}`);
  if (details.smsRecipient !== undefined) lines.push(`短信接收：${details.smsRecipient ? "接收" : "不接收"}`);
  return lines;
}
