import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { REMIND_TARGETS, reminderRules, urgencyLevels } from "@/db/schema";
import { conflict, notFound } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { explainReminderRule } from "@/lib/domain/rules";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, idField, parseInput, versionSchema, type RequestMeta, BAD_ID } from "../base-data/shared";
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
  version: versionSchema,
  daysBeforeDeadline: count("截止前提醒天数", 0, 30),
  overdueRepeatDays: count("逾期催办间隔天数", 0, 30),
  receiveLimitHours: count("接收时限", 1, 240),
  targets: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(REMIND_TARGETS, { error: "提醒对象无效" })))
    .transform((t) => [...new Set(t)])
    .refine((t) => t.length > 0, "请至少选择一类提醒对象"),
  sendSms: boolField,
  enabled: boolField,
});

/** Admins (admin.rules) set the reminder rule of one urgency level (提醒规则设置); the reminders job reads it. */
export async function updateReminderRule(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.rules");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const [level] = await tx.select({ id: urgencyLevels.id, name: urgencyLevels.name }).from(urgencyLevels).where(eq(urgencyLevels.id, v.urgencyId));
    if (!level) throw notFound("紧急程度");
    const [before] = await tx.select().from(reminderRules).where(eq(reminderRules.urgencyId, v.urgencyId)).for("update");
    const values = {
      daysBeforeDeadline: v.daysBeforeDeadline,
      overdueRepeatDays: v.overdueRepeatDays,
      receiveLimitHours: v.receiveLimitHours,
      targets: v.targets,
      sendSms: v.sendSms,
      enabled: v.enabled,
    };
    let row: { version: number } | undefined;
    if (!before) {
      if (v.version !== 0) throw conflict(STALE_MESSAGE);
      [row] = await tx.insert(reminderRules).values({ urgencyId: v.urgencyId, ...values }).onConflictDoNothing().returning({ version: reminderRules.version });
    } else {
      if (before.version !== v.version) throw conflict(STALE_MESSAGE);
      [row] = await tx
        .update(reminderRules)
        .set({ ...values, version: sql`${reminderRules.version} + 1`, updatedAt: new Date() })
        .where(and(eq(reminderRules.id, before.id), eq(reminderRules.version, v.version)))
        .returning({ version: reminderRules.version });
    }
    if (!row) throw conflict(STALE_MESSAGE);
    const pick = (r: typeof values) => ({ ...r, summary: explainReminderRule(level.name, r) });
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.rules.reminder_update",
      targetType: "reminder_rule",
      targetId: v.urgencyId,
      ...meta,
      detail: {
        urgency: level.name,
        before: before
          ? pick({
              daysBeforeDeadline: before.daysBeforeDeadline,
              overdueRepeatDays: before.overdueRepeatDays,
              receiveLimitHours: before.receiveLimitHours,
              targets: before.targets,
              sendSms: before.sendSms,
              enabled: before.enabled,
            })
          : null,
        after: pick(values),
      },
    });
    return { version: row.version };
  });
}
