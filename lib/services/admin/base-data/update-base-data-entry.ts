import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { urgencyLevels } from "@/db/schema";
import { BASE_DATA_LIST_LABELS, type BaseDataList } from "@/lib/domain/base-data";
import { conflict, notFound, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import {
  AUDIT_TARGET,
  STALE_MESSAGE,
  assertNameFree,
  colorSchema,
  entryNameSchema,
  idField,
  isUniqueViolation,
  listTable,
  loadEntry,
  parseInput,
  snapshot,
  versionSchema,
  type RequestMeta,
  BAD_ID,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField(BAD_ID),
  version: versionSchema,
  name: entryNameSchema,
  color: z.preprocess((v) => (v === "" ? undefined : v), colorSchema.optional()),
});

/**
 * Admins (admin.basedata) rename an entry (and recolour an urgency level). Old tasks show the new name:
 * they point at the entry, not at a copy of its name.
 */
export async function updateBaseDataEntry(actor: Actor, list: BaseDataList, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.basedata");
  const v = parseInput(schema, input);
  try {
    return await getDb().transaction(async (tx) => {
      const before = await loadEntry(tx, list, v.id);
      if (!before) throw notFound(BASE_DATA_LIST_LABELS[list]);
      if (before.version !== v.version) throw conflict(STALE_MESSAGE);
      const t = listTable(list);
      const color = list === "urgencies" ? (v.color ?? before.color ?? undefined) : undefined;
      if (v.name === before.name && color === (before.color ?? undefined)) throw validation("没有需要保存的修改");
      await assertNameFree(tx, list, v.name, before.parentId, v.id);
      const [row] =
        list === "urgencies"
          ? await tx
              .update(urgencyLevels)
              .set({ name: v.name, color, version: sql`${urgencyLevels.version} + 1`, updatedAt: new Date() })
              .where(and(eq(urgencyLevels.id, v.id), eq(urgencyLevels.version, v.version)))
              .returning({ version: urgencyLevels.version })
          : await tx
              .update(t)
              .set({ name: v.name, version: sql`${t.version} + 1`, updatedAt: new Date() })
              .where(and(eq(t.id, v.id), eq(t.version, v.version)))
              .returning({ version: t.version });
      if (!row) throw conflict(STALE_MESSAGE);
      await writeAudit(tx, {
        actorId: actor.userId,
        actorName: actor.displayName,
        action: "admin.basedata.update",
        targetType: AUDIT_TARGET[list],
        targetId: v.id,
        ...meta,
        detail: {
          list: BASE_DATA_LIST_LABELS[list],
          before: snapshot({ name: before.name, enabled: before.enabled, sortOrder: before.sortOrder, color: before.color ?? undefined }),
          after: snapshot({ name: v.name, enabled: before.enabled, sortOrder: before.sortOrder, color }),
        },
      });
      return { version: row.version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validation(`名称“${v.name}”已存在`, { name: `名称“${v.name}”已存在` });
    throw error;
  }
}
