import { downloadViewer } from "@/lib/auth/download-viewer";
import { userFormOptions } from "@/lib/data/admin-users";
import { buildImportTemplate } from "@/lib/services/admin/users/user-sheet";

/** The 用户导入 template, with the current units and roles listed on a second sheet (admin.users only). */
export async function GET() {
  const viewer = await downloadViewer("admin.users");
  if (viewer instanceof Response) return viewer;
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
