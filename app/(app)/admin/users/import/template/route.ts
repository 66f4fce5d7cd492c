import { downloadViewer } from "@/lib/auth/download-viewer";
import { userFormOptions } from "@/lib/data/admin-users";
import { buildImportTemplate } from "@/lib/services/admin/users/user-sheet";
import { fileResponse, XLSX_TYPE } from "@/lib/http/file-response";

/** The 用户导入 template, with the current units and roles listed on a second sheet (admin.users only). */
export async function GET() {
  const viewer = await downloadViewer("admin.users");
  if (viewer instanceof Response) return viewer;
  const { units, roles } = await userFormOptions(viewer);
  const body = await buildImportTemplate({ units: units.filter((u) => !u.isGroup && u.enabled).map((u) => u.name), roles: roles.map((r) => r.name) });
  return fileResponse(new Uint8Array(body), { filename: "用户导入模板.xlsx", asciiFallback: "user-import-template.xlsx", contentType: XLSX_TYPE });
}
