import "server-only";
import type { Permission } from "@/lib/domain/permissions";
import type { Actor } from "@/lib/domain/policy";
import { restrictedReason } from "@/lib/domain/session";
import { getViewer } from "./viewer";

/**
 * For route handlers that answer with a file (exports, templates): the viewer holding `permission`, or the
 * plain-text 401/403 response to return as it is. Unit scope is then applied by the read itself (lib/scope).
 */
export async function downloadViewer(permission: Permission): Promise<Actor | Response> {
  const viewer = await getViewer();
  if (!viewer) return new Response("登录已失效，请重新登录", { status: 401 });
  if (restrictedReason(viewer) || !viewer.permissions.has(permission)) return new Response("您没有执行此操作的权限", { status: 403 });
  return viewer;
}
