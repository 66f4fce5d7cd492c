import { mobileColumns } from "@/lib/crypto/pii";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { assertCan } from "@/lib/domain/policy";
import { hashPassword } from "@/lib/auth/password";
import { writeAudit } from "../../audit";
import {
  checkboxSchema,
  displayNameSchema,
  generatePassword,
  idListField,
  isUniqueViolation,
  mobileSchema,
  parseInput,
  externalIdSchema,
  EXTERNAL_ID_TAKEN,
  EXTERNAL_ID_UNIQUE,
  usernameSchema,
  type RequestMeta,
  idField,
} from "./shared";
import { assertAssignableDepartment, assertRolesGrantable, assertUsernameFree, replaceUserRoles, userSnapshot } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  mobile: mobileSchema,
  departmentId: idField("请选择所属单位"),
  roleIds: idListField("角色选择有误"),
  smsRecipient: checkboxSchema,
  externalId: externalIdSchema,
  /** No local password: the user signs in only through the OA (needs an OA 账号). */
  ssoOnly: checkboxSchema,
  /** Empty → a temporary password is generated and returned once. */
  password: z.string().optional().transform((v) => v ?? ""),
});

/**
 * 用户管理 (admin.users): creates an enabled user in a unit with roles and a temporary password that
 * must be changed at first login. Returns the generated password when none was given.
 */
export async function createUser(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ id: string; temporaryPassword: string | null }> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);
  if (data.ssoOnly && !data.externalId) throw validation("仅从 OA 登录的用户须填写 OA 账号", { externalId: "仅从 OA 登录的用户须填写 OA 账号" });
  const generated = data.ssoOnly || data.password !== "" ? null : generatePassword();
  const password = generated ?? data.password;
  if (!data.ssoOnly) {
    const weakness = checkPasswordStrength(password, data.username);
    if (weakness) throw validation(weakness, { password: weakness });
  }
  if (data.smsRecipient && !data.mobile) throw validation("短信接收人须填写手机号码", { mobile: "短信接收人须填写手机号码" });
  const passwordHash = data.ssoOnly ? null : await hashPassword(password);

  // The unique index decides a race between two admins creating the same username at once.
  return getDb().transaction(async (tx) => {
    await assertUsernameFree(tx, data.username);
    await assertAssignableDepartment(tx, actor, data.departmentId);
    await assertRolesGrantable(tx, actor, data.roleIds);
    const [created] = await tx
      .insert(users)
      .values({
        username: data.username,
        displayName: data.displayName,
        ...mobileColumns(data.mobile),
        departmentId: data.departmentId,
        smsRecipient: data.smsRecipient,
        externalId: data.externalId,
        passwordHash,
        mustChangePassword: !data.ssoOnly,
      })
      .returning({ id: users.id });
    await replaceUserRoles(tx, created!.id, data.roleIds);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.user.create",
      targetType: "user",
      targetId: created!.id,
      detail: { before: null, after: await userSnapshot(tx, created!.id) },
      ...meta,
    });
    return { id: created!.id, temporaryPassword: generated };
  }).catch((error: unknown) => {
    if (isUniqueViolation(error, EXTERNAL_ID_UNIQUE)) throw validation(EXTERNAL_ID_TAKEN, { externalId: EXTERNAL_ID_TAKEN });
    if (isUniqueViolation(error)) throw validation("用户名已存在", { username: "用户名已存在" });
    throw error;
  });
}
