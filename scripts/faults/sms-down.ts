import { createServer, type Server } from "node:http";
import path from "node:path";
import { sleep, sqlClient, startApp, UserSession, Verdict, waitFor } from "./harness";
import { driveTask, formFacts } from "./workflow";
import type { FaultContext } from "./run";

/** How long the gateway stays down while steps keep queueing SMS. */
const OUTAGE_MS = 20_000;
/**
 * The first retry waits 1 minute (lib/domain/delivery.ts: 1, 2, 4 … minutes), so an SMS that failed once goes out
 * about a minute later: the check waits for it on the real clock, nothing is shortened.
 */
const DELIVERY_WAIT_MS = 150_000;

/** The intranet SMS gateway, as the http provider calls it: POST {mobile, content}; it can be taken down and up. */
class GatewayStandIn {
  readonly received: { mobile: string; content: string }[] = [];
  private server: Server | undefined;
  constructor(readonly port: number) {}

  get url() {
    return `http://127.0.0.1:${this.port}/sms`;
  }

  /** Up: accepts every message. Down: the port is closed (connection refused), as when the gateway host is off. */
  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const message = JSON.parse(body) as { mobile: string; content: string };
        this.received.push(message);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `gw-${this.received.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * The SMS gateway down for 20 s while two clerk/leader pairs dispatch tasks (each 交办 queues SMS for the units'
 * 短信接收人), then up again:
 * - during the outage the deliveries fail and are kept for a retry (attempts ≥ 1, the reason recorded), none given up;
 * - after it recovers every SMS is delivered: each row `sent`, the gateway received exactly one message per row,
 *   none twice, none missing (compared by number and text).
 */
export async function smsGatewayDown(ctx: FaultContext): Promise<Verdict> {
  const v = new Verdict();
  const databaseUrl = await ctx.database("smsdown");
  const gateway = new GatewayStandIn(ctx.appPort + 30);
  const sql = sqlClient(databaseUrl);
  // 系统参数 as an administrator would set them: the http gateway, no quiet hours (the check may run at night), a
  // daily cap the burst cannot reach.
  const settings: Record<string, unknown> = { smsProvider: "http", smsGatewayUrl: gateway.url, smsTimeoutSeconds: 3, smsQuietStart: "00:00", smsQuietEnd: "00:00", smsDailyCap: 1000 };
  for (const [key, value] of Object.entries(settings)) {
    await sql`insert into system_settings (key, value) values (${key}, ${sql.json(value as never)})
              on conflict (key) do update set value = excluded.value, version = system_settings.version + 1`;
  }
  const app = await startApp({
    port: ctx.appPort + 2,
    databaseUrl,
    dataDir: path.join(ctx.base, "data"),
    storageDir: path.join(ctx.base, "smsdown-files"),
    logFile: path.join(ctx.base, "smsdown-app.log"),
  });
  try {
    const facts = await formFacts(sql);
    const reviewers = new Map((await sql<{ username: string; id: string }[]>`select username, id from users where username in ('dcs_ld', 'dcs_ld2')`).map((r) => [r.username, r.id]));
    const pairs = await Promise.all(
      [["dcs_jbr", "dcs_ld"], ["dcs_jbr2", "dcs_ld2"]].map(async ([c, l]) => [await new UserSession(app.url, c!).login(), await new UserSession(app.url, l!).login()] as const),
    );

    // The gateway is down from the start; steps go on for the outage's length.
    const downUntil = Date.now() + OUTAGE_MS;
    let dispatched = 0;
    await Promise.all(
      pairs.map(async ([clerk, leader], lane) => {
        for (let n = 0; Date.now() < downUntil - 3_000; n++) {
          const end = await driveTask(clerk, leader, { ...facts, reviewerId: reviewers.get(leader.username)! }, `故障演练 sms-down ${lane}-${n}`, () => {});
          if (end !== "dispatched") throw new Error(`lane ${lane}: ${end}`);
          dispatched++;
        }
      }),
    );
    const smsRows = () => sql<{ status: string; attempts: number; last_error: string | null }[]>`
      select n.status::text, n.attempts, n.last_error from notifications n join tasks t on t.id = n.task_id
      where t.title like '故障演练 sms-down %' and n.channel = 'sms' and n.status <> 'unreachable'`;
    // Every SMS has been tried against the dead gateway at least once before it comes back.
    const tried = await waitFor("a first, failing attempt of every SMS", Math.max(15_000, downUntil - Date.now() + 15_000), async () => {
      const rows = await smsRows();
      return rows.length > 0 && rows.every((r) => r.attempts >= 1) ? rows : undefined;
    }).catch(() => undefined);
    await sleep(Math.max(0, downUntil - Date.now()));
    const failedOnce = tried?.filter((r) => r.status === "queued" && r.last_error?.includes("无法连接短信网关")) ?? [];
    v.check(
      Boolean(tried) && failedOnce.length === tried!.length && gateway.received.length === 0,
      `${dispatched} tasks dispatched while the gateway was down ${OUTAGE_MS / 1000} s: all ${tried?.length ?? 0} SMS failed, kept queued for a retry (“无法连接短信网关…”)`,
      JSON.stringify(tried?.filter((r) => !failedOnce.includes(r)).slice(0, 3)),
    );

    await gateway.up();
    const upAt = Date.now();
    const done = await waitFor("every SMS sent after the gateway recovered", DELIVERY_WAIT_MS, async () => {
      const rows = await smsRows();
      return rows.length > 0 && rows.every((r) => r.status === "sent") ? rows : undefined;
    }, 1_000).catch(() => undefined);
    const rows = await smsRows();
    v.check(Boolean(done), `all ${rows.length} SMS sent ${((Date.now() - upAt) / 1000).toFixed(0)} s after the gateway recovered (first retry after 1 min)`, JSON.stringify(rows.filter((r) => r.status !== "sent").slice(0, 3)));
    await sleep(7_000); // one more delivery slot: a duplicate send would show up now
    const distinct = new Set(gateway.received.map((m) => `${m.mobile}\n${m.content}`));
    v.check(gateway.received.length === rows.length, `the gateway received exactly ${rows.length} messages, one per SMS row`, `received ${gateway.received.length}`);
    v.check(distinct.size === gateway.received.length, "none twice (number + text distinct)", `${gateway.received.length - distinct.size} duplicates`);
    const perTask = gateway.received.filter((m) => /故障演练 sms-down \d+-\d+/.test(m.content));
    v.check(perTask.length === gateway.received.length, "every message names its task");
  } finally {
    await gateway.down();
    await app.stop();
    await sql.end();
  }
  return v;
}
