import { z } from "zod";
import { systemSettings } from "@/db/schema";
import { getEffectiveSettings } from "@/lib/data/settings";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { SETTING_KEYS, SETTING_LABELS, settingsSchema, type SettingKey } from "@/lib/domain/settings";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { parseInput, rowVersionField, type RequestMeta } from "../base-data/shared";
import type { Actor } from "@/lib/domain/policy";

/** The form posts every value and, per key, the version it was shown (`v_<key>`, 0 = no row yet). */
const schema = settingsSchema.extend(Object.fromEntries(SETTING_KEYS.map((k) => [`v_${k}`, rowVersionField])) as Record<`v_${SettingKey}`, typeof rowVersionField>);

/**
 * Admins (admin.settings) save 系统参数. Only keys whose value changed are written, each guarded by the
 * version the admin saw; the lockout policy and session time-out apply from the next login / request.
 */
export async function updateSettings(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ changed: SettingKey[] }> {
  assertCan(actor, "admin.settings");
  const v = parseInput(schema, input) as z.output<typeof schema> & Record<string, unknown>;
  const expected = (key: SettingKey) => v[`v_${key}`] as number;
  return auditedChange({
    actor,
    meta,
    load: async (tx) => {
      const current = await getEffectiveSettings(tx);
      return { ...current, changed: SETTING_KEYS.filter((k) => JSON.stringify(current.values[k]) !== JSON.stringify(v[k])) };
    },
    // Settings are versioned per key: every key being saved must still be at the version the form showed.
    version: (current) => current.changed.every((key) => current.versions[key] === expected(key)),
    check: (_tx, current) => {
      if (current.changed.length === 0) throw validation("没有需要保存的修改");
      if (v.smsProvider === "http" && !v.smsGatewayUrl) throw validation("选择 HTTP 短信网关时请填写短信网关地址");
    },
    snapshot: (_tx, current, phase) => Object.fromEntries(current.changed.map((k) => [k, phase === "before" ? current.values[k] : v[k]])),
    apply: async (tx, current) => {
      for (const key of current.changed) {
        await guardedUpdate(tx, systemSettings, { id: key, column: systemSettings.key, version: expected(key), insert: { key, value: v[key] } }, { value: v[key] });
      }
      return { changed: current.changed };
    },
    audit: {
      action: "admin.settings.update",
      targetType: "system_settings",
      targetId: (current) => current.changed.join(","),
      extra: (current) => ({ changed: current.changed.map((k) => SETTING_LABELS[k]) }),
    },
  });
}
