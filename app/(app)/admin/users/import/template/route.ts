import { getViewer } from "@/lib/auth/viewer";
import { userFormOptions } from "@/lib/data/admin-users";
import { buildImportTemplate } from "@/lib/services/admin/users/user-sheet";

/** The 用户导入 template, with the current units and roles listed on a second sheet (admin.users only). */
export async function GET() {
  const viewer = await getViewer();
  if (!viewer) return new Response("登录已失效，请重新登录", { status: 401 });
  if (viewer.mustChangePassword || !viewer.permissions.has("admin.users")) return new Response("您没有执行此操作的权限", { status: 403 });
  const { units, roles } = await userFormOptions(viewer);
  const body = await buildImportTemplate({ units: units.filter((u) => !u.isGroup && u.enabled).map((u) => u.name), roles: roles.map((r) => r.name) });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="user-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent("用户导入模板.xlsx")}`,
      "Cache-Control": "no-store",
    },
  });
}
