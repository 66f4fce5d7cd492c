/**
 * 消息中心 vocabulary (pure): what a notification is about (its kind), how it travels (channel), where it
 * stands (status), and the message templates with their placeholders. The database enums and the
 * back-office template page are built from these lists.
 */

import type { Permission } from "./permissions";

export const NOTIFICATION_CHANNELS = ["sms", "in_app"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_CHANNEL_LABELS: Record<NotificationChannel, string> = { sms: "短信", in_app: "站内消息" };

/**
 * queued: waiting for the worker (also between retries); sent: delivered (SMS: accepted by the gateway);
 * failed: gave up after the retries, with the reason (the office may resend); unreachable: no valid mobile
 * number, so no SMS could be sent (listed, never silently skipped); suppressed: held back by the per-person
 * daily cap.
 */
export const NOTIFICATION_STATUSES = ["queued", "sent", "failed", "unreachable", "suppressed"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  queued: "待发送",
  sent: "已发送",
  failed: "发送失败",
  unreachable: "无法送达",
  suppressed: "超出每日上限未发",
};

/**
 * Which in-app rows 我的消息 shows: an in-app message is delivered by being written (the row is the
 * message), so a queued one is shown at once rather than after the worker's next pass marks it sent.
 * failed / unreachable / suppressed apply to SMS only and never reach an inbox.
 */
export const INBOX_STATUSES = ["queued", "sent"] as const satisfies readonly NotificationStatus[];

/** Why a message was written: one template each. */
export const NOTIFICATION_KINDS = [
  "dispatch", // 交办: the unit's SMS recipients learn of a new task (manual §2.3.1)
  "cancel", // 撤销
  "rework", // 督查室退回重办
  "urge", // 催办 (by hand or by rule)
  "reminder_before", // 截止前提醒
  "reminder_overdue", // 逾期提醒
  "reminder_receive", // 超时未接收
  "reminder_report", // 阶段反馈逾期
  "extension_request", // 延期申请 waiting on someone
  "extension_decision", // 延期申请 decided
  "objection_raised", // 绩效申诉 waiting on the office's answer
  "objection_answered", // 绩效申诉 answered (采纳 / 不采纳)
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  dispatch: "任务交办",
  cancel: "任务撤销",
  rework: "退回重办",
  urge: "催办",
  reminder_before: "截止前提醒",
  reminder_overdue: "逾期提醒",
  reminder_receive: "超时未接收提醒",
  reminder_report: "阶段反馈逾期提醒",
  extension_request: "延期申请待审",
  extension_decision: "延期申请结果",
  objection_raised: "绩效申诉待答复",
  objection_answered: "绩效申诉答复",
};

/** Placeholders a template may use, with what each stands for (shown beside the editor). */
export const TEMPLATE_PLACEHOLDERS = {
  任务编号: "督办编号，如 渝中督〔2026〕12号",
  任务标题: "督办事项标题",
  截止日期: "承办期限（延期后为新期限）",
  单位: "承办单位名称",
  收件人: "收件人姓名",
  内容: "催办内容、退回意见或审批意见",
  系统名称: "系统参数中的系统名称",
} as const;
export type TemplatePlaceholder = keyof typeof TEMPLATE_PLACEHOLDERS;
export type TemplateVars = Partial<Record<TemplatePlaceholder, string>>;

export interface MessageTemplate {
  /** The in-app title (also the notification log's headline). */
  title: string;
  /** The text of the SMS and of the in-app message. */
  body: string;
}

/** The templates a fresh installation starts with; 消息模板 in the back office overrides them. */
export const DEFAULT_TEMPLATES: Record<NotificationKind, MessageTemplate> = {
  dispatch: { title: "新督办任务：{任务标题}", body: "{单位}：督查室交办督办事项“{任务标题}”（{任务编号}），办理期限 {截止日期}，请及时登录{系统名称}接收办理。" },
  cancel: { title: "督办任务已撤销：{任务标题}", body: "{单位}：督办事项“{任务标题}”（{任务编号}）已由督查室撤销，无需继续办理。原因：{内容}" },
  rework: { title: "反馈被退回重办：{任务标题}", body: "{单位}：督办事项“{任务标题}”（{任务编号}）的反馈被督查室退回重办。意见：{内容}" },
  urge: { title: "催办：{任务标题}", body: "{单位}：督查室催办督办事项“{任务标题}”（{任务编号}），办理期限 {截止日期}。{内容} 请登录{系统名称}签收并抓紧办理。" },
  reminder_before: { title: "即将到期：{任务标题}", body: "{收件人}：督办事项“{任务标题}”（{任务编号}）将于 {截止日期} 到期，请抓紧办理并按时反馈。" },
  reminder_overdue: { title: "已超期：{任务标题}", body: "{收件人}：督办事项“{任务标题}”（{任务编号}）已超过办理期限 {截止日期}，请尽快办理反馈。" },
  reminder_receive: { title: "待接收超时：{任务标题}", body: "{收件人}：督办事项“{任务标题}”（{任务编号}）交办后尚未接收，请及时登录{系统名称}接收。" },
  reminder_report: { title: "阶段反馈逾期：{任务标题}", body: "{收件人}：督办事项“{任务标题}”（{任务编号}）已到阶段反馈时间，请及时报送办理进展。" },
  extension_request: { title: "延期申请待审：{任务标题}", body: "{收件人}：{单位}就督办事项“{任务标题}”（{任务编号}）申请延期，请及时审核。{内容}" },
  extension_decision: { title: "延期申请结果：{任务标题}", body: "{单位}：督办事项“{任务标题}”（{任务编号}）的延期申请{内容}" },
  objection_raised: { title: "绩效申诉待答复：{单位}", body: "{收件人}：{单位}对绩效考核计分项提出申诉，请在{系统名称}的绩效考核统计中答复。{内容}" },
  objection_answered: { title: "绩效申诉已答复", body: "{收件人}：你单位对绩效考核计分项的申诉已答复。{内容}" },
};

/** Length limits of the template editor: an SMS over ~300 characters is split into many segments. */
export const TEMPLATE_TITLE_MAX = 60;
export const TEMPLATE_BODY_MAX = 300;

/** Values the 消息模板 preview fills in. */
export const TEMPLATE_SAMPLE_VALUES: Required<TemplateVars> = {
  任务编号: "渝中督〔2026〕12号",
  任务标题: "老旧小区加装电梯进展情况",
  截止日期: "2026-12-18",
  单位: "区住房城乡建委",
  收件人: "吴昊",
  内容: "请于本周五前报送进展。",
  系统名称: "渝中区督查督办系统",
};

/** Fills {占位符}; an unknown or missing placeholder becomes empty so no brace ever reaches a phone. */
export function renderTemplate(text: string, vars: TemplateVars): string {
  return text
    .replace(/\{([^{}]{1,20})\}/g, (_, name: string) => (Object.hasOwn(vars, name) ? (vars[name as TemplatePlaceholder] ?? "") : ""))
    .replace(/\s{2,}/g, " ")
    .trim();
}

/** Placeholders in a template that the system does not know (the editor refuses them). */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !Object.hasOwn(TEMPLATE_PLACEHOLDERS, n)))];
}

/**
 * Who in a unit is told of a task (dispatch, cancel): holders of either unit role, the people who
 * receive and sign. 单位用户信息 applies the same rule to say who would get the dispatch SMS.
 */
export const UNIT_RECIPIENT_PERMISSIONS = ["assignment.handle", "assignment.sign"] as const satisfies readonly Permission[];

/** A mainland mobile number: 11 digits starting 1[3-9]; spaces, dashes and a +86 prefix are tolerated. */
export function normalizeMobile(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.replace(/[\s-]/g, "").replace(/^(\+?86)/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** 138****5678: how lists show a number to anyone who does not need it whole. */
export function maskMobile(value: string | null | undefined): string {
  if (!value) return "—";
  const m = normalizeMobile(value);
  if (!m) return "（号码无效）";
  return `${m.slice(0, 3)}****${m.slice(7)}`;
}

/** Any whole mainland number inside a text (a gateway's error, a log line) masked as 138****5678. */
export function redactMobiles(text: string): string {
  return text.replace(/(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
}
