import { getViewer } from "@/lib/auth/viewer";
import { parseNotificationFilters } from "@/lib/data/notifications";
import { notificationExportResponse } from "@/lib/data/notification-export";

/**
 * 导出 Excel of 督查工作通知 with the page's filters: identity and 消息中心 permission here, the unit scope
 * in the read itself (lib/scope notificationInScope), so a unit's sheet holds only its own people's rows.
 */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return new Response("登录已失效，请重新登录", { status: 401 });
  if (viewer.mustChangePassword || !viewer.permissions.has("messages.view")) return new Response("您没有执行此操作的权限", { status: 403 });
  const filters = parseNotificationFilters(Object.fromEntries(new URL(request.url).searchParams));
  return notificationExportResponse(viewer, filters);
}
