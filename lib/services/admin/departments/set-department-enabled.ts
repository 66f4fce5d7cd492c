import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { departments } from "@/db/schema";
import { conflict } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, parseInput, versionSchema, type RequestMeta, idField } from "../users/shared";
import { loadDepartmentForChange } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择部门"),
  version: versionSchema,
  enabled: z.preprocess((v) => v === true || v === "true", z.boolean()),
});

/**
 * 部门管理 (admin.departments): enables or disables a department. A disabled unit can no longer be
 * chosen for new users or new tasks; its users, tasks and history stay as they are.
 */
export async function setDepartmentEnabled(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  await getDb().transaction(async (tx) => {
    const current = await loadDepartmentForChange(tx, data.id);
    if (current.version !== data.version) throw conflict(STALE_MESSAGE);
    if (current.enabled === data.enabled) throw conflict(data.enabled ? "该部门已是启用状态，请刷新后重试" : "该部门已被停用，请刷新后重试");
    const updated = await tx
      .update(departments)
      .set({ enabled: data.enabled, version: sql`${departments.version} + 1`, updatedAt: new Date() })
      .where(and(eq(departments.id, data.id), eq(departments.version, data.version)))
      .returning({ id: departments.id });
    if (updated.length === 0) throw conflict(STALE_MESSAGE);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: data.enabled ? "admin.department.enable" : "admin.department.disable",
      targetType: "department",
      targetId: data.id,
      detail: { before: { name: current.name, enabled: current.enabled }, after: { name: current.name, enabled: data.enabled } },
      ...meta,
    });
  });
}
