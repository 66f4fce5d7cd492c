import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { departments } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { parseInput, versionField, type RequestMeta, idField } from "../users/shared";
import { loadDepartmentForChange, siblingsWhere } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择部门"),
  version: versionField,
  direction: z.enum(["up", "down"], { error: "移动方向有误" }),
});

/**
 * 部门管理 (admin.departments): 上移 / 下移 a department among its siblings. Siblings are renumbered
 * 1…n, so orders that were equal (e.g. from an old import) become distinct on the first move.
 */
export async function reorderDepartment(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  // The sibling list as locked by `check`, and the positions it gives; `apply` and the log use them.
  let siblings: { id: string; name: string; sortOrder: number }[] = [];
  let index = -1;
  let target = -1;
  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadDepartmentForChange(tx, data.id),
    check: async (tx, current) => {
      // Lock the whole sibling list: two admins reordering the same list at once are serialised.
      siblings = await tx
        .select({ id: departments.id, name: departments.name, sortOrder: departments.sortOrder })
        .from(departments)
        .where(siblingsWhere(current.parentId))
        .orderBy(asc(departments.sortOrder), asc(departments.name))
        .for("update");
      index = siblings.findIndex((s) => s.id === data.id);
      target = data.direction === "up" ? index - 1 : index + 1;
      if (index < 0 || target < 0 || target >= siblings.length) throw validation(data.direction === "up" ? "已经是第一个" : "已经是最后一个");
    },
    snapshot: (_tx, current, phase) =>
      phase === "before"
        ? { name: current.name, position: index + 1 }
        : { name: current.name, position: target + 1, [data.direction === "up" ? "movedAbove" : "movedBelow"]: siblings[target]!.name },
    apply: async (tx) => {
      const order = siblings.map((s) => s.id);
      [order[index], order[target]] = [order[target]!, order[index]!];
      for (const [i, id] of order.entries()) {
        if (id === data.id) {
          await guardedUpdate(tx, departments, data, { sortOrder: i + 1 });
          continue;
        }
        if (siblings.find((s) => s.id === id)!.sortOrder === i + 1) continue;
        await tx.update(departments).set({ sortOrder: i + 1 }).where(eq(departments.id, id));
      }
    },
    audit: { action: "admin.department.reorder", targetType: "department", targetId: data.id },
  });
}
