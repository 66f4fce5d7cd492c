import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { auth } from "./auth";
import { getDb } from "@/db/client";
import { loadSessionActor } from "@/lib/data/actors";
import { assertCan } from "@/lib/domain/policy";
import type { Permission } from "@/lib/domain/permissions";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { restrictedReason } from "@/lib/domain/session";

/**
 * The session cookie checked against the database (one statement, lib/services/actors.ts): `active` with the
 * viewer; `pending` when the 动态口令 is still to be entered (the actor is given only to the code step);
 * `displaced` when the concurrent-session limit ended this session for a newer login; `none` otherwise
 * (no cookie, a user disabled, logged out, password changed, an unknown or revoked session).
 */
export type ViewerCheck =
  | { state: "active"; viewer: Actor; sessionId: string }
  | { state: "pending"; viewer: null; actor: Actor; sessionId: string }
  | { state: "displaced" | "none"; viewer: null };

export const checkViewer = cache(async (): Promise<ViewerCheck> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = (session as { sessionId?: string } | null)?.sessionId ?? null;
  if (!userId || !sessionId) return { state: "none", viewer: null };
  const loaded = await loadSessionActor(getDb(), userId, sessionId);
  const sessionVersion = (session as { sessionVersion?: number }).sessionVersion;
  if (!loaded || !loaded.actor.enabled || loaded.actor.sessionVersion !== sessionVersion) return { state: "none", viewer: null };
  if (loaded.sessionState === "active") return { state: "active", viewer: loaded.actor, sessionId };
  if (loaded.sessionState === "pending") return { state: "pending", viewer: null, actor: loaded.actor, sessionId };
  if (loaded.sessionState === "session_limit") return { state: "displaced", viewer: null };
  return { state: "none", viewer: null };
});

/**
 * The signed-in user, checked against the database on every request: a user disabled, logged out
 * elsewhere, whose password changed, whose session was ended (session limit, 退出其他会话) or whose
 * 动态口令 is still to be entered is no longer a viewer.
 */
export const getViewer = cache(async (): Promise<Actor | null> => (await checkViewer()).viewer);


/** For pages: the viewer, or a redirect to the login page (the code step, or the forced password change / enrolment). */
export async function requireViewer(options: { allowMustChangePassword?: boolean } = {}): Promise<Actor> {
  const check = await checkViewer();
  if (check.state === "pending") redirect("/login/totp");
  if (check.state === "displaced") redirect("/login?displaced=1");
  if (!check.viewer) redirect("/login?expired=1");
  const viewer = check.viewer;
  const restricted = restrictedReason(viewer);
  if (restricted && !options.allowMustChangePassword) redirect(restricted === "totp" ? "/account/password?totp=required" : "/account/password?required=1");
  return viewer;
}

/** For pages that need one permission: anyone else gets the 无权访问 page with HTTP 403. */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const viewer = await requireViewer();
  if (!viewer.permissions.has(permission)) forbidden();
  return viewer;
}

/** For server actions and route handlers: throws a DomainError instead of redirecting. */
export async function actingViewer(permission?: Permission): Promise<Actor> {
  const viewer = await getViewer();
  if (!viewer) throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
  const restricted = restrictedReason(viewer);
  if (restricted === "password") throw new DomainError("FORBIDDEN", viewer.passwordExpired && !viewer.mustChangePassword ? "密码已过期，请先修改密码" : "请先修改初始密码");
  if (restricted === "totp") throw new DomainError("FORBIDDEN", "请先启用双因素认证（动态口令）");
  if (permission) assertCan(viewer, permission);
  return viewer;
}
