import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, reminderRules, scoringRules, urgencyLevels } from "@/db/schema";
import { DomainError } from "@/lib/domain/errors";
import { updateReminderRule } from "./update-reminder-rule";
import { createScoringRule } from "./create-scoring-rule";
import { updateScoringRule } from "./update-scoring-rule";
import type { Actor } from "@/lib/domain/policy";

let cleanup: () => Promise<void>;
let admin: Actor;
let clerk: Actor;
const meta = { ip: "10.0.0.9", userAgent: "vitest" };

const actor = actorNamed;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  admin = await actor("admin");
  clerk = await actor("dcs_jbr");
});
afterAll(() => cleanup());

async function code(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}
async function lastAudit(action: string) {
  const [row] = await getDb().select().from(auditLogs).where(eq(auditLogs.action, action)).orderBy(desc(auditLogs.id)).limit(1);
  return row;
}
async function ruleOf(levelCode: string) {
  const [level] = await getDb().select().from(urgencyLevels).where(eq(urgencyLevels.code, levelCode));
  const [rule] = await getDb().select().from(reminderRules).where(eq(reminderRules.urgencyId, level!.id));
  return { level: level!, rule: rule! };
}

describe("seeded defaults", () => {
  it("every urgency level has a reminder rule and the scoring items exist", async () => {
    expect((await ruleOf("urgent")).rule).toMatchObject({ daysBeforeDeadline: 2, overdueRepeatDays: 1, receiveLimitHours: 4, sendSms: true, targets: ["handler", "unit_leader"] });
    expect((await ruleOf("critical")).rule.targets).toEqual(["handler", "unit_leader", "office_clerk"]);
    expect((await getDb().select().from(scoringRules)).length).toBeGreaterThanOrEqual(12);
  });
});

describe("updateReminderRule", () => {
  const form = (urgencyId: string, version: number, patch: Record<string, unknown> = {}) => ({
    urgencyId,
    version: String(version),
    daysBeforeDeadline: "3",
    overdueRepeatDays: "2",
    receiveLimitHours: "8",
    targets: ["handler", "office_clerk"],
    sendSms: "on",
    enabled: "on",
    autoUrge: "on",
    reportGraceDays: "1",
    urgeMinIntervalHours: "6",
    ...patch,
  });

  it("saves the rule, bumps the version and logs before/after with the plain-language summary", async () => {
    const { level, rule } = await ruleOf("normal");
    const { version } = await updateReminderRule(admin, form(level.id, rule.version), meta);
    expect(version).toBe(rule.version + 1);
    expect((await ruleOf("normal")).rule).toMatchObject({
      daysBeforeDeadline: 3,
      overdueRepeatDays: 2,
      receiveLimitHours: 8,
      targets: ["handler", "office_clerk"],
      sendSms: true,
      overrideQuietHours: false,
      autoUrge: true,
      reportGraceDays: 1,
      urgeMinIntervalHours: 6,
    });
    const audit = await lastAudit("admin.rules.reminder_update");
    expect(audit?.detail).toMatchObject({
      before: { sendSms: false },
      after: {
        summary:
          "一般件：截止前 3 个工作日提醒承办人和督查室经办人；逾期后每 2 天提醒一次并记为系统催办；交办后 8 个工作小时内未接收则提醒；定期反馈到期 1 个工作日后仍未报则提醒；两次催办至少间隔 6 小时；发送短信（免打扰时段顺延）",
      },
    });
  });

  it("an unchecked SMS box means no SMS", async () => {
    const { level, rule } = await ruleOf("normal");
    await updateReminderRule(admin, form(level.id, rule.version, { sendSms: undefined }), meta);
    expect((await ruleOf("normal")).rule.sendSms).toBe(false);
  });

  it("refuses a stale version: two admins, one wins", async () => {
    const { level, rule } = await ruleOf("urgent");
    const results = await Promise.allSettled([
      updateReminderRule(admin, form(level.id, rule.version, { daysBeforeDeadline: "5" }), meta),
      updateReminderRule(admin, form(level.id, rule.version, { daysBeforeDeadline: "6" }), meta),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT", message: "该记录已被他人修改，请刷新后重试" });
  });

  it("validates with Chinese messages and writes nothing", async () => {
    const { level, rule } = await ruleOf("critical");
    const e = await code(updateReminderRule(admin, form(level.id, rule.version, { daysBeforeDeadline: "-1", targets: [], receiveLimitHours: "abc" }), meta));
    expect(e.code).toBe("VALIDATION");
    expect(e.fieldErrors).toMatchObject({ daysBeforeDeadline: "截止前提醒天数应在 0 到 30 之间", targets: "请至少选择一类提醒对象", receiveLimitHours: "接收时限必须是数字" });
    expect((await ruleOf("critical")).rule.version).toBe(rule.version);
  });

  it("unknown level → not found; clerk → forbidden", async () => {
    expect((await code(updateReminderRule(admin, form(randomUUID(), 1), meta))).code).toBe("NOT_FOUND");
    const { level, rule } = await ruleOf("critical");
    expect((await code(updateReminderRule(clerk, form(level.id, rule.version), meta))).code).toBe("FORBIDDEN");
  });

  it("creates the rule of a level that has none (version 0)", async () => {
    const [level] = await getDb().insert(urgencyLevels).values({ name: "测试级别", code: "test_level", sortOrder: 9 }).returning();
    await updateReminderRule(admin, form(level!.id, 0), meta);
    expect((await getDb().select().from(reminderRules).where(eq(reminderRules.urgencyId, level!.id)))[0]?.version).toBe(1);
    expect((await lastAudit("admin.rules.reminder_update"))?.detail).toMatchObject({ urgency: "测试级别", before: null, after: { daysBeforeDeadline: 3, enabled: true } });
    expect((await code(updateReminderRule(admin, form(level!.id, 0), meta))).code).toBe("CONFLICT");
  });
});

describe("scoring rules", () => {
  it("creates a deduction item and logs it", async () => {
    const { id } = await createScoringRule(admin, { name: "材料报送不规范", trigger: "manual_adjustment", points: "-0.25", enabled: "on" }, meta);
    const [row] = await getDb().select().from(scoringRules).where(eq(scoringRules.id, id));
    expect(row).toMatchObject({ name: "材料报送不规范", points: -0.25, enabled: true });
    expect(await lastAudit("admin.rules.scoring_create")).toMatchObject({ targetId: id, detail: { after: { points: -0.25 } } });
  });

  it("updates points and disables an item with the version; a stale save is refused", async () => {
    const [rule] = await getDb().select().from(scoringRules).where(eq(scoringRules.trigger, "per_urge"));
    await updateScoringRule(admin, { id: rule!.id, version: rule!.version, name: rule!.name, trigger: rule!.trigger, points: "-1", enabled: "false" }, meta);
    const [after] = await getDb().select().from(scoringRules).where(eq(scoringRules.id, rule!.id));
    expect(after).toMatchObject({ points: -1, enabled: false, version: rule!.version + 1 });
    expect(await lastAudit("admin.rules.scoring_update")).toMatchObject({ detail: { before: { points: -0.5, enabled: true }, after: { points: -1, enabled: false } } });
    const stale = await code(updateScoringRule(admin, { id: rule!.id, version: rule!.version, name: "x", trigger: "per_urge", points: "1" }, meta));
    expect(stale).toMatchObject({ code: "CONFLICT", message: "该记录已被他人修改，请刷新后重试" });
  });

  it("validation: unknown trigger, out-of-range points, too many decimals, no name — nothing written", async () => {
    const count = (await getDb().select().from(scoringRules)).length;
    const e = await code(createScoringRule(admin, { name: "", trigger: "whatever", points: "500" }, meta));
    expect(e.fieldErrors).toMatchObject({ name: "请填写名称", trigger: "请选择触发条件", points: "分值应在 -100 到 100 之间" });
    expect((await code(createScoringRule(admin, { name: "x", trigger: "per_urge", points: "0.125" }, meta))).fieldErrors?.points).toBe("分值最多保留两位小数");
    expect((await getDb().select().from(scoringRules)).length).toBe(count);
  });

  it("not found and forbidden", async () => {
    expect((await code(updateScoringRule(admin, { id: randomUUID(), version: 1, name: "x", trigger: "per_urge", points: "1" }, meta))).code).toBe("NOT_FOUND");
    expect((await code(createScoringRule(clerk, { name: "x", trigger: "per_urge", points: "1" }, meta))).code).toBe("FORBIDDEN");
  });
});
