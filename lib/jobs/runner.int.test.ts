import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { notifications, systemSettings, users } from "@/db/schema";
import { enqueueNotifications, usersById } from "@/lib/services/notifications/enqueue";
import { useTestDatabase } from "@/test/test-db";
import { startJobRunner, type JobRunner } from "./runner";

/**
 * The runner itself, on whichever database the int run uses: on PGlite pg-boss goes through the adapter
 * on the test's one connection (as in the app process); on the server through its own pool. A step's
 * notifications are delivered by the job within seconds (the enqueue nudges a run).
 */
describe("job runner", () => {
  let cleanup: () => Promise<void>;
  let runner: JobRunner | undefined;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    const db = await useTestDatabase();
    cleanup = db.cleanup;
    // The runner connects where the app would: the throw-away database on the server.
    if (db.url) process.env.DATABASE_URL = db.url;
    for (const [key, value] of Object.entries({ smsQuietStart: "00:00", smsQuietEnd: "00:00" })) {
      await getDb().insert(systemSettings).values({ key, value }).onConflictDoUpdate({ target: systemSettings.key, set: { value } });
    }
    vi.spyOn(console, "info").mockImplementation(() => {});
  });

  afterAll(async () => {
    await runner?.stop(5000);
    process.env.DATABASE_URL = savedUrl;
    vi.restoreAllMocks();
    await cleanup();
  });

  it("delivers a step's notifications through pg-boss and stops cleanly", async () => {
    runner = await startJobRunner({ role: "app" });
    const ids = await getDb().select({ id: users.id }).from(users).where(inArray(users.username, ["jw_jbr", "jw_ld"]));
    await getDb().transaction(async (tx) =>
      enqueueNotifications(tx, { kind: "dispatch", taskId: null, recipients: await usersById(tx, ids.map((r) => r.id)), vars: { 任务标题: "经由任务队列" }, sms: "all" }),
    );
    const deadline = Date.now() + 45_000;
    let sent = 0;
    while (Date.now() < deadline) {
      const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(notifications).where(eq(notifications.status, "sent"));
      sent = row!.n;
      if (sent === 4) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(sent).toBe(4);
    await runner.stop(5000);
    runner = undefined;
  }, 120_000);
});
