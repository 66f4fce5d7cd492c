import { mobileColumns } from "@/lib/crypto/pii";
import { getDb } from "@/db/client";
import { userRoles, users } from "@/db/schema";
import { DomainError, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { hashPassword } from "@/lib/auth/password";
import { writeAudit } from "../../audit";
import { checkImportRows, type CheckedImportRow } from "./import-check";
import { isUniqueViolation, type RequestMeta } from "./shared";
import { readUserSheet } from "./user-sheet";
import { userSnapshot } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

/** All rows are refused together; a row granting a role beyond the actor makes the whole import FORBIDDEN. */
function refuse(rows: CheckedImportRow[]): never {
  const bad = rows.filter((r) => r.errors.length > 0);
  const fieldErrors = Object.fromEntries(bad.map((r) => [`row-${r.rowNumber}`, r.errors.join("；")]));
  const forbidden = bad.filter((r) => r.forbidden);
  if (forbidden.length > 0) {
    throw new DomainError("FORBIDDEN", `有 ${forbidden.length} 行要授予您无权授予的角色，未导入任何用户`, { fieldErrors });
  }
  throw validation(`有 ${bad.length} 行存在错误，未导入任何用户。请修改后重新导入`, fieldErrors);
}

/**
 * 用户导入 (admin.users): creates every user of the sheet, all or nothing: any row with an error (or
 * a clash found while writing) leaves the database untouched. Imported users must change their
 * password at first login.
 */
export async function importUsers(
  actor: Actor,
  file: { bytes: ArrayBuffer | Uint8Array; defaultPassword?: string },
  meta: RequestMeta = {},
): Promise<{ created: number }> {
  assertCan(actor, "admin.users");
  const sheetRows = await readUserSheet(file.bytes);
  const defaultPassword = file.defaultPassword ?? "";
  const firstPass = await checkImportRows(getDb(), actor, sheetRows, defaultPassword);
  if (firstPass.some((r) => r.errors.length > 0)) refuse(firstPass);

  // Hash outside the transaction (≈30 ms each); a shared temporary password is hashed once.
  const hashes = new Map<string, string>();
  for (const row of firstPass) {
    const password = row.resolved!.password;
    if (!hashes.has(password)) hashes.set(password, await hashPassword(password));
  }

  return getDb()
    .transaction(async (tx) => {
      // Again inside the transaction: a unit or username may have changed since the first check.
      const rows = await checkImportRows(tx, actor, sheetRows, defaultPassword);
      if (rows.some((r) => r.errors.length > 0)) refuse(rows);
      for (const row of rows) {
        const { departmentId, roleIds, password } = row.resolved!;
        const [created] = await tx
          .insert(users)
          .values({
            username: row.username,
            displayName: row.displayName,
            ...mobileColumns(row.mobile),
            departmentId,
            smsRecipient: row.smsRecipient,
            passwordHash: hashes.get(password) ?? (await hashPassword(password)),
            mustChangePassword: true,
          })
          .returning({ id: users.id });
        await tx.insert(userRoles).values([...new Set(roleIds)].map((roleId) => ({ userId: created!.id, roleId })));
        await writeAudit(tx, {
          actorId: actor.userId,
          actorName: actor.displayName,
          action: "admin.user.import",
          targetType: "user",
          targetId: created!.id,
          detail: { before: null, after: await userSnapshot(tx, created!.id), row: row.rowNumber },
          ...meta,
        });
      }
      return { created: rows.length };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw validation("导入过程中有用户名已被他人占用，未导入任何用户。请重新预览后再导入");
      throw error;
    });
}
