import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Re-derives calendar_days (the 工作日历 in SQL, with its running working-day number) from the stored
 * exceptions, in the caller's transaction: every writer of work_calendar_days (seed, 导入法定节假日, set and
 * reset a day) calls this after writing, so lists, lights and the reminder scan never see a stale number.
 * One set-based statement (the SQL function rebuild_calendar_days, migration 0008); rows whose value did not
 * change are not rewritten. The advisory lock serialises two edits at once: the second rebuild starts after
 * the first commits and so numbers from both exceptions.
 *
 * `cover`: dates that must lie inside the table (it is widened to them; 2015…2045 is always covered).
 */
export async function rebuildCalendarDays(db: DbOrTx, cover: readonly string[] = []): Promise<void> {
  const sorted = [...cover].sort();
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('calendar_days'))`);
  await db.execute(sql`select rebuild_calendar_days(${sorted[0] ?? null}::date, ${sorted.at(-1) ?? null}::date)`);
}
