import { eq } from "drizzle-orm";
import { z } from "zod";
import { departments } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { parseInput, versionField, type RequestMeta, idField } from "../users/shared";
import { departmentSnapshot, loadDepartmentForChange, nextSortOrder, parentIdSchema } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("请选择部门"), version: versionField, parentId: parentIdSchema });

/**
 * 部门管理 (admin.departments): moves a department (with everything under it) to another parent, at the
 * end of the new parent's list. A department cannot be moved under itself or its own descendants.
 */
export async function moveDepartment(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadDepartmentForChange(tx, data.id),
    check: async (tx, current) => {
      if (data.parentId === current.parentId) throw validation("已在该上级部门下", { parentId: "已在该上级部门下" });
      if (!data.parentId) return;
      // Walk up from the new parent: meeting the moved department means the move would close a cycle.
      // Rows are locked so that a concurrent move cannot build the cycle from the other end.
      let cursor: string | null = data.parentId;
      const seen = new Set<string>();
      while (cursor && !seen.has(cursor)) {
        if (cursor === data.id) throw validation("不能移动到自身或其下级部门之下", { parentId: "不能移动到自身或其下级部门之下" });
        seen.add(cursor);
        const [row]: { parentId: string | null }[] = await tx
          .select({ parentId: departments.parentId })
          .from(departments)
          .where(eq(departments.id, cursor))
          .for("update");
        if (!row) throw validation("上级部门不存在，请刷新后重试", { parentId: "上级部门不存在，请刷新后重试" });
        cursor = row.parentId;
      }
    },
    snapshot: (tx) => departmentSnapshot(tx, data.id),
    apply: async (tx) => {
      await guardedUpdate(tx, departments, data, { parentId: data.parentId, sortOrder: await nextSortOrder(tx, data.parentId) });
    },
    audit: { action: "admin.department.move", targetType: "department", targetId: data.id },
  });
}
