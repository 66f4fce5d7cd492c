/**
 * npm run bench:load [-- --assignments 1000000 --concurrency 100 --duration 60 --port 3600] — the app under load
 * from many signed-in users at once, on the PostgreSQL server.
 *
 * 1. Builds the production app (`npm run build`; BENCH_BUILD=0 reuses the existing .next).
 * 2. Fills `dcdb_load_<1m|…>` on the server DATABASE_URL names with the data generator (scripts/lib/bulk-data.ts),
 *    or reuses it with BENCH_KEEP=1 (the steps below change its data: each run consumes some open work).
 * 3. Starts server.mjs on it (BENCH_PORT, default 3600) and signs in BENCH_CONCURRENCY (default 100) users across
 *    roles through the Auth.js credentials endpoint: office clerks, office and district leaders, unit clerks and
 *    unit leaders of the units with the most open work.
 * 4. From a SECOND process (scripts/lib/load-driver.ts, autocannon) drives, for BENCH_DURATION seconds (default 60):
 *    - the framework floor: /api/health with the same number of connections, alone, first;
 *    - the mixed run: every page scenario (lists, task details, 待办事项, the dashboard, statistics) and every
 *      workflow step scenario at the same time, the connections split between them (one in five on steps).
 *    Each connection is a user who reads an answer and pauses BENCH_THINK_MS (default 10 000 ms, each pause
 *    drawn from 0.5–1.5 times it: 100 users then offer ≈ 10 requests/s) before the next request; 0 = no pause,
 *    autocannon at full speed on every connection, which measures saturation, not a user's wait.
 *    A step is the server action itself, posted as the browser posts it (see "How steps are driven" below).
 * 5. The 9 a.m. login burst: BENCH_BURST_LOGINS (default 200) sign-ins of distinct users over 10 s, evenly
 *    spaced, timing the credentials POST (the password check), while pg_stat_activity is sampled every 25 ms for
 *    the app's connections: how many at most, and how many at most sat "idle in transaction" (a login holding a
 *    transaction open while it hashes would show there).
 * The server process's resident memory is sampled every 250 ms from /proc/<pid>/status (VmRSS; VmHWM at the end).
 *
 * How steps are driven: a step is a POST to the task page (/tasks/<id>) with the `Next-Action` header naming the
 * action's id from this build's .next/server/server-reference-manifest.json, the `Next-Router-State-Tree` of
 * that page, and the body React's own encodeReply makes of the action's arguments (null, the form's FormData),
 * as Next's client router sends it; the server runs the action, revalidates and answers with the RSC payload
 * (the action result and the refreshed page). Each request acts on a different assignment chosen beforehand in
 * the state its step needs, as the user who may take it; a response counts as done only with `"ok":true`.
 *
 * Prints per page and per step: requests, req/s, p50/p95/p99 and errors; the floor; peak RSS; the login burst;
 * and a verdict against the issue's targets (printed, not asserted). Needs DATABASE_URL (a server, not PGlite).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { intEnv, percentile } from "./lib/bench-common";
import { prepareGeneratedDatabase, signIn, startServer, stopServer } from "./lib/bench-server";
import type { LoadRequest, PhaseResult, Plan, Scenario, ScenarioResult } from "./lib/load-driver";

function option(name: string, env: string, fallback: number, min = 1): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  const raw = (i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1]) ?? process.env[env];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} / ${env} 必须是不小于 ${min} 的整数`);
  return n;
}

const ASSIGNMENTS = option("assignments", "BENCH_ASSIGNMENTS", 1_000_000, 100);
const CONCURRENCY = option("concurrency", "BENCH_CONCURRENCY", 100, 10);
const DURATION = option("duration", "BENCH_DURATION", 60);
const PORT = option("port", "BENCH_PORT", 3600);
const THINK_MS = option("think-ms", "BENCH_THINK_MS", 10_000, 0);
const BURST = intEnv("BENCH_BURST_LOGINS", 200);
const BASE = `http://127.0.0.1:${PORT}`;
const TARGETS = { pageP95: 300, stepP95: 150, rssMb: 1024 };

type Role = "office_clerk" | "leader" | "unit_clerk" | "unit_leader";
interface User {
  username: string;
  role: Role;
  cookie: string;
}

/** The action ids of this build: `exportedName` → id, from the server-reference manifest. */
function actionIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === "app/(app)/tasks/actions.ts" && entry.exportedName) ids.set(entry.exportedName, id);
  }
  return ids;
}

/** The router state a browser showing /tasks/<id> sends (Next-Router-State-Tree): the segments it already has. */
const taskPageTree = (taskId: string) =>
  encodeURIComponent(JSON.stringify(["", { children: ["(app)", { children: ["tasks", { children: [["id", taskId, "d"], { children: ["__PAGE__", {}] }] }] }] }, null, null, true]));

/** One step request: the action's arguments encoded by React's encodeReply, as Next's client router posts them. */
async function stepRequest(actionId: string, user: User, taskId: string, fields: Record<string, string>): Promise<LoadRequest> {
  // The client's own encoder (the same module Next's router uses), so the body is what a browser sends.
  const { encodeReply } = (await import("next/dist/compiled/react-server-dom-webpack/client.node.js" as string)) as {
    encodeReply: (args: unknown[]) => Promise<FormData | string>;
  };
  const { extractInfoFromServerReferenceId, omitUnusedArgs } = (await import("next/dist/shared/lib/server-reference-info.js" as string)) as {
    extractInfoFromServerReferenceId: (id: string) => unknown;
    omitUnusedArgs: (args: unknown[], info: unknown) => unknown[];
  };
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const encoded = await encodeReply(omitUnusedArgs([null, form], extractInfoFromServerReferenceId(actionId)));
  const req = new Request(BASE, { method: "POST", body: encoded });
  return {
    method: "POST",
    path: `/tasks/${taskId}`,
    headers: {
      cookie: user.cookie,
      accept: "text/x-component",
      "next-action": actionId,
      "next-router-state-tree": taskPageTree(taskId),
      origin: BASE,
      "content-type": req.headers.get("content-type")!,
    },
    body: await req.text(),
  };
}

async function send(r: LoadRequest): Promise<[number, string]> {
  const res = await fetch(`${BASE}${r.path}`, { method: r.method, headers: r.headers, body: r.body, redirect: "manual" });
  return [res.status, await res.text()];
}

const get = (path: string, user: User): LoadRequest => ({ method: "GET", path, headers: { cookie: user.cookie } });

/** Splits `total` connections by weight (each scenario at least one). */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  for (let i = 0; out.reduce((a, b) => a + b, 0) < total; i = (i + 1) % out.length) out[i]!++;
  return out;
}

/** Samples the server's RSS and, when given a database, the app's connections, until stopped. */
function sampler(pid: number, db: postgres.Sql | undefined, database: string, everyMs: number) {
  const peak = { rssKb: 0, connections: 0, active: 0, idleInTransaction: 0 };
  let busy = false;
  const timer = setInterval(async () => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) peak.rssKb = Math.max(peak.rssKb, Number(m[1]));
    } catch {
      // the server has exited
    }
    if (!db || busy) return;
    busy = true;
    try {
      const [row] = await db<{ total: number; active: number; idle_tx: number }[]>`
        select count(*)::int as total, count(*) filter (where state = 'active')::int as active,
               count(*) filter (where state like 'idle in transaction%')::int as idle_tx
        from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid() and backend_type = 'client backend'`;
      peak.connections = Math.max(peak.connections, row!.total);
      peak.active = Math.max(peak.active, row!.active);
      peak.idleInTransaction = Math.max(peak.idleInTransaction, row!.idle_tx);
    } finally {
      busy = false;
    }
  }, everyMs);
  return { peak, stop: () => clearInterval(timer) };
}

const vmHwmMb = (pid: number) => {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
};

function load(): string {
  const [one, five, fifteen] = readFileSync("/proc/loadavg", "utf8").split(" ");
  return `${one} ${five} ${fifteen}`;
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "n/a");
function row(r: ScenarioResult): string {
  const p = (q: number) => (r.latencies.length ? percentile(r.latencies, q) : NaN);
  const errors = r.errors ? `${r.errors} (${Object.entries(r.errorKinds).map(([k, v]) => `${k}: ${v}`).join(", ")})` : "0";
  return `${r.label.padEnd(34)} ${String(r.connections).padStart(4)} ${String(r.requests).padStart(7)} ${(r.requests / r.seconds).toFixed(1).padStart(7)} ${ms(p(50)).padStart(6)} ${ms(p(95)).padStart(6)} ${ms(p(99)).padStart(6)}  ${errors}${r.exhausted ? "  (备好的待办已用完)" : ""}`;
}
const HEADER = `${"scenario".padEnd(34)} ${"conn".padStart(4)} ${"reqs".padStart(7)} ${"req/s".padStart(7)} ${"p50".padStart(6)} ${"p95".padStart(6)} ${"p99".padStart(6)}  errors`;

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error("请设置 DATABASE_URL（PostgreSQL 服务器），例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres；本压测不在 PGlite 上运行。");
    process.exit(2);
  }
  console.log(`机器负载 (load average 1/5/15 min) 开始时: ${load()}`);
  if (process.env.BENCH_BUILD !== "0") {
    const t0 = performance.now();
    execFileSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"] });
    console.log(`npm run build: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const url = await prepareGeneratedDatabase(serverUrl, "dcdb_load_", ASSIGNMENTS);
  const database = new URL(url).pathname.slice(1);
  const db = postgres(url, { max: 2, onnotice: () => {} });
  const server = await startServer(url, PORT);
  const pid = server.pid!;
  try {
    await runBench(db, database, pid);
  } finally {
    await stopServer(server);
    await db.end();
  }
}

async function runBench(db: postgres.Sql, database: string, pid: number) {
  const [counts] = await db<{ a: number; t: number }[]>`select (select count(*)::int from assignments) as a, (select count(*)::int from tasks) as t`;
  const ids = actionIds();
  for (const name of ["receiveAssignmentAction", "feedbackAssignmentAction", "reviewReportAction", "urgeAssignmentAction"]) {
    if (!ids.has(name)) throw new Error(`构建产物中没有 ${name}（.next/server/server-reference-manifest.json）`);
  }

  // Who signs in: the units with the most open work supply the unit users; one connection per user.
  const officeClerks = await db<{ username: string }[]>`select username from users where username like 'gen\\_dcs\\_%' order by username`;
  const leaderNames = ["dcs_ld", "dcs_ld2", "qld"];
  // The rest of the CONCURRENCY users: a clerk and a leader of each unit.
  const unitCount = Math.max(1, Math.ceil((CONCURRENCY - officeClerks.length - leaderNames.length) / 2));
  const units = await db<{ department_id: string; clerk: string; leader: string }[]>`
    select a.department_id, c.username as clerk, l.username as leader
    from assignments a join tasks t on t.id = a.task_id and t.status = 'in_progress'
    join departments d on d.id = a.department_id
    join users c on c.department_id = d.id and c.username = 'gen_jbr_' || d.sort_order
    join users l on l.department_id = d.id and l.username = 'gen_ld_' || d.sort_order
    where a.status in ('to_receive', 'in_progress')
    group by a.department_id, c.username, l.username order by count(*) desc limit ${unitCount}`;
  const plan: { username: string; role: Role }[] = [
    ...officeClerks.map((u) => ({ username: u.username, role: "office_clerk" as const })),
    ...leaderNames.map((username) => ({ username, role: "leader" as const })),
    ...units.map((u) => ({ username: u.clerk, role: "unit_clerk" as const })),
    ...units.map((u) => ({ username: u.leader, role: "unit_leader" as const })),
  ];
  const users: User[] = [];
  const t0 = performance.now();
  for (const p of plan) users.push({ ...p, cookie: await signIn(BASE, p.username) });
  console.log(`已登录 ${users.length} 个用户（${((performance.now() - t0) / 1000).toFixed(1)} s，逐个）`);
  const byRole = (role: Role) => users.filter((u) => u.role === role);
  const clerkOf = new Map(units.map((u) => [u.department_id, users.find((x) => x.username === u.clerk)!]));
  const unitIds = units.map((u) => u.department_id);

  // Work for the steps, chosen before the run: enough for every step connection at the user rate for the whole run.
  const stepConnections = Math.max(4, Math.round(CONCURRENCY / 5));
  const perStep = Math.max(50, Math.ceil((stepConnections / 4) * (THINK_MS > 0 ? 1000 / (THINK_MS / 2) : 20) * DURATION * 1.5));
  const toReceive = await db<{ id: string; task_id: string; version: number; department_id: string }[]>`
    select a.id, a.task_id, a.version, a.department_id from assignments a join tasks t on t.id = a.task_id and t.status = 'in_progress'
    where a.status = 'to_receive' and a.department_id = any(${unitIds}) order by a.dispatched_at desc limit ${perStep}`;
  const toFeedback = await db<{ id: string; task_id: string; version: number; department_id: string }[]>`
    select a.id, a.task_id, a.version, a.department_id from assignments a join tasks t on t.id = a.task_id and t.status = 'in_progress'
    join users c on c.department_id = a.department_id and c.username like 'gen\\_jbr\\_%'
    where a.status = 'in_progress' and a.department_id = any(${unitIds}) and (a.handler_id is null or a.handler_id = c.id)
    order by a.dispatched_at desc limit ${perStep}`;
  const toReview = await db<{ id: string; task_id: string; version: number }[]>`
    select a.id, a.task_id, a.version from assignments a join tasks t on t.id = a.task_id and t.status = 'in_progress'
    where a.status = 'reported' and (select r.kind from reports r where r.assignment_id = a.id order by r.revision desc limit 1) = 'final'
      and (select r.status from reports r where r.assignment_id = a.id order by r.revision desc limit 1) = 'submitted'
    order by a.last_reported_at desc nulls last limit ${perStep}`;
  // 催办: open assignments other than those the unit steps take.
  const taken = [...toReceive, ...toFeedback].map((a) => a.id);
  const toUrge = await db<{ id: string; task_id: string }[]>`
    select a.id, a.task_id from assignments a join tasks t on t.id = a.task_id and t.status = 'in_progress'
    where a.status in ('to_receive', 'in_progress') and not (a.id = any(${taken}))
      -- not urged within any urgency's minimum interval (an urge inside it is refused as too soon)
      and (a.last_urged_at is null or a.last_urged_at < now() - interval '7 days')
    order by a.dispatched_at desc limit ${perStep}`;
  // Task pages: open tasks for the office, the signed-in units' own tasks for their clerks.
  const officeTasks = await db<{ id: string }[]>`select id from tasks where status = 'in_progress' order by created_at desc limit 300`;
  const unitTasks = await db<{ task_id: string; department_id: string }[]>`
    select distinct on (a.department_id, a.task_id) a.task_id, a.department_id from assignments a
    where a.department_id = any(${unitIds}) and a.status in ('in_progress', 'reported', 'completed') limit 300`;

  const office = byRole("office_clerk");
  const leaders = byRole("leader");
  const unitClerks = byRole("unit_clerk");
  const unitLeaders = byRole("unit_leader");
  const cycle = <T>(xs: T[], i: number) => xs[i % xs.length]!;
  const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

  const pages: [string, number, LoadRequest[]][] = [
    ["任务列表 /tasks (督查室)", 3, office.map((u) => get("/tasks", u))],
    ["任务检索 /tasks?q=教育", 1, office.map((u) => get(`/tasks?q=${encodeURIComponent("教育")}`, u))],
    ["任务详情 /tasks/<id> (督查室)", 3, many(officeTasks.length, (i) => get(`/tasks/${officeTasks[i]!.id}`, cycle(office, i)))],
    ["反馈审核 /tasks/feedback", 1, office.map((u) => get("/tasks/feedback", u))],
    ["待办事项 /messages/todo", 3, [...office, ...unitClerks, ...unitLeaders].map((u) => get("/messages/todo", u))],
    ["首页 / (单位经办人)", 2, unitClerks.map((u) => get("/", u))],
    ["任务承办 /assignments", 3, unitClerks.map((u) => get("/assignments", u))],
    ["任务详情 /tasks/<id> (单位)", 3, unitTasks.map((t) => get(`/tasks/${t.task_id}`, clerkOf.get(t.department_id)!))],
    ["单位审签 /assignments/sign", 1, unitLeaders.map((u) => get("/assignments/sign", u))],
    ["驾驶舱 / (领导)", 2, leaders.map((u) => get("/", u))],
    ["统计 /stats/supervision", 1, leaders.map((u) => get("/stats/supervision", u))],
    ["统计 /stats/business", 1, leaders.map((u) => get("/stats/business", u))],
    ["绩效 /stats/scores", 1, leaders.map((u) => get("/stats/scores", u))],
  ];
  const officeFor = (i: number) => cycle(office, i);
  const steps: [string, LoadRequest[]][] = [
    [
      "步骤 接收",
      await Promise.all(toReceive.map((a) => stepRequest(ids.get("receiveAssignmentAction")!, clerkOf.get(a.department_id)!, a.task_id, { assignmentId: a.id, version: String(a.version) }))),
    ],
    [
      "步骤 反馈（办结）",
      await Promise.all(
        toFeedback.map((a) =>
          stepRequest(ids.get("feedbackAssignmentAction")!, clerkOf.get(a.department_id)!, a.task_id, { assignmentId: a.id, kind: "final", body: "已按要求办结，压测反馈。", version: String(a.version) }),
        ),
      ),
    ],
    [
      "步骤 审核反馈（办结通过）",
      await Promise.all(toReview.map((a, i) => stepRequest(ids.get("reviewReportAction")!, officeFor(i), a.task_id, { assignmentId: a.id, decision: "accept_final", opinion: "", rating: "", version: String(a.version) }))),
    ],
    ["步骤 催办", await Promise.all(toUrge.map((a, i) => stepRequest(ids.get("urgeAssignmentAction")!, officeFor(i), a.task_id, { assignmentId: a.id, message: "请加快办理，按时反馈。" })))],
  ];
  // Warm-up, and a check that each step does what it says: every page's first request twice, one request of
  // each step (its item is then used up) — a step the server refuses is reported and left out, not timed.
  const t1 = performance.now();
  for (const [, , requests] of pages) if (requests[0]) for (let i = 0; i < 2; i++) await send(requests[0]);
  for (const step of steps) {
    const first = step[1].shift();
    if (!first) continue;
    const [status, body] = await send(first);
    if (status !== 200 || !body.includes('"ok":true')) {
      console.log(`注意：${step[0]} 的试做失败 (HTTP ${status})，本次不测：${body.slice(0, 300)}`);
      step[1] = [];
    }
  }
  console.log(`预热 ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const pageConnections = split(CONCURRENCY - stepConnections, pages.map((p) => p[1]));
  const stepSplit = split(stepConnections, steps.map(() => 1));
  const scenarios: Scenario[] = [
    ...pages.filter((p) => p[2].length > 0).map(([label, , requests], i) => ({ label, kind: "page" as const, connections: pageConnections[i]!, requests })),
    ...steps.filter((s) => s[1].length > 0).map(([label, requests], i) => ({ label, kind: "step" as const, connections: stepSplit[i]!, requests })),
  ];
  for (const [label, requests] of steps) if (requests.length === 0) console.log(`注意：${label} 没有处于所需状态的承办任务，本次不测`);
  const floorUser = office[0]!;
  const burstUsers = await db<{ username: string }[]>`
    select username from users where username like 'gen\\_%' and not (username = any(${users.map((u) => u.username)})) order by username limit ${BURST}`;

  const dir = mkdtempSync(join(tmpdir(), "bench-load-"));
  const driverPlan: Plan = {
    base: BASE,
    thinkMs: THINK_MS,
    timeoutS: 30,
    phases: [
      { kind: "load", name: "floor", durationS: Math.min(DURATION, 20), scenarios: [{ label: "框架基线 /api/health", kind: "page", connections: CONCURRENCY, requests: [get("/api/health", floorUser)] }] },
      { kind: "load", name: "mixed", durationS: DURATION, scenarios },
      { kind: "burst", name: "burst", windowMs: 10_000, logins: burstUsers.map((u) => ({ username: u.username, password: DEMO_PASSWORD })) },
    ],
  };
  writeFileSync(join(dir, "plan.json"), JSON.stringify(driverPlan));
  console.log(
    `\n数据：${counts!.a} 条承办任务，${counts!.t} 个督办事项；${CONCURRENCY} 个并发用户，${THINK_MS ? `每人两次请求之间停 ${THINK_MS / 2000}–${(THINK_MS * 1.5) / 1000} s` : "每人不停顿（饱和）"}，混合运行 ${DURATION} s；` +
      `备好的步骤：接收 ${toReceive.length}，反馈 ${toFeedback.length}，审核 ${toReview.length}，催办 ${toUrge.length}`,
  );

  // The second process: the load generator.
  const samplers: Record<string, ReturnType<typeof sampler>> = {};
  const driver = spawn(process.execPath, ["--import", "tsx", "scripts/lib/load-driver.ts", join(dir, "plan.json"), join(dir, "results.json")], { stdio: ["ignore", "pipe", "inherit"] });
  const loads: Record<string, string> = {};
  driver.stdout!.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      const [what, phase] = line.split(" ");
      if (what === "PHASE" && phase) {
        samplers[phase] = sampler(pid, db, database, phase === "burst" ? 25 : 250);
      }
      if (what === "DONE" && phase) {
        samplers[phase]?.stop();
        loads[phase] = load();
      }
    }
  });
  const code = await new Promise<number | null>((r) => driver.once("exit", r));
  if (code !== 0) throw new Error(`压测进程退出 (${code})`);
  const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as PhaseResult[];
  const phase = (name: string) => results.find((r) => r.name === name)!;

  console.log(`\n=== 框架基线（${CONCURRENCY} 个连接，${phase("floor").scenarios[0]!.seconds.toFixed(0)} s；ms）  load average 结束时 ${loads.floor}`);
  console.log(HEADER);
  for (const r of phase("floor").scenarios) console.log(row(r));
  console.log(`服务器内存峰值 (VmRSS)：${(samplers.floor!.peak.rssKb / 1024).toFixed(0)} MB`);

  const mixed = phase("mixed").scenarios;
  console.log(`\n=== 混合负载（${CONCURRENCY} 个用户同时；ms）  load average 结束时 ${loads.mixed}`);
  console.log(HEADER);
  for (const r of mixed) console.log(row(r));
  const all = mixed.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const totalReqs = mixed.reduce((a, r) => a + r.requests, 0);
  const totalErrors = mixed.reduce((a, r) => a + r.errors, 0);
  const seconds = Math.max(...mixed.map((r) => r.seconds));
  console.log(`合计：${totalReqs} 次请求，${(totalReqs / seconds).toFixed(1)} req/s，p50/p95/p99 ${ms(percentile(all, 50))}/${ms(percentile(all, 95))}/${ms(percentile(all, 99))} ms，错误 ${totalErrors}`);
  const m = samplers.mixed!.peak;
  console.log(`服务器内存峰值 (VmRSS)：${(m.rssKb / 1024).toFixed(0)} MB；数据库连接至多 ${m.connections}（活动 ${m.active}，事务中空闲 ${m.idleInTransaction}）`);

  const burst = phase("burst").scenarios[0]!;
  const b = samplers.burst!.peak;
  console.log(`\n=== 9 点登录高峰（ms，凭据提交即口令校验；每 ${(10_000 / Math.max(1, burstUsers.length)).toFixed(0)} ms 开始一次）  load average 结束时 ${loads.burst}`);
  console.log(HEADER);
  console.log(row(burst));
  console.log(`登录期间数据库连接至多 ${b.connections}（活动 ${b.active}，事务中空闲 ${b.idleInTransaction}）；服务器内存峰值 ${(b.rssKb / 1024).toFixed(0)} MB`);

  const hwm = vmHwmMb(pid);
  const pageWorst = mixed.filter((r) => r.kind === "page").map((r) => [r.label, percentile(r.latencies, 95)] as const);
  const stepWorst = mixed.filter((r) => r.kind === "step").map((r) => [r.label, percentile(r.latencies, 95)] as const);
  const over = (xs: (readonly [string, number])[], limit: number) => xs.filter(([, p]) => !(p < limit)).map(([l, p]) => `${l} ${ms(p)}`);
  const pagesOver = over(pageWorst, TARGETS.pageP95);
  const stepsOver = over(stepWorst, TARGETS.stepP95);
  const errors = totalErrors + burst.errors;
  console.log(`\n=== 对照目标（仅打印，不作断言）`);
  console.log(`错误为零：${errors === 0 ? "达到" : `未达到（${errors}）`}`);
  console.log(`页面 p95 < ${TARGETS.pageP95} ms：${pagesOver.length === 0 ? "达到" : `未达到：${pagesOver.join("；")}`}`);
  console.log(`步骤 p95 < ${TARGETS.stepP95} ms：${stepsOver.length === 0 ? "达到" : `未达到：${stepsOver.join("；")}`}`);
  console.log(`内存 < 1 GB：${hwm < TARGETS.rssMb ? "达到" : "未达到"}（整个运行的 VmHWM ${hwm.toFixed(0)} MB）`);
  console.log(`登录不在持有连接或锁时等待他人的口令计算：登录高峰中“事务中空闲”的连接至多 ${b.idleInTransaction}（口令校验在事务之外，见 lib/services/auth/authenticate.ts 与 login-burst.int.test.ts）`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
