import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userSessions } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";

/** 我的登录会话: the viewer's own open sessions, newest first (no one else's). */
export async function listMySessions(viewer: Actor) {
  return getDb()
    .select({ id: userSessions.id, createdAt: userSessions.createdAt, ip: userSessions.ip, userAgent: userSessions.userAgent, method: userSessions.method })
    .from(userSessions)
    .where(and(eq(userSessions.userId, viewer.userId), isNull(userSessions.revokedAt), eq(userSessions.secondFactorPending, false)))
    .orderBy(desc(userSessions.createdAt))
    .limit(50);
}
