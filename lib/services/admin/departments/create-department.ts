import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { departments } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { checkboxSchema, isUniqueViolation, parseInput, type RequestMeta } from "../users/shared";
import { departmentNameSchema, departmentSnapshot, kindSchema, nextSortOrder, parentIdSchema, shortNameSchema } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  parentId: parentIdSchema,
  name: departmentNameSchema,
  shortName: shortNameSchema,
  kind: kindSchema,
  isGroup: checkboxSchema,
});

const NAME_TAKEN = "已有同名部门";

/** 部门管理 (admin.departments): adds a unit or a grouping node at the end of its parent's list. */
export async function createDepartment(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ id: string }> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  return getDb()
    .transaction(async (tx) => {
      if (data.parentId) {
        const [parent] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, data.parentId)).for("update");
        if (!parent) throw validation("上级部门不存在，请刷新后重试", { parentId: "上级部门不存在，请刷新后重试" });
      }
      const [clash] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.name, data.name));
      if (clash) throw validation(NAME_TAKEN, { name: NAME_TAKEN });
      const [created] = await tx
        .insert(departments)
        .values({ ...data, sortOrder: await nextSortOrder(tx, data.parentId) })
        .returning({ id: departments.id });
      await writeAudit(tx, {
        actorId: actor.userId,
        actorName: actor.displayName,
        action: "admin.department.create",
        targetType: "department",
        targetId: created!.id,
        detail: { before: null, after: await departmentSnapshot(tx, created!.id) },
        ...meta,
      });
      return { id: created!.id };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw validation(NAME_TAKEN, { name: NAME_TAKEN });
      throw error;
    });
}
