import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { auth } from "./auth";
import { getDb } from "@/db/client";
import { loadActor } from "@/lib/data/actors";
import { assertCan } from "@/lib/domain/policy";
import type { Permission } from "@/lib/domain/permissions";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";

/**
 * The signed-in user, checked against the database on every request: a user disabled, logged out
 * elsewhere or whose password changed since the session was issued is no longer a viewer.
 */
export const getViewer = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const actor = await loadActor(getDb(), userId);
  const sessionVersion = (session as { sessionVersion?: number }).sessionVersion;
  if (!actor || !actor.enabled || actor.sessionVersion !== sessionVersion) return null;
  return actor;
});

/** For pages: the viewer, or a redirect to the login page (or the forced password change). */
export async function requireViewer(options: { allowMustChangePassword?: boolean } = {}): Promise<Actor> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login?expired=1");
  if (viewer.mustChangePassword && !options.allowMustChangePassword) redirect("/account/password?required=1");
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
  if (viewer.mustChangePassword) throw new DomainError("FORBIDDEN", "请先修改初始密码");
  if (permission) assertCan(viewer, permission);
  return viewer;
}
