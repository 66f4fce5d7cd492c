import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { systemSettings } from "@/db/schema";
import { getEffectiveSettings } from "@/lib/data/settings";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { SETTING_KEYS, SETTING_LABELS, settingsSchema, type SettingKey } from "@/lib/domain/settings";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, parseInput, versionSchema, type RequestMeta } from "../base-data/shared";
import type { Actor } from "@/lib/domain/policy";

/** The form posts every value and, per key, the version it was shown (`v_<key>`, 0 = no row yet). */
const schema = settingsSchema.extend(Object.fromEntries(SETTING_KEYS.map((k) => [`v_${k}`, versionSchema])) as Record<`v_${SettingKey}`, typeof versionSchema>);

/**
 * Admins (admin.settings) save 系统参数. Only keys whose value changed are written, each guarded by the
 * version the admin saw; the lockout policy and session time-out apply from the next login / request.
 */
export async function updateSettings(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ changed: SettingKey[] }> {
  assertCan(actor, "admin.settings");
  const v = parseInput(schema, input) as z.output<typeof schema> & Record<string, unknown>;
  return getDb().transaction(async (tx) => {
    const current = await getEffectiveSettings(tx);
    const changed = SETTING_KEYS.filter((k) => JSON.stringify(current.values[k]) !== JSON.stringify(v[k]));
    if (changed.length === 0) throw validation("没有需要保存的修改");
    for (const key of changed) {
      const expected = v[`v_${key}`] as number;
      if (current.versions[key] !== expected) throw conflict(STALE_MESSAGE);
      const [row] =
        expected === 0
          ? await tx.insert(systemSettings).values({ key, value: v[key] }).onConflictDoNothing().returning({ key: systemSettings.key })
          : await tx
              .update(systemSettings)
              .set({ value: v[key], version: sql`${systemSettings.version} + 1`, updatedAt: new Date() })
              .where(and(eq(systemSettings.key, key), eq(systemSettings.version, expected)))
              .returning({ key: systemSettings.key });
      if (!row) throw conflict(STALE_MESSAGE);
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.settings.update",
      targetType: "system_settings",
      targetId: changed.join(","),
      ...meta,
      detail: {
        changed: changed.map((k) => SETTING_LABELS[k]),
        before: Object.fromEntries(changed.map((k) => [k, current.values[k]])),
        after: Object.fromEntries(changed.map((k) => [k, v[k]])),
      },
    });
    return { changed };
  });
}
