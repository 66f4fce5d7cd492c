import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { urgencyLevels } from "@/db/schema";
import { BASE_DATA_LIST_LABELS, type BaseDataList } from "@/lib/domain/base-data";
import { conflict, notFound, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { AUDIT_TARGET, STALE_MESSAGE, idField, listTable, loadEntry, parseInput, snapshot, versionSchema, type RequestMeta, BAD_ID } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField(BAD_ID),
  version: versionSchema,
  enabled: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "参数错误，请刷新后重试" })),
});

/**
 * Admins (admin.basedata) enable or disable an entry. A disabled entry vanishes from new-task forms;
 * tasks that already use it keep it. At least one urgency level stays enabled, since every task needs one.
 */
export async function setBaseDataEnabled(actor: Actor, list: BaseDataList, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.basedata");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const before = await loadEntry(tx, list, v.id);
    if (!before) throw notFound(BASE_DATA_LIST_LABELS[list]);
    if (before.version !== v.version) throw conflict(STALE_MESSAGE);
    if (before.enabled === v.enabled) throw conflict(STALE_MESSAGE);
    if (list === "urgencies" && !v.enabled) {
      const others = await tx
        .select({ id: urgencyLevels.id })
        .from(urgencyLevels)
        .where(and(eq(urgencyLevels.enabled, true), ne(urgencyLevels.id, v.id)))
        .for("update");
      if (others.length === 0) throw validation("至少需要保留一个启用的紧急程度");
    }
    const t = listTable(list);
    const [row] = await tx
      .update(t)
      .set({ enabled: v.enabled, version: sql`${t.version} + 1`, updatedAt: new Date() })
      .where(and(eq(t.id, v.id), eq(t.version, v.version)))
      .returning({ version: t.version });
    if (!row) throw conflict(STALE_MESSAGE);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: v.enabled ? "admin.basedata.enable" : "admin.basedata.disable",
      targetType: AUDIT_TARGET[list],
      targetId: v.id,
      ...meta,
      detail: {
        list: BASE_DATA_LIST_LABELS[list],
        before: snapshot({ name: before.name, enabled: before.enabled, sortOrder: before.sortOrder }),
        after: snapshot({ name: before.name, enabled: v.enabled, sortOrder: before.sortOrder }),
      },
    });
    return { version: row.version };
  });
}
