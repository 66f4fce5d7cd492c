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
  /** Its SMS may go out in the quiet hours of 系统参数. */
  overrideQuietHours: boolean;
  /** Each overdue reminder is also recorded as a 催办 (counted for scoring). */
  autoUrge: boolean;
  /** A periodic task's 阶段反馈 counts as late this many working days after its interval. */
  reportGraceDays: number;
  /** Minimum hours between two 催办 of one assignment, by hand or by rule. */
  urgeMinIntervalHours: number;
}

/** Joins Chinese list items: 甲、乙和丙. */
function joinChinese(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("、")}和${items.at(-1)}`;
}

/**
 * What a reminder rule does, in one sentence (the reminder scan does exactly this), e.g. "紧急件：截止前 2
 * 个工作日提醒承办人和单位领导；逾期后每 1 天提醒一次并记为催办；交办后 4 个工作小时内未接收则提醒；…".
 */
export function explainReminderRule(urgencyName: string, rule: ReminderRuleView): string {
  if (!rule.enabled) return `${urgencyName}：规则已停用`;
  const ordered = (Object.keys(REMIND_TARGET_LABELS) as RemindTarget[]).filter((t) => rule.targets.includes(t));
  const who = ordered.length ? joinChinese(ordered.map((t) => REMIND_TARGET_LABELS[t])) : "（未选择提醒对象）";
  const before = rule.daysBeforeDeadline === 0 ? `截止当天提醒${who}` : `截止前 ${rule.daysBeforeDeadline} 个工作日提醒${who}`;
  const urged = rule.autoUrge ? "并记为系统催办" : "";
  const overdue = rule.overdueRepeatDays === 0 ? `逾期后提醒一次${urged}，不再重复` : `逾期后每 ${rule.overdueRepeatDays} 天提醒一次${urged}`;
  const receive = `交办后 ${rule.receiveLimitHours} 个工作小时内未接收则提醒`;
  const report = rule.reportGraceDays === 0 ? "定期反馈到期未报则提醒" : `定期反馈到期 ${rule.reportGraceDays} 个工作日后仍未报则提醒`;
  const interval = `两次催办至少间隔 ${rule.urgeMinIntervalHours} 小时`;
  const sms = rule.sendSms ? (rule.overrideQuietHours ? "发送短信（免打扰时段也发送）" : "发送短信（免打扰时段顺延）") : "仅站内消息，不发短信";
  return `${urgencyName}：${before}；${overdue}；${receive}；${report}；${interval}；${sms}`;
}

/** "+2 分" / "−0.5 分" / "0 分": the sign says reward or deduction. */
export function formatPoints(points: number): string {
  if (points > 0) return `+${points} 分`;
  if (points < 0) return `−${Math.abs(points)} 分`;
  return "0 分";
}

/** 提醒规则 defaults per urgency code; admin-added levels get DEFAULT_REMINDER_RULE. */
export type ReminderRuleDefaults = Omit<ReminderRuleView, "enabled" | "targets"> & { targets: RemindTarget[] };

export const DEFAULT_REMINDER_RULES: Record<string, ReminderRuleDefaults> = {
  normal: {
    daysBeforeDeadline: 3,
    overdueRepeatDays: 3,
    receiveLimitHours: 24,
    targets: ["handler"],
    sendSms: false,
    overrideQuietHours: false,
    autoUrge: true,
    reportGraceDays: 1,
    urgeMinIntervalHours: 24,
  },
  urgent: {
    daysBeforeDeadline: 2,
    overdueRepeatDays: 1,
    receiveLimitHours: 4,
    targets: ["handler", "unit_leader"],
    sendSms: true,
    overrideQuietHours: false,
    autoUrge: true,
    reportGraceDays: 0,
    urgeMinIntervalHours: 12,
  },
  critical: {
    daysBeforeDeadline: 1,
    overdueRepeatDays: 1,
    receiveLimitHours: 2,
    targets: ["handler", "unit_leader", "office_clerk"],
    sendSms: true,
    overrideQuietHours: true,
    autoUrge: true,
    reportGraceDays: 0,
    urgeMinIntervalHours: 4,
  },
};

export const DEFAULT_REMINDER_RULE = DEFAULT_REMINDER_RULES.normal!;
