import { sql } from "drizzle-orm";
import { getDatabaseHandle } from "@/db/client";
import { getViewer } from "@/lib/auth/viewer";
import { restrictedReason } from "@/lib/domain/session";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * Liveness + database reachability for the intranet's monitoring. Anyone gets only ok / error; the
 * detail (driver, latency) is for a signed-in holder of 系统参数, since it tells an outsider what runs here.
 */
export async function GET() {
  const started = Date.now();
  let detail: { database: string; driver?: string; latencyMs?: number };
  let ok: boolean;
  try {
    const handle = getDatabaseHandle();
    await handle.db.execute(sql`select 1`);
    ok = true;
    detail = { database: "ok", driver: handle.driver, latencyMs: Date.now() - started };
  } catch (error) {
    console.error("[health] database unreachable", error);
    ok = false;
    detail = { database: "unreachable" };
  }
  const status = ok ? "ok" : "error";
  const viewer = ok ? await getViewer().catch(() => null) : null;
  const body = viewer?.permissions.has("admin.settings") && !restrictedReason(viewer) ? { status, ...detail } : { status };
  return Response.json(body, { status: ok ? 200 : 503, headers: noStore });
}
