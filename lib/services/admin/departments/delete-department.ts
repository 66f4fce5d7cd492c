import { count, eq } from "drizzle-orm";
import { z } from "zod";

import { assignments, departments, taskUnits, users } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedDelete } from "../../audited-change";
import { parseInput, versionField, type RequestMeta, idField } from "../users/shared";
import { departmentSnapshot, loadDepartmentForChange } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("请选择部门"), version: versionField });

/**
 * 部门管理 (admin.departments): deletes a department nobody uses: no sub-departments, no users, no
 * tasks (task_units or assignments). One that is in use can only be disabled.
 */
export async function deleteDepartment(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadDepartmentForChange(tx, data.id),
    check: async (tx) => {
      const usage = await departmentUsage(tx, data.id);
      const reasons = [
        usage.children && `${usage.children} 个下级部门`,
        usage.users && `${usage.users} 个用户`,
        usage.tasks && `${usage.tasks} 项督办任务`,
      ].filter(Boolean);
      if (reasons.length) throw validation(`该部门下有${reasons.join("、")}，不能删除，只能停用`);
    },
    snapshot: (tx) => departmentSnapshot(tx, data.id),
    apply: async (tx) => {
      // The foreign keys are ON DELETE RESTRICT: anything referencing it concurrently fails this delete.
      await guardedDelete(tx, departments, data);
    },
    audit: { action: "admin.department.delete", targetType: "department", targetId: data.id, deleted: true },
  });
}

async function departmentUsage(tx: Parameters<typeof departmentSnapshot>[0], id: string) {
  const [children] = await tx.select({ n: count() }).from(departments).where(eq(departments.parentId, id));
  const [members] = await tx.select({ n: count() }).from(users).where(eq(users.departmentId, id));
  const planned = await tx.selectDistinct({ taskId: taskUnits.taskId }).from(taskUnits).where(eq(taskUnits.departmentId, id));
  const assigned = await tx.selectDistinct({ taskId: assignments.taskId }).from(assignments).where(eq(assignments.departmentId, id));
  const tasks = new Set([...planned, ...assigned].map((r) => r.taskId));
  return { children: children?.n ?? 0, users: members?.n ?? 0, tasks: tasks.size };
}
