import { writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { sleep, sqlClient, startApp, UserSession, Verdict, waitFor } from "./harness";
import { draftFields, driveTask, formFacts } from "./workflow";
import type { FaultContext } from "./run";

/** An answer slower than this during the outage counts as a hang. */
const QUICK_MS = 5_000;
/** How long PostgreSQL stays down. */
const OUTAGE_MS = 10_000;
/** After PostgreSQL is back, pages must work again within this. */
const RECOVERY_MS = 20_000;

interface Sample {
  kind: "page" | "api" | "action";
  what: string;
  startedAt: number;
  ms: number;
  status: number;
  /** The answer said, in Chinese, that the database is unavailable / the page cannot be shown. */
  explained: boolean;
  error?: string;
}

const PAGE_MESSAGE = "页面暂时无法显示";
// As playwright.config.ts launches Debian's Chromium.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const UNAVAILABLE = "数据库暂时无法连接";

/**
 * PostgreSQL stopped (`pg_ctl stop -m fast`), kept down 10 s and started again while four users keep opening pages
 * (全部任务, 待办事项, the dashboard), polling the header badges (an API) and saving drafts (a server action):
 * - during the outage every request is answered within 5 s: a page with the Chinese error page (status 5xx),
 *   the API with 503 JSON, the action with its Chinese "nothing saved" message;
 * - afterwards pages, API and actions work again without restarting the app (its pool reconnects), within 20 s;
 * - the in-app job runner recovers: the notifications of a task dispatched after the restart are delivered.
 */
export async function restartPostgresUnderLoad(ctx: FaultContext): Promise<Verdict> {
  const v = new Verdict();
  const databaseUrl = await ctx.database("pgrestart");
  const options = {
    port: ctx.appPort + 1,
    databaseUrl,
    dataDir: path.join(ctx.base, "data"),
    storageDir: path.join(ctx.base, "pgrestart-files"),
    logFile: path.join(ctx.base, "pgrestart-app.log"),
  };
  const app = await startApp(options);
  let sql = sqlClient(databaseUrl);
  try {
    const facts = await formFacts(sql);
    await sql.end();
    const users = await Promise.all(["dcs_jbr", "dcs_jbr2", "jw_jbr", "mz_jbr"].map((u) => new UserSession(app.url, u).login()));
    const leader = await new UserSession(app.url, "dcs_ld").login();
    const { actionIds } = await import("./harness");
    const createId = actionIds().get("createTaskAction")!;

    const samples: Sample[] = [];
    let running = true;
    const probe = async (user: UserSession, kind: Sample["kind"], what: string, n: number) => {
      const startedAt = Date.now();
      try {
        if (kind === "action") {
          const outcome = await user.action(createId, "/tasks/new", draftFields(facts, `故障演练 pg-restart ${user.username}-${n}`), 30_000);
          const ok = Boolean(outcome.redirect);
          samples.push({ kind, what, startedAt, ms: Date.now() - startedAt, status: ok ? 200 : 503, explained: outcome.result?.message?.includes(UNAVAILABLE) ?? false });
          return;
        }
        const response = await user.fetch(what, { timeoutMs: 30_000 });
        const body = await response.text();
        const explained = kind === "api" ? body.includes(UNAVAILABLE) : body.includes(PAGE_MESSAGE);
        samples.push({ kind, what, startedAt, ms: Date.now() - startedAt, status: response.status, explained });
      } catch (error) {
        samples.push({ kind, what, startedAt, ms: Date.now() - startedAt, status: 0, explained: false, error: String(error) });
      }
    };
    const loads = users.map(async (user, lane) => {
      // The office clerks (lanes 0, 1) also save drafts; the unit clerks only read.
      const round: [Sample["kind"], string][] = [
        ["page", "/tasks"],
        ["api", "/api/badges"],
        ["page", lane % 2 ? "/messages/inbox" : "/"],
        ...(lane < 2 ? ([["action", "/tasks/new"]] as [Sample["kind"], string][]) : []),
      ];
      for (let n = 0; running; n++) {
        const [kind, what] = round[n % round.length]!;
        await probe(user, kind, what, n);
        await sleep(100);
      }
    });

    // What the user sees: Next renders the error page in the browser (the server sends the error shell and the
    // error in its payload), so a real browser, signed in as a clerk, opens 全部任务 during the outage and after it.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const context = await browser.newContext({ locale: "zh-CN" });
    await context.addCookies(users[0]!.cookieList());
    const tab = await context.newPage();
    const look = async () => {
      const started = Date.now();
      await tab.goto(`${app.url}/tasks`, { timeout: 15_000 });
      const error = tab.getByTestId("error-page");
      const list = tab.getByRole("heading", { name: "全部任务" });
      await error.or(list).first().waitFor({ timeout: 15_000 });
      return { ms: Date.now() - started, errorText: (await error.isVisible()) ? await error.innerText() : undefined };
    };

    // Once while PostgreSQL is up: the scripts are then cached, as in a user's browser that was already on the page.
    await look();
    await sleep(3_000);
    const downAt = Date.now();
    await ctx.cluster.stopAsync();
    const stoppedAt = Date.now();
    const inOutage = await look().catch((error: unknown) => ({ ms: -1, errorText: `(${String(error)})` }));
    await sleep(Math.max(0, downAt + OUTAGE_MS - Date.now()));
    await ctx.cluster.startAsync();
    const upAt = Date.now();
    // Pages again: the first success of each kind after PostgreSQL accepted connections again.
    const recovered = await waitFor("pages after the restart", RECOVERY_MS, async () => {
      const ok = (kind: Sample["kind"]) => samples.some((s) => s.kind === kind && s.startedAt >= upAt && s.status === 200);
      return ok("page") && ok("api") && ok("action") ? Date.now() : undefined;
    }).catch(() => undefined);
    await sleep(3_000);
    running = false;
    await Promise.all(loads);
    const afterwards = await look().catch((error: unknown) => ({ ms: -1, errorText: `(${String(error)})` }));
    await browser.close();

    // Every request with its timing, for a look when a verdict is unexpected (kept with FAULTS_KEEP=1).
    writeFileSync(path.join(ctx.base, "pgrestart-samples.json"), JSON.stringify({ downAt, upAt, recovered, samples }, null, 1));
    // From the moment PostgreSQL had stopped (pg_ctl returned) until it accepted connections again.
    const during = samples.filter((s) => s.startedAt >= stoppedAt && s.startedAt + s.ms <= upAt);
    const slow = during.filter((s) => s.ms > QUICK_MS || s.status === 0);
    v.check(during.length > 0, `${during.length} requests made while PostgreSQL was down (${OUTAGE_MS / 1000} s, pg_ctl stop -m fast)`);
    v.check(slow.length === 0, `every one answered within ${QUICK_MS / 1000} s (slowest ${Math.max(0, ...during.map((s) => s.ms))} ms)`, JSON.stringify(slow.slice(0, 3)));
    for (const kind of ["page", "api", "action"] as const) {
      const some = during.filter((s) => s.kind === kind);
      // A page's HTML is Next's error shell; its Chinese text is checked in the browser below.
      const unclear = some.filter((s) => !(kind === "page" ? s.status >= 500 : s.explained && (kind === "api" ? s.status === 503 : true)));
      const label = { page: "pages: status 5xx", api: `API: 503 JSON “${UNAVAILABLE}…”`, action: `server action: “${UNAVAILABLE}…，操作未完成”` }[kind];
      const ms = some.map((s) => s.ms).sort((a, b) => a - b);
      v.check(some.length > 0 && unclear.length === 0, `${label} (${some.length}, median ${ms[Math.floor(ms.length / 2)] ?? "?"} ms)`, JSON.stringify(unclear.slice(0, 2)));
    }
    v.check(
      inOutage.ms >= 0 && inOutage.ms <= QUICK_MS && Boolean(inOutage.errorText?.includes(PAGE_MESSAGE)),
      `in Chromium, 全部任务 during the outage shows the Chinese error page within ${QUICK_MS / 1000} s (${inOutage.ms} ms): “${inOutage.errorText?.split("\n").slice(0, 2).join(" ")}”`,
      JSON.stringify(inOutage),
    );
    v.check(afterwards.ms >= 0 && afterwards.errorText === undefined, "and after the restart the same tab shows the list again", JSON.stringify(afterwards));
    v.check(recovered !== undefined, `page, API and action worked again ${recovered ? ((recovered - upAt) / 1000).toFixed(1) : "?"} s after PostgreSQL was back, without restarting the app`);
    const tail = samples.filter((s) => recovered && s.startedAt > recovered);
    v.check(tail.length > 0 && tail.every((s) => s.status === 200), `all ${tail.length} requests after recovery succeeded`, JSON.stringify(tail.filter((s) => s.status !== 200).slice(0, 3)));

    // The job runner: a task dispatched now gets its notifications delivered by the in-app runner.
    const title = `故障演练 pg-restart 恢复后交办`;
    const end = await driveTask(users[0]!, leader, facts, title, () => {});
    v.check(end === "dispatched", "a task taken from 登记 to 交办 after the restart", end);
    sql = sqlClient(databaseUrl);
    const delivered = await waitFor("notifications delivered after the restart", 60_000, async () => {
      const [row] = await sql<{ total: number; sent: number }[]>`
        select count(*)::int as total, count(*) filter (where n.status = 'sent')::int as sent
        from notifications n join tasks t on t.id = n.task_id where t.title = ${title} and n.channel = 'in_app' and n.kind = 'dispatch'`;
      return row && row.total > 0 && row.sent === row.total ? row : undefined;
    }).catch(() => undefined);
    v.check(delivered !== undefined, `the job runner recovered: its ${delivered?.total ?? 0} 交办 notifications were delivered (pg-boss, in the app)`);
  } finally {
    await sql.end().catch(() => {});
    await app.stop();
  }
  return v;
}
