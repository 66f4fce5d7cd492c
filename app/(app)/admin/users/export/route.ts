import { downloadViewer } from "@/lib/auth/download-viewer";
import { listAdminUsersForExport, parseUserFilters } from "@/lib/data/admin-users";
import { buildUserExport } from "@/lib/services/admin/users/user-sheet";
import { todayInShanghai } from "@/lib/domain/dates";
import { fileResponse, XLSX_TYPE } from "@/lib/http/file-response";

/** 导出 Excel of the user list with the same filters as the page (admin.users only). */
export async function GET(request: Request) {
  const viewer = await downloadViewer("admin.users");
  if (viewer instanceof Response) return viewer;
  const filters = parseUserFilters(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listAdminUsersForExport(viewer, filters);
  const body = await buildUserExport(rows);
  const stamp = todayInShanghai(new Date());
  return fileResponse(new Uint8Array(body), { filename: `用户列表-${stamp}.xlsx`, asciiFallback: `users-${stamp}.xlsx`, contentType: XLSX_TYPE });
}
