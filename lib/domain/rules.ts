export const REMIND_TARGETS = ["handler", "unit_leader", "office_clerk"] as const;
export const SCORING_TRIGGERS = [
  "completed_on_time",
  "completed_early",
  "per_workday_overdue",
  "overdue_open",
  "per_return",
  "late_receipt",
  "per_urge",
  "rating_excellent",
  "rating_good",
  "rating_fair",
  "rating_poor",
  "manual_adjustment",
] as const;

/** 提醒规则 and 绩效规则: the labels and plain-Chinese explanations the admin pages show. */
export type RemindTarget = (typeof REMIND_TARGETS)[number];
export type ScoringTrigger = (typeof SCORING_TRIGGERS)[number];

export const REMIND_TARGET_LABELS: Record<RemindTarget, string> = {
  handler: "承办人",
  unit_leader: "单位领导",
  office_clerk: "督查室经办人",
};

export const SCORING_TRIGGER_LABELS: Record<ScoringTrigger, string> = {
  completed_on_time: "按期办结",
  completed_early: "提前办结",
  per_workday_overdue: "逾期每个工作日",
  overdue_open: "逾期仍未办结",
  per_return: "每次被退回重办",
  late_receipt: "超时接收",
  per_urge: "每次被催办",
  rating_excellent: "督查室评价为优秀",
  rating_good: "督查室评价为良好",
  rating_fair: "督查室评价为一般",
  rating_poor: "督查室评价为较差",
  manual_adjustment: "人工加减分",
};

export interface ReminderRuleView {
  daysBeforeDeadline: number;
  overdueRepeatDays: number;
  receiveLimitHours: number;
  targets: readonly RemindTarget[];
  sendSms: boolean;
  enabled: boolean;
}

/** Joins Chinese list items: 甲、乙和丙. */
function joinChinese(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("、")}和${items.at(-1)}`;
}

/**
 * What a reminder rule is set to, in one sentence (the setting, not a claim that anything sends it yet), e.g. "紧急件：截止前 2 个工作日提醒承办人和单位领导；
 * 逾期后每 1 天催办一次；交办后 4 小时内未接收则提醒；发送短信".
 */
export function explainReminderRule(urgencyName: string, rule: ReminderRuleView): string {
  if (!rule.enabled) return `${urgencyName}：规则已停用`;
  const ordered = (Object.keys(REMIND_TARGET_LABELS) as RemindTarget[]).filter((t) => rule.targets.includes(t));
  const who = ordered.length ? joinChinese(ordered.map((t) => REMIND_TARGET_LABELS[t])) : "（未选择提醒对象）";
  const before = rule.daysBeforeDeadline === 0 ? `截止当天提醒${who}` : `截止前 ${rule.daysBeforeDeadline} 个工作日提醒${who}`;
  const overdue = rule.overdueRepeatDays === 0 ? "逾期后催办一次，不再重复" : `逾期后每 ${rule.overdueRepeatDays} 天催办一次`;
  const receive = `交办后 ${rule.receiveLimitHours} 小时内未接收则提醒`;
  const sms = rule.sendSms ? "发送短信" : "仅站内消息，不发短信";
  return `${urgencyName}：${before}；${overdue}；${receive}；${sms}`;
}

/** "+2 分" / "−0.5 分" / "0 分": the sign says reward or deduction. */
export function formatPoints(points: number): string {
  if (points > 0) return `+${points} 分`;
  if (points < 0) return `−${Math.abs(points)} 分`;
  return "0 分";
}

/** 提醒规则 defaults per urgency code; admin-added levels get DEFAULT_REMINDER_RULE. */
export const DEFAULT_REMINDER_RULES: Record<
  string,
  { daysBeforeDeadline: number; overdueRepeatDays: number; receiveLimitHours: number; targets: RemindTarget[]; sendSms: boolean }
> = {
  normal: { daysBeforeDeadline: 3, overdueRepeatDays: 3, receiveLimitHours: 24, targets: ["handler"], sendSms: false },
  urgent: { daysBeforeDeadline: 2, overdueRepeatDays: 1, receiveLimitHours: 4, targets: ["handler", "unit_leader"], sendSms: true },
  critical: { daysBeforeDeadline: 1, overdueRepeatDays: 1, receiveLimitHours: 2, targets: ["handler", "unit_leader", "office_clerk"], sendSms: true },
};

export const DEFAULT_REMINDER_RULE = DEFAULT_REMINDER_RULES.normal!;
