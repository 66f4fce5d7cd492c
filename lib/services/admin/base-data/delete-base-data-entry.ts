import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { taskCategories, urgencyLevels } from "@/db/schema";
import { BASE_DATA_LIST_LABELS, type BaseDataList } from "@/lib/domain/base-data";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedDelete } from "../../audited-change";
import { AUDIT_TARGET, idField, isForeignKeyViolation, listTable, loadEntryForChange, parseInput, snapshot, usageCount, versionField, type RequestMeta, BAD_ID } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField(BAD_ID), version: versionField });

/**
 * Admins (admin.basedata) delete an entry no task has ever used (the page asks for confirmation first).
 * An entry in use can only be disabled, so old tasks keep showing it; a category with sub-categories
 * must be emptied first.
 */
export async function deleteBaseDataEntry(actor: Actor, list: BaseDataList, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.basedata");
  const v = parseInput(schema, input);
  try {
    await auditedChange({
      actor,
      meta,
      version: v.version,
      load: (tx) => loadEntryForChange(tx, list, v.id),
      check: async (tx, before) => {
        const used = await usageCount(tx, list, v.id);
        if (used > 0) throw validation(`“${before.name}”已被 ${used} 个督办事项使用，不能删除，只能停用`);
        if (list === "categories") {
          const children = await tx.select({ id: taskCategories.id }).from(taskCategories).where(eq(taskCategories.parentId, v.id)).limit(1);
          if (children.length > 0) throw validation(`“${before.name}”下还有子类别，请先删除或移走子类别`);
        }
        if (list === "urgencies" && before.enabled) {
          const others = await tx.select({ id: urgencyLevels.id }).from(urgencyLevels).where(and(eq(urgencyLevels.enabled, true), ne(urgencyLevels.id, v.id)));
          if (others.length === 0) throw validation("至少需要保留一个启用的紧急程度");
        }
      },
      snapshot: (_tx, before) => snapshot({ name: before.name, enabled: before.enabled, sortOrder: before.sortOrder, parentId: before.parentId, color: before.color ?? undefined }),
      apply: (tx) => guardedDelete(tx, listTable(list), v),
      audit: { action: "admin.basedata.delete", targetType: AUDIT_TARGET[list], targetId: v.id, deleted: true, extra: { list: BASE_DATA_LIST_LABELS[list] } },
    });
  } catch (error) {
    // A task saved with this entry between our usage check and the delete: the foreign key refuses.
    if (isForeignKeyViolation(error)) throw validation("该条目刚被督办事项使用，不能删除，只能停用");
    throw error;
  }
}
