import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { urgencyLevels } from "@/db/schema";
import { BASE_DATA_LIST_LABELS, type BaseDataList } from "@/lib/domain/base-data";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { AUDIT_TARGET, STALE_MESSAGE, idField, listTable, loadEntry, loadEntryForChange, parseInput, snapshot, versionField, type RequestMeta, BAD_ID } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField(BAD_ID),
  version: versionField,
  enabled: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "参数错误，请刷新后重试" })),
});

/**
 * Admins (admin.basedata) enable or disable an entry. A disabled entry vanishes from new-task forms;
 * tasks that already use it keep it. At least one urgency level stays enabled, since every task needs one.
 */
export async function setBaseDataEnabled(actor: Actor, list: BaseDataList, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.basedata");
  const v = parseInput(schema, input);
  const t = listTable(list);
  const newVersion = await auditedChange({
    actor,
    meta,
    version: v.version,
    load: (tx) => loadEntryForChange(tx, list, v.id),
    check: async (tx, before) => {
      if (before.enabled === v.enabled) throw conflict(STALE_MESSAGE);
      if (list === "urgencies" && !v.enabled) {
        const others = await tx
          .select({ id: urgencyLevels.id })
          .from(urgencyLevels)
          .where(and(eq(urgencyLevels.enabled, true), ne(urgencyLevels.id, v.id)))
          .for("update");
        if (others.length === 0) throw validation("至少需要保留一个启用的紧急程度");
      }
    },
    snapshot: async (tx) => {
      const row = (await loadEntry(tx, list, v.id))!;
      return snapshot({ name: row.name, enabled: row.enabled, sortOrder: row.sortOrder });
    },
    apply: (tx) => guardedUpdate(tx, t, v, { enabled: v.enabled }),
    audit: {
      action: v.enabled ? "admin.basedata.enable" : "admin.basedata.disable",
      targetType: AUDIT_TARGET[list],
      targetId: v.id,
      extra: { list: BASE_DATA_LIST_LABELS[list] },
    },
  });
  return { version: newVersion };
}
