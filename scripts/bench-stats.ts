/**
 * npm run bench:stats [-- --sizes 10000,100000,1000000] [--only stats/] — server time of every page at scale, full HTML.
 * `--only` keeps the pages whose label contains the text (the framework floor is always measured).
 *
 * For each size (assignments; default all three): the database dcdb_perf_<10k|100k|1m> on the server DATABASE_URL
 * points at is filled by the data generator (scripts/lib/bulk-data.ts) — or reused as it is with BENCH_KEEP=1 when
 * it already holds generated data (it is then kept, never dropped). The built app (`npm run build` first) is started
 * with server.mjs on BENCH_PORT (default 3314) against it, each user signs in through the Auth.js credentials
 * endpoint (a real session cookie), and every page of PAGES is requested BENCH_N times (default 30, after two
 * warm-up requests). Printed per page: p50/p95 of the full HTML response, and beside it the floor: the page's core
 * data function timed in this process against the same database (its SQL alone, no rendering), the framework
 * floor (/api/health, a page-less round trip through the same server) and the shell floor (/account/password: the
 * signed-in shell with no data of its own); the last column is the page's p50 above the shell floor over its SQL p50. A page this branch does not have (404)
 * prints "n/a": the list is data, the statistics pages arrive from other branches.
 *
 * Prints figures; asserts nothing. Run under --conditions=react-server (the npm script does) so the data
 * functions load outside Next.
 */
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { openPostgres, setDatabaseHandle } from "@/db/client";
import { loadActorByUsername } from "@/lib/services/actors";
import type { Actor } from "@/lib/domain/policy";
import { listTasks } from "@/lib/data/tasks/list-tasks";
import { listAssignments } from "@/lib/data/tasks/list-assignments";
import { countWorkQueues } from "@/lib/data/tasks/work-queues";
import { parseAssignmentListParams, parseTaskListParams } from "@/lib/data/task-filters";
import { intEnv, percentile } from "./lib/bench-common";
import { prepareGeneratedDatabase, signIn, sizeLabel as label, startServer, stopServer } from "./lib/bench-server";
import { supervisionStats, dimensionStats } from "@/lib/data/stats/tables";
import { listStatsAssignments } from "@/lib/data/stats/assignments";
import { parseStatsQuery } from "@/lib/data/stats/params";
import { parseScorePeriod, scoreRanking, unitScoreLedger } from "@/lib/data/stats/scores";
import { getDashboard } from "@/lib/data/dashboard";

/** The current month as statistics URL parameters (the "one month" filter). */
const MONTH = { period: "month", month: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7) };
const statsFilters = (q: Record<string, string>) => parseStatsQuery(q, new Date()).filters;

const N = intEnv("BENCH_N", 30);
const PORT = intEnv("BENCH_PORT", 3314);
const BASE = `http://127.0.0.1:${PORT}`;
const UNIT_USER = "gen_jbr_150";

type Ids = {
  urgency: string;
  source: string;
  category: string;
  type: string;
  /** The unit of UNIT_USER (its 绩效明细 page). */
  unit: string;
};
type Floor = (viewer: (username: string) => Actor, ids: Ids) => Promise<unknown>;
interface PageSpec {
  label: string;
  user: string;
  path: (ids: Ids) => string;
  floor?: Floor;
}

const tp = (q: Record<string, string>) => parseTaskListParams(q);
const ap = (q: Record<string, string>) => parseAssignmentListParams(q);
const taskPage = (label: string, query: (ids: Ids) => Record<string, string>): PageSpec => ({
  label,
  user: "dcs_jbr",
  path: (ids) => `/tasks${Object.keys(query(ids)).length ? `?${new URLSearchParams(query(ids))}` : ""}`,
  floor: (v, ids) => listTasks(v("dcs_jbr"), "all", tp(query(ids))),
});
const monthAgo = () => {
  const d = new Date(Date.now() - 30 * 86400_000);
  return d.toISOString().slice(0, 10);
};

/** Every page measured (a page that answers 404 prints n/a). */
const PAGES: PageSpec[] = [
  { label: "framework floor /api/health", user: "dcs_jbr", path: () => "/api/health" },
  // The shell floor: the smallest page inside the signed-in shell (session, viewer, header badges, navigation) with
  // no data of its own. What a page costs beyond it is its own work.
  { label: "shell floor /account/password", user: "dcs_jbr", path: () => "/account/password" },
  { label: "home (office clerk)", user: "dcs_jbr", path: () => "/", floor: (v) => countWorkQueues(v("dcs_jbr")) },
  taskPage("/tasks first page", () => ({})),
  taskPage("/tasks deep page (200)", () => ({ page: "200" })),
  taskPage("/tasks last page", () => ({ page: "100000" })),
  taskPage("/tasks search 教育", () => ({ q: "教育" })),
  taskPage("/tasks search 电梯加装", () => ({ q: "电梯加装" })),
  taskPage("/tasks search unit 朝天门", () => ({ q: "朝天门" })),
  taskPage("/tasks status=in_progress", () => ({ status: "in_progress" })),
  taskPage("/tasks urgency", (ids) => ({ urgency: ids.urgency })),
  taskPage("/tasks source", (ids) => ({ source: ids.source })),
  taskPage("/tasks category", (ids) => ({ category: ids.category })),
  taskPage("/tasks type", (ids) => ({ type: ids.type })),
  taskPage("/tasks light=red", () => ({ light: "red" })),
  taskPage("/tasks created ≥ month ago", () => ({ from: monthAgo() })),
  taskPage("/tasks sort=light", () => ({ sort: "light" })),
  taskPage("/tasks sort=deadline", () => ({ sort: "deadline" })),
  { label: "/tasks/feedback", user: "dcs_jbr", path: () => "/tasks/feedback", floor: (v) => listAssignments(v("dcs_jbr"), "feedback", ap({})) },
  { label: "unit /assignments", user: UNIT_USER, path: () => "/assignments", floor: (v) => listAssignments(v(UNIT_USER), "handle", ap({})) },
  {
    label: "unit /assignments/tracking",
    user: UNIT_USER,
    path: () => "/assignments/tracking",
    floor: (v) => listAssignments(v(UNIT_USER), "tracking", ap({})),
  },
  { label: "/stats/supervision (this year)", user: "dcs_jbr", path: () => "/stats/supervision", floor: (v) => supervisionStats(v("dcs_jbr"), statsFilters({})) },
  {
    label: "/stats/supervision (one month)",
    user: "dcs_jbr",
    path: () => `/stats/supervision?${new URLSearchParams(MONTH)}`,
    floor: (v) => supervisionStats(v("dcs_jbr"), statsFilters(MONTH)),
  },
  {
    label: "/stats/supervision (unit viewer)",
    user: UNIT_USER,
    path: () => "/stats/supervision",
    floor: (v) => supervisionStats(v(UNIT_USER), statsFilters({})),
  },
  {
    label: "/stats/assignments overdue_open",
    user: "dcs_jbr",
    path: () => "/stats/assignments?metric=overdue_open",
    floor: (v) => listStatsAssignments(v("dcs_jbr"), statsFilters({}), "overdue_open", 1),
  },
  { label: "/stats/business", user: "dcs_jbr", path: () => "/stats/business", floor: (v) => dimensionStats("type", v("dcs_jbr"), statsFilters({})) },
  {
    label: "/stats/scores (this month)",
    user: "dcs_jbr",
    path: () => "/stats/scores",
    floor: (v) => scoreRanking(v("dcs_jbr"), parseScorePeriod({}, new Date())),
  },
  {
    label: "/stats/scores (this year)",
    user: "dcs_jbr",
    path: () => "/stats/scores?period=year",
    floor: (v) => scoreRanking(v("dcs_jbr"), parseScorePeriod({ period: "year" }, new Date())),
  },
  {
    label: "/stats/scores/<unit> (this year)",
    user: "dcs_jbr",
    path: (ids) => `/stats/scores/${ids.unit}?period=year`,
    // The page reads the unit's ledger and the ranking (for its place) side by side.
    floor: (v, ids) => {
      const period = parseScorePeriod({ period: "year" }, new Date());
      return Promise.all([unitScoreLedger(v("dcs_jbr"), ids.unit, period), scoreRanking(v("dcs_jbr"), period)]);
    },
  },
  { label: "dashboard: home (dcs_ld)", user: "dcs_ld", path: () => "/", floor: (v) => getDashboard(v("dcs_ld")) },
];

/** `--only text`: only the pages whose label contains it (and the framework floor). */
function selected(spec: PageSpec): boolean {
  const args = process.argv.slice(2);
  const i = args.indexOf("--only");
  const only = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith("--only="))?.split("=")[1];
  return !only || spec.label.includes(only) || spec.label.includes(" floor ");
}

function sizesFromArgs(): number[] {
  const args = process.argv.slice(2);
  const i = args.indexOf("--sizes");
  const raw = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith("--sizes="))?.split("=")[1];
  const sizes = (raw ?? "10000,100000,1000000").split(",").map((s) => Number(s.replace(/_/g, "")));
  if (sizes.some((s) => !Number.isInteger(s) || s < 100)) throw new Error("--sizes 例如 10000,100000,1000000");
  return sizes;
}

async function timeIt(fn: () => Promise<unknown>, n: number): Promise<[number, number]> {
  await fn();
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  return [percentile(xs, 50), percentile(xs, 95)];
}

const ms = (x: number | undefined) => (x === undefined ? "n/a" : x.toFixed(0));

async function benchSize(serverUrl: string, size: number) {
  const url = await prepareGeneratedDatabase(serverUrl, "dcdb_perf_", size);
  const handle = openPostgres(url, { max: 4 });
  setDatabaseHandle(handle);
  const server = await startServer(url, PORT);
  try {
    const [row] = await handle.db.execute<{ a: number }>(
      // Raw: the one figure of the header.
      (await import("drizzle-orm")).sql`select count(*)::int as a from assignments`,
    );
    const ids = (
      await handle.db.execute<Ids>(
        (await import("drizzle-orm")).sql`select (select id from urgency_levels order by sort_order desc limit 1) as urgency,
          (select department_id from users where username = ${UNIT_USER}) as unit,
          (select id from event_sources order by sort_order, name limit 1) as source,
          (select id from task_categories where parent_id is null order by sort_order limit 1) as category,
          (select id from task_types order by sort_order, name limit 1) as type`,
      )
    )[0]! as Ids;
    const users = new Set(PAGES.map((p) => p.user));
    const actors = new Map<string, Actor>();
    const cookies = new Map<string, string>();
    for (const u of users) {
      actors.set(u, (await loadActorByUsername(handle.db, u))!);
      cookies.set(u, await signIn(BASE, u));
    }
    const viewer = (u: string) => actors.get(u)!;
    console.log(`\n=== ${label(size)}: ${(row as { a: number }).a} 条承办任务，每页 ${N} 次请求（ms）`);
    console.log(`${"page".padEnd(34)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"SQL p50".padStart(8)} ${"SQL p95".padStart(8)}  ×floor  (p50−shell)/SQL`);
    let shellP50: number | undefined;
    for (const spec of PAGES.filter(selected)) {
      const path = spec.path(ids);
      const get = async () => {
        const res = await fetch(`${BASE}${path}`, { headers: { cookie: cookies.get(spec.user)! }, redirect: "manual" });
        await res.text();
        return res.status;
      };
      const status = await get();
      if (status === 404) {
        console.log(`${spec.label.padEnd(34)} ${"n/a".padStart(7)}`);
        continue;
      }
      if (status !== 200) {
        console.log(`${spec.label.padEnd(34)} HTTP ${status}`);
        continue;
      }
      const [p50, p95] = await timeIt(get, N);
      const floor = spec.floor ? await timeIt(() => spec.floor!(viewer, ids), N) : undefined;
      if (spec.label.startsWith("shell floor")) shellP50 = p50;
      const ratio = floor ? (p95 / Math.max(floor[1], 1)).toFixed(1) : "";
      // The page's own cost (above the shell floor) against its SQL: ≤ 1.5 means rendering adds at most half.
      const own = floor && shellP50 !== undefined ? (Math.max(p50 - shellP50, 0) / Math.max(floor[0], 1)).toFixed(1) : "";
      console.log(`${spec.label.padEnd(34)} ${ms(p50).padStart(7)} ${ms(p95).padStart(7)} ${ms(floor?.[0]).padStart(8)} ${ms(floor?.[1]).padStart(8)}  ${ratio.padStart(6)}  ${own.padStart(6)}`);
    }
  } finally {
    await stopServer(server);
    setDatabaseHandle(undefined);
    await handle.close();
  }
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error("请设置 DATABASE_URL（PostgreSQL 服务器），例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres；本压测不在 PGlite 上运行。");
    process.exit(2);
  }
  if (!existsSync(".next/BUILD_ID")) {
    console.error("请先 npm run build");
    process.exit(2);
  }
  for (const size of sizesFromArgs()) await benchSize(serverUrl, size);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
