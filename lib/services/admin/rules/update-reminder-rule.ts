import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { REMIND_TARGETS, reminderRules, urgencyLevels } from "@/db/schema";
import { notFound } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { explainReminderRule } from "@/lib/domain/rules";
import { requestReminderScan } from "@/lib/jobs/nudge";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { idField, parseInput, rowVersionField, type RequestMeta, BAD_ID } from "../base-data/shared";
import type { Actor } from "@/lib/domain/policy";

const boolField = z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean());
const count = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .refine((n) => Number.isInteger(n), `${label}必须是整数`)
    .refine((n) => n >= min && n <= max, `${label}应在 ${min} 到 ${max} 之间`);

const schema = z.object({
  urgencyId: idField(BAD_ID),
  /** 0 = the rule does not exist yet (an urgency level added before rules were seeded). */
  version: rowVersionField,
  daysBeforeDeadline: count("截止前提醒天数", 0, 30),
  overdueRepeatDays: count("逾期催办间隔天数", 0, 30),
  receiveLimitHours: count("接收时限", 1, 240),
  targets: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(REMIND_TARGETS, { error: "提醒对象无效" })))
    .transform((t) => [...new Set(t)])
    .refine((t) => t.length > 0, "请至少选择一类提醒对象"),
  sendSms: boolField,
  enabled: boolField,
  overrideQuietHours: boolField,
  autoUrge: boolField,
  reportGraceDays: count("定期反馈宽限天数", 0, 30),
  urgeMinIntervalHours: count("催办最小间隔", 1, 720),
});

/** Admins (admin.rules) set the reminder rule of one urgency level (提醒规则设置); the reminder scan and the lights read it. */
export async function updateReminderRule(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.rules");
  const v = parseInput(schema, input);
  const values = {
    daysBeforeDeadline: v.daysBeforeDeadline,
    overdueRepeatDays: v.overdueRepeatDays,
    receiveLimitHours: v.receiveLimitHours,
    targets: v.targets,
    sendSms: v.sendSms,
    enabled: v.enabled,
    overrideQuietHours: v.overrideQuietHours,
    autoUrge: v.autoUrge,
    reportGraceDays: v.reportGraceDays,
    urgeMinIntervalHours: v.urgeMinIntervalHours,
  };
  /** The rule as the log shows it (null: none saved yet), with the sentence the page shows. */
  const ruleSnapshot = async (tx: Tx, levelName: string) => {
    const [rule] = await tx.select().from(reminderRules).where(eq(reminderRules.urgencyId, v.urgencyId));
    if (!rule) return null;
    const r = {
      daysBeforeDeadline: rule.daysBeforeDeadline,
      overdueRepeatDays: rule.overdueRepeatDays,
      receiveLimitHours: rule.receiveLimitHours,
      targets: rule.targets,
      sendSms: rule.sendSms,
      enabled: rule.enabled,
      overrideQuietHours: rule.overrideQuietHours,
      autoUrge: rule.autoUrge,
      reportGraceDays: rule.reportGraceDays,
      urgeMinIntervalHours: rule.urgeMinIntervalHours,
    };
    return { ...r, summary: explainReminderRule(levelName, r) };
  };
  const saved = await auditedChange({
    actor,
    meta,
    version: v.version,
    load: async (tx) => {
      const [level] = await tx.select({ id: urgencyLevels.id, name: urgencyLevels.name }).from(urgencyLevels).where(eq(urgencyLevels.id, v.urgencyId));
      if (!level) throw notFound("紧急程度");
      const [rule] = await tx.select({ version: reminderRules.version }).from(reminderRules).where(eq(reminderRules.urgencyId, v.urgencyId)).for("update");
      return { level, version: rule?.version ?? 0 };
    },
    snapshot: (tx, { level }) => ruleSnapshot(tx, level.name),
    apply: async (tx) => ({
      version: await guardedUpdate(
        tx,
        reminderRules,
        { id: v.urgencyId, column: reminderRules.urgencyId, version: v.version, insert: { urgencyId: v.urgencyId, ...values } },
        values,
      ),
    }),
    audit: { action: "admin.rules.reminder_update", targetType: "reminder_rule", targetId: v.urgencyId, extra: ({ level }) => ({ urgency: level.name }) },
  });
  // The rule applies from the next scan: ask for one now (after the commit) rather than in up to 10 minutes.
  requestReminderScan();
  return saved;
}
