import { describe, expect, it } from "vitest";
import { explainReminderRule, formatPoints } from "./rules";

const urgent = {
  daysBeforeDeadline: 2,
  overdueRepeatDays: 1,
  receiveLimitHours: 4,
  targets: ["unit_leader", "handler"] as const,
  sendSms: true,
  enabled: true,
  overrideQuietHours: false,
  autoUrge: true,
  reportGraceDays: 0,
  urgeMinIntervalHours: 12,
};

describe("explainReminderRule", () => {
  it("says in one sentence what the rule will do", () => {
    expect(explainReminderRule("紧急件", urgent)).toBe("紧急件：截止前 2 个工作日提醒承办人和单位领导；逾期后每 1 天提醒一次并记为系统催办；交办后 4 个工作小时内未接收则提醒；定期反馈到期未报则提醒；两次催办至少间隔 12 小时；发送短信（免打扰时段顺延）");
  });

  it("handles the same day, no repetition, three targets and no SMS", () => {
    expect(
      explainReminderRule("特急件", {
        ...urgent,
        daysBeforeDeadline: 0,
        overdueRepeatDays: 0,
        targets: ["office_clerk", "handler", "unit_leader"],
        sendSms: false,
        autoUrge: false,
        reportGraceDays: 2,
      }),
    ).toBe(
      "特急件：截止当天提醒承办人、单位领导和督查室经办人；逾期后提醒一次，不再重复；交办后 4 个工作小时内未接收则提醒；定期反馈到期 2 个工作日后仍未报则提醒；两次催办至少间隔 12 小时；仅站内消息，不发短信",
    );
    expect(explainReminderRule("特急件", { ...urgent, overrideQuietHours: true })).toContain("发送短信（免打扰时段也发送）");
  });

  it("says when nobody is chosen and when the rule is off", () => {
    expect(explainReminderRule("一般件", { ...urgent, targets: [] })).toContain("提醒（未选择提醒对象）");
    expect(explainReminderRule("一般件", { ...urgent, enabled: false })).toBe("一般件：规则已停用");
  });
});

describe("formatPoints", () => {
  it("shows reward and deduction with a sign", () => {
    expect(formatPoints(2)).toBe("+2 分");
    expect(formatPoints(-0.5)).toBe("−0.5 分");
    expect(formatPoints(0)).toBe("0 分");
  });
});
