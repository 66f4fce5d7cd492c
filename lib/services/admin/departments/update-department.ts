import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { departments, users } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { checkboxSchema, isUniqueViolation, parseInput, versionField, type RequestMeta, idField } from "../users/shared";
import { departmentNameSchema, departmentSnapshot, kindSchema, loadDepartmentForChange, shortNameSchema } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择部门"),
  version: versionField,
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
  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadDepartmentForChange(tx, data.id),
    check: async (tx, current) => {
      if (data.name !== current.name) {
        const [clash] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.name, data.name), sql`${departments.id} <> ${data.id}`));
        if (clash) throw validation(NAME_TAKEN, { name: NAME_TAKEN });
      }
      if (data.isGroup && !current.isGroup) {
        const [{ members }] = (await tx.select({ members: count() }).from(users).where(eq(users.departmentId, data.id))) as [{ members: number }];
        if (members > 0) throw validation(`该单位下有 ${members} 个用户，不能改为分组`, { isGroup: `该单位下有 ${members} 个用户，不能改为分组` });
      }
    },
    snapshot: (tx) => departmentSnapshot(tx, data.id),
    apply: (tx) => guardedUpdate(tx, departments, data, { name: data.name, shortName: data.shortName, kind: data.kind, isGroup: data.isGroup }),
    audit: { action: "admin.department.update", targetType: "department", targetId: data.id },
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw validation(NAME_TAKEN, { name: NAME_TAKEN });
    throw error;
  });
}
