import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { writeAudit } from "../audit";
import { now as clockNow } from "@/lib/clock";
import { revokeAllSessions } from "./open-session";
import type { Actor } from "@/lib/domain/policy";

/**
 * 用户注销: ends every session of the user (the session version moves on, so a copied cookie is dead
 * too) and records it.
 */
export async function logout(actor: Actor, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  await getDb().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, actor.userId));
    await revokeAllSessions(tx, actor.userId, "logout", clockNow());
    await writeAudit(tx, { actorId: actor.userId, actorName: actor.displayName, action: "auth.logout", ...meta });
  });
}
