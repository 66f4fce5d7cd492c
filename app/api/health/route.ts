import { sql } from "drizzle-orm";
import { getDatabaseHandle } from "@/db/client";

export const dynamic = "force-dynamic";

/** Liveness + database reachability for the intranet's monitoring. Reveals nothing else. */
export async function GET() {
  const started = Date.now();
  try {
    const handle = getDatabaseHandle();
    await handle.db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: "ok", driver: handle.driver, latencyMs: Date.now() - started });
  } catch (error) {
    console.error("[health] database unreachable", error);
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
