import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { validation, notFound, DomainError } from "@/lib/domain/errors";
import { holdsBackOfficePermission, type Actor } from "@/lib/domain/policy";
import { newTotpSecret, verifyTotp } from "@/lib/auth/totp";
import { writeAudit } from "../audit";
import { parseInput } from "../validation";
import { z } from "zod";

const codeSchema = z.object({ code: z.string({ error: "请输入 6 位动态口令" }).trim().regex(/^[0-9]{6}$/, "请输入 6 位动态口令") });

export const TOTP_CODE_WRONG = "动态口令不正确，请输入验证器上当前显示的 6 位数字";

function assertMayEnrol(actor: Actor) {
  // 等保: two factors for administrators. Other users have no need of it (and no enrolment page).
  if (!holdsBackOfficePermission(actor.permissions)) throw new DomainError("FORBIDDEN", "只有管理员需要绑定动态口令");
}

/**
 * 绑定动态口令, step 1: a fresh secret is stored unconfirmed (totp_enabled_at stays null, so logins do not
 * ask for it yet) and returned once for the QR code. Starting again replaces an unconfirmed secret.
 */
export async function startTotpEnrolment(actor: Actor): Promise<{ secret: string }> {
  assertMayEnrol(actor);
  const secret = newTotpSecret();
  await getDb().transaction(async (tx) => {
    const [user] = await tx.select({ totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, actor.userId)).for("update");
    if (!user) throw notFound("用户");
    if (user.totpEnabledAt) throw validation("已绑定动态口令；如需更换请联系系统管理员重置");
    await tx.update(users).set({ totpSecret: secret, totpLastStep: null }).where(eq(users.id, actor.userId));
  });
  return { secret };
}

/** 绑定动态口令, step 2: the first code from the app proves it holds the secret; from now on logins ask for codes. */
export async function confirmTotpEnrolment(
  actor: Actor,
  input: unknown,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  now = clockNow(),
): Promise<void> {
  assertMayEnrol(actor);
  const { code } = parseInput(codeSchema, input);
  await getDb().transaction(async (tx) => {
    const [user] = await tx
      .select({ totpSecret: users.totpSecret, totpEnabledAt: users.totpEnabledAt })
      .from(users)
      .where(eq(users.id, actor.userId))
      .for("update");
    if (!user) throw notFound("用户");
    if (user.totpEnabledAt) throw validation("已绑定动态口令");
    if (!user.totpSecret) throw validation("请先点击“开始绑定”并扫描二维码");
    const step = verifyTotp(user.totpSecret, code, now, null);
    if (step === null) throw validation(TOTP_CODE_WRONG, { code: TOTP_CODE_WRONG });
    await tx.update(users).set({ totpEnabledAt: now, totpLastStep: step }).where(eq(users.id, actor.userId));
    await writeAudit(tx, { actorId: actor.userId, actorName: actor.displayName, action: "auth.totp_enabled", ...meta });
  });
}
