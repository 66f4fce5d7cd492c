import { describe, expect, it } from "vitest";
import { explainReminderRule, formatPoints } from "./rules";

const urgent = { daysBeforeDeadline: 2, overdueRepeatDays: 1, receiveLimitHours: 4, targets: ["unit_leader", "handler"] as const, sendSms: true, enabled: true };

describe("explainReminderRule", () => {
  it("says in one sentence what the rule will do", () => {
    expect(explainReminderRule("紧急件", urgent)).toBe("紧急件：截止前 2 个工作日提醒承办人和单位领导；逾期后每 1 天催办一次；交办后 4 小时内未接收则提醒；发送短信");
  });

  it("handles the same day, no repetition, three targets and no SMS", () => {
    expect(
      explainReminderRule("特急件", { ...urgent, daysBeforeDeadline: 0, overdueRepeatDays: 0, targets: ["office_clerk", "handler", "unit_leader"], sendSms: false }),
    ).toBe("特急件：截止当天提醒承办人、单位领导和督查室经办人；逾期后催办一次，不再重复；交办后 4 小时内未接收则提醒；仅站内消息，不发短信");
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
