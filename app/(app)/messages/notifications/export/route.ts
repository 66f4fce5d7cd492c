import { downloadViewer } from "@/lib/auth/download-viewer";
import { parseNotificationFilters } from "@/lib/data/notifications";
import { notificationExportResponse } from "@/lib/data/notification-export";

/**
 * 导出 Excel of 督查工作通知 with the page's filters: identity and 消息中心 permission here, the unit scope
 * in the read itself (lib/scope notificationInScope), so a unit's sheet holds only its own people's rows.
 */
export async function GET(request: Request) {
  const viewer = await downloadViewer("messages.view");
  if (viewer instanceof Response) return viewer;
  const filters = parseNotificationFilters(Object.fromEntries(new URL(request.url).searchParams));
  return notificationExportResponse(viewer, filters);
}
