import { getDb } from "@/db/client";
import { now as clockNow } from "@/lib/clock";
import { writeAudit } from "../audit";
import { revokeAllSessions } from "./open-session";
import type { Actor } from "@/lib/domain/policy";

/** 退出其他会话: ends every session of the user except this one (this browser stays signed in). */
export async function endOtherSessions(actor: Actor, currentSessionId: string, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<number> {
  return getDb().transaction(async (tx) => {
    const ended = await revokeAllSessions(tx, actor.userId, "user_ended", clockNow(), currentSessionId);
    await writeAudit(tx, { actorId: actor.userId, actorName: actor.displayName, action: "auth.sessions_ended", detail: { ended }, ...meta });
    return ended;
  });
}
