import { getViewer } from "@/lib/auth/viewer";
import { restrictedReason } from "@/lib/domain/session";
import { headerCounts } from "@/lib/data/badges";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/domain/errors";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * The header's counts, polled by the browser: `{ todo, unread }` (待办事项, unread 我的消息). The badge
 * component renders a count only when its field is present.
 */
export async function GET() {
  try {
    const viewer = await getViewer();
    if (!viewer) return Response.json({ error: "登录已失效，请重新登录" }, { status: 401, headers: noStore });
    if (restrictedReason(viewer)) return Response.json({ error: "请先修改初始密码" }, { status: 403, headers: noStore });
    return Response.json(await headerCounts(viewer), { headers: noStore });
  } catch (error) {
    // Polled every minute by every open page: while the database restarts, a clear 503 rather than Next's bare 500.
    if (!isDatabaseUnavailable(error)) throw error;
    return Response.json({ error: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503, headers: { ...noStore, "Retry-After": "10" } });
  }
}
