import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { departments } from "@/db/schema";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, parseInput, versionSchema, type RequestMeta, idField } from "../users/shared";
import { loadDepartmentForChange, siblingsWhere } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择部门"),
  version: versionSchema,
  direction: z.enum(["up", "down"], { error: "移动方向有误" }),
});

/**
 * 部门管理 (admin.departments): 上移 / 下移 a department among its siblings. Siblings are renumbered
 * 1…n, so orders that were equal (e.g. from an old import) become distinct on the first move.
 */
export async function reorderDepartment(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  await getDb().transaction(async (tx) => {
    const current = await loadDepartmentForChange(tx, data.id);
    if (current.version !== data.version) throw conflict(STALE_MESSAGE);
    // Lock the whole sibling list: two admins reordering the same list at once are serialised.
    const siblings = await tx
      .select({ id: departments.id, name: departments.name, sortOrder: departments.sortOrder })
      .from(departments)
      .where(siblingsWhere(current.parentId))
      .orderBy(asc(departments.sortOrder), asc(departments.name))
      .for("update");
    const index = siblings.findIndex((s) => s.id === data.id);
    const target = data.direction === "up" ? index - 1 : index + 1;
    if (index < 0 || target < 0 || target >= siblings.length) throw validation(data.direction === "up" ? "已经是第一个" : "已经是最后一个");
    const order = siblings.map((s) => s.id);
    [order[index], order[target]] = [order[target]!, order[index]!];
    for (const [i, id] of order.entries()) {
      const sibling = siblings.find((s) => s.id === id)!;
      if (sibling.sortOrder === i + 1 && id !== data.id) continue;
      await tx
        .update(departments)
        .set({ sortOrder: i + 1, ...(id === data.id ? { version: sql`${departments.version} + 1`, updatedAt: new Date() } : {}) })
        .where(id === data.id ? and(eq(departments.id, id), eq(departments.version, data.version)) : eq(departments.id, id));
    }
    const neighbour = siblings[target]!;
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.department.reorder",
      targetType: "department",
      targetId: data.id,
      detail: {
        before: { name: current.name, position: index + 1 },
        after: { name: current.name, position: target + 1, [data.direction === "up" ? "movedAbove" : "movedBelow"]: neighbour.name },
      },
      ...meta,
    });
  });
}
