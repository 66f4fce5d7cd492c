import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { roles } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { isUniqueViolation, parseInput, type RequestMeta } from "../users/shared";
import { assertRoleChangeAllowed, dataScopeSchema, descriptionSchema, permissionListSchema, replaceRolePermissions, roleNameSchema, roleSnapshot } from "./role-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  name: roleNameSchema,
  description: descriptionSchema,
  dataScope: dataScopeSchema,
  permissions: permissionListSchema,
});

/** 角色管理 (admin.roles): creates a custom role with a data scope and a set of permissions. */
export async function createRole(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ id: string }> {
  assertCan(actor, "admin.roles");
  const data = parseInput(schema, input);
  return getDb()
    .transaction(async (tx) => {
      await assertRoleChangeAllowed(tx, actor, data, null);
      const [clash] = await tx.select({ id: roles.id }).from(roles).where(sql`${roles.name} = ${data.name}`);
      if (clash) throw validation("角色名称已存在", { name: "角色名称已存在" });
      const [created] = await tx
        .insert(roles)
        .values({ code: `custom_${randomBytes(5).toString("hex")}`, name: data.name, description: data.description, dataScope: data.dataScope, builtIn: false })
        .returning({ id: roles.id });
      await replaceRolePermissions(tx, created!.id, data.permissions);
      await writeAudit(tx, {
        actorId: actor.userId,
        actorName: actor.displayName,
        action: "admin.role.create",
        targetType: "role",
        targetId: created!.id,
        detail: { before: null, after: await roleSnapshot(tx, created!.id) },
        ...meta,
      });
      return { id: created!.id };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw validation("角色名称已存在", { name: "角色名称已存在" });
      throw error;
    });
}
