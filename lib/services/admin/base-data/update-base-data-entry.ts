
import { z } from "zod";
import type { Tx } from "@/db/client";
import { urgencyLevels } from "@/db/schema";
import { BASE_DATA_LIST_LABELS, type BaseDataList } from "@/lib/domain/base-data";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import {
  AUDIT_TARGET,
  assertNameFree,
  colorSchema,
  entryNameSchema,
  idField,
  isUniqueViolation,
  listTable,
  loadEntry, loadEntryForChange,
  parseInput,
  snapshot,
  versionField,
  type RequestMeta,
  BAD_ID,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField(BAD_ID),
  version: versionField,
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
    const t = listTable(list);
    const entrySnapshot = async (tx: Tx) => {
      const row = (await loadEntry(tx, list, v.id))!;
      return snapshot({ name: row.name, enabled: row.enabled, sortOrder: row.sortOrder, color: row.color ?? undefined });
    };
    const newVersion = await auditedChange({
      actor,
      meta,
      version: v.version,
      load: (tx) => loadEntryForChange(tx, list, v.id),
      check: async (tx, before) => {
        const color = list === "urgencies" ? (v.color ?? before.color ?? undefined) : undefined;
        if (v.name === before.name && color === (before.color ?? undefined)) throw validation("没有需要保存的修改");
        await assertNameFree(tx, list, v.name, before.parentId, v.id);
      },
      snapshot: entrySnapshot,
      apply: (tx, before) =>
        list === "urgencies"
          ? guardedUpdate(tx, urgencyLevels, v, { name: v.name, color: v.color ?? before.color ?? undefined })
          : guardedUpdate(tx, t, v, { name: v.name }),
      audit: { action: "admin.basedata.update", targetType: AUDIT_TARGET[list], targetId: v.id, extra: { list: BASE_DATA_LIST_LABELS[list] } },
    });
    return { version: newVersion };
  } catch (error) {
    if (isUniqueViolation(error)) throw validation(`名称“${v.name}”已存在`, { name: `名称“${v.name}”已存在` });
    throw error;
  }
}
