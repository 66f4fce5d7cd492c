import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { departments, users } from "@/db/schema";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, checkboxSchema, isUniqueViolation, parseInput, versionSchema, type RequestMeta, idField } from "../users/shared";
import { departmentNameSchema, departmentSnapshot, kindSchema, loadDepartmentForChange, shortNameSchema } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择部门"),
  version: versionSchema,
  name: departmentNameSchema,
  shortName: shortNameSchema,
  kind: kindSchema,
  isGroup: checkboxSchema,
});

const NAME_TAKEN = "已有同名部门";

/** 部门管理 (admin.departments): renames a department and sets its short name, type and group flag. */
export async function updateDepartment(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  await getDb()
    .transaction(async (tx) => {
      const current = await loadDepartmentForChange(tx, data.id);
      if (current.version !== data.version) throw conflict(STALE_MESSAGE);
      if (data.name !== current.name) {
        const [clash] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.name, data.name), sql`${departments.id} <> ${data.id}`));
        if (clash) throw validation(NAME_TAKEN, { name: NAME_TAKEN });
      }
      if (data.isGroup && !current.isGroup) {
        const [{ members }] = (await tx.select({ members: count() }).from(users).where(eq(users.departmentId, data.id))) as [{ members: number }];
        if (members > 0) throw validation(`该单位下有 ${members} 个用户，不能改为分组`, { isGroup: `该单位下有 ${members} 个用户，不能改为分组` });
      }
      const before = await departmentSnapshot(tx, data.id);
      const updated = await tx
        .update(departments)
        .set({ name: data.name, shortName: data.shortName, kind: data.kind, isGroup: data.isGroup, version: sql`${departments.version} + 1`, updatedAt: new Date() })
        .where(and(eq(departments.id, data.id), eq(departments.version, data.version)))
        .returning({ id: departments.id });
      if (updated.length === 0) throw conflict(STALE_MESSAGE);
      await writeAudit(tx, {
        actorId: actor.userId,
        actorName: actor.displayName,
        action: "admin.department.update",
        targetType: "department",
        targetId: data.id,
        detail: { before, after: await departmentSnapshot(tx, data.id) },
        ...meta,
      });
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw validation(NAME_TAKEN, { name: NAME_TAKEN });
      throw error;
    });
}
