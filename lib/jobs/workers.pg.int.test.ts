import { spawn, type ChildProcess } from "node:child_process";
import { mobileColumns } from "@/lib/crypto/pii";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { notifications, systemSettings } from "@/db/schema";
import { useTestDatabase } from "@/test/test-db";

/**
 * Two real worker processes (`npm run worker`'s entry) on one PostgreSQL database, with many due SMS and
 * the scheduled jobs running: the gateway receives every message exactly once, and every scheduled
 * occurrence (pg-boss slot) exists once and ran once. PostgreSQL server only: PGlite is one process.
 */
const MESSAGES = 150;
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("two worker processes on one database", () => {
  let cleanup: () => Promise<void>;
  let url: string;
  let gateway: Server;
  const received = new Map<string, number>();
  const workers: ChildProcess[] = [];
  // Listened for from the spawn on: a worker that dies early is a failure with its output, not a time-out.
  const exits: Promise<number | null>[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    const db = await useTestDatabase({ demo: false });
    cleanup = db.cleanup;
    url = db.url!;
    gateway = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const { mobile } = JSON.parse(body) as { mobile: string };
        received.set(mobile, (received.get(mobile) ?? 0) + 1);
        // A little latency, so that runs overlap and claims compete.
        setTimeout(() => res.writeHead(200).end("{}"), 20);
      });
    });
    await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
    const settings = {
      smsProvider: "http",
      smsGatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
      // No quiet hours (the test runs at any time of day) and no cap in the way.
      smsQuietStart: "00:00",
      smsQuietEnd: "00:00",
      smsDailyCap: 1000,
    };
    for (const [key, value] of Object.entries(settings)) {
      await getDb().insert(systemSettings).values({ key, value }).onConflictDoUpdate({ target: systemSettings.key, set: { value } });
    }
    await getDb()
      .insert(notifications)
      .values(
        Array.from({ length: MESSAGES }, (_, i) => ({
          kind: "dispatch" as const,
          recipientName: `收件人${i}`,
          ...mobileColumns(`137${String(i).padStart(8, "0")}`),
          channel: "sms" as const,
          title: "测试",
          body: `第 ${i} 条`,
          nextAttemptAt: new Date(Date.now() - 1000),
        })),
      );
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
    gateway?.closeAllConnections();
    await new Promise((r) => gateway?.close(r));
    await cleanup?.();
  });

  it("delivers each message once and runs each scheduled occurrence once", async () => {
    for (let i = 0; i < 2; i++) {
      const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "lib/jobs/worker.ts"], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, JOBS_IN_APP: "false" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (d: Buffer) => output.push(`[w${i}] ${d}`));
      child.stderr!.on("data", (d: Buffer) => output.push(`[w${i}!] ${d}`));
      workers.push(child);
      exits.push(new Promise((r) => child.once("exit", (code) => r(code))));
    }
    const deadline = Date.now() + 120_000;
    let sent = 0;
    while (Date.now() < deadline) {
      const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(notifications).where(eq(notifications.status, "sent"));
      sent = row!.n;
      if (sent === MESSAGES) break;
      if (workers.some((w) => w.exitCode !== null)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(sent, output.join("")).toBe(MESSAGES);
    // Let a few more slots pass with both workers offering and fetching.
    await new Promise((r) => setTimeout(r, 12_000));

    expect(received.size).toBe(MESSAGES);
    expect([...received.values()].every((n) => n === 1)).toBe(true);

    const slots = (await getDb().execute(sql`
      select name, singleton_on, count(*)::int as jobs, sum(case when state = 'completed' then 1 else 0 end)::int as completed,
             max(retry_count)::int as retries
      from (select name, singleton_on, singleton_key, state, retry_count from pgboss.job
            union all select name, singleton_on, singleton_key, state, retry_count from pgboss.archive) j
      where singleton_key = name
      group by name, singleton_on order by name, singleton_on`)) as unknown as { name: string; jobs: number; completed: number; retries: number }[];
    const deliverSlots = slots.filter((s) => s.name === "notifications.deliver");
    expect(deliverSlots.length, JSON.stringify(slots)).toBeGreaterThanOrEqual(3);
    expect(slots.find((s) => s.name === "uploads.cleanup")).toBeDefined();
    for (const s of slots) {
      expect(s.jobs, JSON.stringify(s)).toBe(1);
      expect(s.retries).toBe(0);
    }
    // Every finished slot ran (the newest may still be waiting for its turn).
    expect(deliverSlots.slice(0, -1).every((s) => s.completed === 1), JSON.stringify(deliverSlots)).toBe(true);

    // Graceful stop on SIGTERM.
    for (const w of workers) w.kill("SIGTERM");
    expect(await Promise.all(exits), output.join("")).toEqual([0, 0]);
    expect(output.join("")).toContain("SIGTERM");
  }, 240_000);
});
