import { writeFileSync } from "node:fs";
import path from "node:path";
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
        ["page", lane % 2 ? "/messages" : "/"],
        ...(lane < 2 ? ([["action", "/tasks/new"]] as [Sample["kind"], string][]) : []),
      ];
      for (let n = 0; running; n++) {
        const [kind, what] = round[n % round.length]!;
        await probe(user, kind, what, n);
        await sleep(100);
      }
    });

    await sleep(3_000);
    const downAt = Date.now();
    ctx.cluster.stop();
    await sleep(OUTAGE_MS);
    ctx.cluster.start();
    const upAt = Date.now();
    // Pages again: the first success of each kind after PostgreSQL accepted connections again.
    const recovered = await waitFor("pages after the restart", RECOVERY_MS, async () => {
      const ok = (kind: Sample["kind"]) => samples.some((s) => s.kind === kind && s.startedAt >= upAt && s.status === 200);
      return ok("page") && ok("api") && ok("action") ? Date.now() : undefined;
    }).catch(() => undefined);
    await sleep(3_000);
    running = false;
    await Promise.all(loads);

    // Every request with its timing, for a look when a verdict is unexpected (kept with FAULTS_KEEP=1).
    writeFileSync(path.join(ctx.base, "pgrestart-samples.json"), JSON.stringify({ downAt, upAt, recovered, samples }, null, 1));
    const during = samples.filter((s) => s.startedAt >= downAt + 500 && s.startedAt + s.ms <= upAt);
    const slow = during.filter((s) => s.ms > QUICK_MS || s.status === 0);
    v.check(during.length > 0, `${during.length} requests made while PostgreSQL was down (${OUTAGE_MS / 1000} s, pg_ctl stop -m fast)`);
    v.check(slow.length === 0, `every one answered within ${QUICK_MS / 1000} s (slowest ${Math.max(0, ...during.map((s) => s.ms))} ms)`, JSON.stringify(slow.slice(0, 3)));
    for (const kind of ["page", "api", "action"] as const) {
      const some = during.filter((s) => s.kind === kind);
      const unclear = some.filter((s) => !(s.explained && (kind === "page" ? s.status >= 500 : kind === "api" ? s.status === 503 : true)));
      const label = { page: `pages: status 5xx with the Chinese error page (“${PAGE_MESSAGE}”)`, api: `API: 503 JSON “${UNAVAILABLE}…”`, action: `server action: “${UNAVAILABLE}…，操作未完成”` }[kind];
      v.check(some.length > 0 && unclear.length === 0, `${label} (${some.length})`, JSON.stringify(unclear.slice(0, 2)));
    }
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
