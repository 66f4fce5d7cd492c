import { getViewer } from "@/lib/auth/viewer";
import { listAdminUsersForExport, parseUserFilters } from "@/lib/data/admin-users";
import { buildUserExport } from "@/lib/services/admin/users/user-sheet";
import { todayInShanghai } from "@/lib/domain/dates";

/** 导出 Excel of the user list with the same filters as the page (admin.users only). */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return new Response("登录已失效，请重新登录", { status: 401 });
  if (viewer.mustChangePassword || !viewer.permissions.has("admin.users")) return new Response("您没有执行此操作的权限", { status: 403 });
  const filters = parseUserFilters(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listAdminUsersForExport(viewer, filters);
  const body = await buildUserExport(rows);
  const stamp = todayInShanghai(new Date());
  const filename = encodeURIComponent(`用户列表-${stamp}.xlsx`);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="users-${stamp}.xlsx"; filename*=UTF-8''${filename}`,
      "Cache-Control": "no-store",
    },
  });
}
