import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { BASE_DATA_LIST_LABELS, moveInOrder, type BaseDataList } from "@/lib/domain/base-data";
import { conflict, notFound, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { AUDIT_TARGET, STALE_MESSAGE, idField, listTable, loadEntry, parseInput, siblingsWhere, versionSchema, type RequestMeta, BAD_ID } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField(BAD_ID),
  version: versionSchema,
  direction: z.enum(["up", "down"], { error: "参数错误，请刷新后重试" }),
});

/**
 * Admins (admin.basedata) move an entry one place up or down among its siblings (上移 / 下移); the
 * siblings are renumbered 1…n so that equal sort orders from older data cannot make a move a no-op.
 */
export async function moveBaseDataEntry(actor: Actor, list: BaseDataList, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.basedata");
  const v = parseInput(schema, input);
  await getDb().transaction(async (tx) => {
    const entry = await loadEntry(tx, list, v.id);
    if (!entry) throw notFound(BASE_DATA_LIST_LABELS[list]);
    if (entry.version !== v.version) throw conflict(STALE_MESSAGE);
    const t = listTable(list);
    const siblings = await tx
      .select({ id: t.id, name: t.name, sortOrder: t.sortOrder })
      .from(t)
      .where(siblingsWhere(list, entry.parentId))
      .orderBy(asc(t.sortOrder), asc(t.name))
      .for("update");
    const order = moveInOrder(
      siblings.map((s) => s.id),
      v.id,
      v.direction,
    );
    if (!order) throw validation(v.direction === "up" ? "已经排在最前面" : "已经排在最后面");
    const previous = new Map(siblings.map((s, i) => [s.id, { position: i + 1, sortOrder: s.sortOrder }]));
    for (const [i, id] of order.entries()) {
      const was = previous.get(id)!;
      if (was.sortOrder === i + 1) continue;
      const guard = id === v.id ? and(eq(t.id, id), eq(t.version, v.version)) : eq(t.id, id);
      const [row] = await tx
        .update(t)
        .set({ sortOrder: i + 1, version: sql`${t.version} + 1`, updatedAt: new Date() })
        .where(guard)
        .returning({ id: t.id });
      if (!row) throw conflict(STALE_MESSAGE);
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.basedata.move",
      targetType: AUDIT_TARGET[list],
      targetId: v.id,
      ...meta,
      detail: {
        list: BASE_DATA_LIST_LABELS[list],
        name: entry.name,
        before: { position: previous.get(v.id)!.position },
        after: { position: order.indexOf(v.id) + 1 },
      },
    });
  });
}
