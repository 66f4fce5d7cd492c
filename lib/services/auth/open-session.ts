import { and, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { userSessions } from "@/db/schema";
import { writeAudit } from "../audit";

export interface OpenSessionInput {
  userId: string;
  actorName: string;
  method: string;
  /** The 动态口令 is still to be entered: the session is good only for the code step and not counted yet. */
  secondFactorPending: boolean;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Registers a new login (user_sessions) inside the login's transaction and returns its id, which the session
 * cookie carries. A completed login then applies the concurrent-session limit.
 */
export async function openSession(tx: DbOrTx, input: OpenSessionInput, maxSessions: number, now: Date): Promise<string> {
  const [row] = await tx
    .insert(userSessions)
    .values({
      userId: input.userId,
      method: input.method,
      secondFactorPending: input.secondFactorPending,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      createdAt: now,
      lastSeenAt: now,
    })
    .returning({ id: userSessions.id });
  if (!input.secondFactorPending) await enforceSessionLimit(tx, input, row!.id, maxSessions, now);
  return row!.id;
}

/**
 * 同时在线会话数上限 (0 = none): keeps the newest `maxSessions` completed sessions of the user — `keepId`, the
 * login being completed, always among them — and revokes the older ones (reason `session_limit`: that browser
 * reads "您的账号已在其他地方登录" at its next request). A session still waiting for its 动态口令 is not counted.
 */
export async function enforceSessionLimit(
  tx: DbOrTx,
  who: Pick<OpenSessionInput, "userId" | "actorName" | "ip" | "userAgent">,
  keepId: string,
  maxSessions: number,
  now: Date,
): Promise<void> {
  if (maxSessions <= 0) return;
  const others = await tx
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(and(eq(userSessions.userId, who.userId), isNull(userSessions.revokedAt), eq(userSessions.secondFactorPending, false), ne(userSessions.id, keepId)))
    .orderBy(desc(userSessions.createdAt), desc(userSessions.id))
    .for("update");
  const surplus = others.slice(Math.max(0, maxSessions - 1)).map((s) => s.id);
  if (surplus.length === 0) return;
  await tx.update(userSessions).set({ revokedAt: now, revokedReason: "session_limit" }).where(inArray(userSessions.id, surplus));
  await writeAudit(tx, {
    action: "auth.session_displaced",
    actorId: who.userId,
    actorName: who.actorName,
    ip: who.ip,
    userAgent: who.userAgent,
    detail: { ended: surplus.length, limit: maxSessions },
  });
}

/** Ends every open session of a user (logout, password change): `reason` is kept on the rows. */
export async function revokeAllSessions(tx: DbOrTx, userId: string, reason: string, now: Date, exceptId?: string): Promise<number> {
  const conditions = [eq(userSessions.userId, userId), isNull(userSessions.revokedAt)];
  if (exceptId) conditions.push(ne(userSessions.id, exceptId));
  const ended = await tx.update(userSessions).set({ revokedAt: now, revokedReason: reason }).where(and(...conditions)).returning({ id: userSessions.id });
  return ended.length;
}
