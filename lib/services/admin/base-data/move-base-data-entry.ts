import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { BASE_DATA_LIST_LABELS, moveInOrder, type BaseDataList } from "@/lib/domain/base-data";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { AUDIT_TARGET, STALE_MESSAGE, idField, listTable, loadEntryForChange, parseInput, siblingsWhere, versionField, type RequestMeta, BAD_ID } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField(BAD_ID),
  version: versionField,
  direction: z.enum(["up", "down"], { error: "参数错误，请刷新后重试" }),
});

/**
 * Admins (admin.basedata) move an entry one place up or down among its siblings (上移 / 下移); the
 * siblings are renumbered 1…n so that equal sort orders from older data cannot make a move a no-op.
 */
export async function moveBaseDataEntry(actor: Actor, list: BaseDataList, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.basedata");
  const v = parseInput(schema, input);
  const t = listTable(list);
  // The sibling order before (as locked by `check`) and after the move; `apply` and the log use them.
  let previous = new Map<string, { position: number; sortOrder: number }>();
  let order: string[] = [];
  await auditedChange({
    actor,
    meta,
    version: v.version,
    load: (tx) => loadEntryForChange(tx, list, v.id),
    check: async (tx, entry) => {
      const siblings = await tx
        .select({ id: t.id, name: t.name, sortOrder: t.sortOrder })
        .from(t)
        .where(siblingsWhere(list, entry.parentId))
        .orderBy(asc(t.sortOrder), asc(t.name))
        .for("update");
      const moved = moveInOrder(
        siblings.map((s) => s.id),
        v.id,
        v.direction,
      );
      if (!moved) throw validation(v.direction === "up" ? "已经排在最前面" : "已经排在最后面");
      order = moved;
      previous = new Map(siblings.map((s, i) => [s.id, { position: i + 1, sortOrder: s.sortOrder }]));
    },
    snapshot: (_tx, _entry, phase) => ({ position: phase === "before" ? previous.get(v.id)!.position : order.indexOf(v.id) + 1 }),
    apply: async (tx) => {
      for (const [i, id] of order.entries()) {
        if (previous.get(id)!.sortOrder === i + 1) continue;
        if (id === v.id) {
          await guardedUpdate(tx, t, v, { sortOrder: i + 1 });
          continue;
        }
        const [row] = await tx
          .update(t)
          .set({ sortOrder: i + 1, version: sql`${t.version} + 1`, updatedAt: new Date() })
          .where(eq(t.id, id))
          .returning({ id: t.id });
        if (!row) throw conflict(STALE_MESSAGE);
      }
    },
    audit: {
      action: "admin.basedata.move",
      targetType: AUDIT_TARGET[list],
      targetId: v.id,
      extra: (entry) => ({ list: BASE_DATA_LIST_LABELS[list], name: entry.name }),
    },
  });
}
