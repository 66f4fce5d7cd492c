/**
 * npm run bench:workflow — drives every workflow verb against the PostgreSQL server with 100 000 tasks
 * present and prints steps/second and p50/p95 latency per verb.
 *
 * Needs DATABASE_URL (a server, not PGlite). Creates its own throw-away database next to the one the
 * URL names, bulk-loads it with INSERT … SELECT generate_series, runs the verbs, and drops it again.
 * Tunables: BENCH_TASKS (default 100000), BENCH_N (verb calls per verb, default 200),
 * BENCH_CONCURRENCY (parallel callers, default 1), BENCH_KEEP=1 keeps the database for inspection,
 * BENCH_LOG_SLOW_MS=n logs the bench database's statements slower than n ms to the server log.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { openPostgres, setDatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrator";
import { seedAll } from "@/db/seed/seed";
import { assignments, departments, tasks } from "@/db/schema";
import { loadActorByUsername } from "@/lib/services/actors";
import {
  archiveTask,
  cancelTask,
  createTask,
  delegateAssignment,
  deleteTask,
  dispatchTask,
  forwardTask,
  handleAssignment,
  receiveAssignment,
  reportUp,
  returnTask,
  returnUnitReport,
  reviewReport,
  signTask,
  signUnitReport,
  submitFeedback,
  submitTask,
  updateTask,
} from "@/lib/services/tasks";
import { intEnv, percentile } from "./lib/bench-common";


const SERVER_URL = process.env.DATABASE_URL;
const TASKS = intEnv("BENCH_TASKS", 100_000);
const N = intEnv("BENCH_N", 200);
const CONCURRENCY = intEnv("BENCH_CONCURRENCY", 1);


/**
 * 100 000 tasks in every state, with assignments, reports and history, in a few set-based statements.
 * The secondary indexes of the bulk tables (trigram GIN indexes above all) are dropped first and built
 * again afterwards: one index build is far cheaper than 100 000 incremental inserts into it.
 */
async function bulkLoad(db: postgres.Sql, creatorId: string): Promise<void> {
  const sql = timed(db);
  const bulkTables = ["tasks", "task_units", "assignments", "reports", "task_events"];
  const indexes = await sql<{ name: string; def: string }[]>`
    SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename = ANY(${bulkTables})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`;
  for (const index of indexes) await sql.unsafe(`DROP INDEX "${index.name}"`);
  // The rows are consistent by construction; skipping the per-row foreign-key triggers (this throw-away
  // database only, this session only; needs a superuser, else the checks simply run) saves most of the time.
  await sql.unsafe(`SET session_replication_role = replica`).catch(() => undefined);
  await sql.unsafe(`
    CREATE UNLOGGED TABLE bench_bulk AS
    SELECT g, gen_random_uuid() AS id,
      (CASE
        WHEN g % 20 = 0 THEN 'draft' WHEN g % 20 = 1 THEN 'in_review' WHEN g % 20 = 2 THEN 'returned'
        WHEN g % 20 = 3 THEN 'signed' WHEN g % 20 BETWEEN 4 AND 13 THEN 'in_progress'
        WHEN g % 20 BETWEEN 14 AND 16 THEN 'completed' WHEN g % 20 BETWEEN 17 AND 18 THEN 'archived'
        ELSE 'cancelled' END)::task_status AS status
    FROM generate_series(1, ${TASKS}) AS g`);
  // Bulk numbers use years long past, so the signing verb's numbers for this year never collide.
  await sql.unsafe(`
    WITH u AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM urgency_levels),
         s AS (SELECT min(id::text)::uuid AS id FROM event_sources),
         c AS (SELECT min(id::text)::uuid AS id FROM task_categories),
         t AS (SELECT min(id::text)::uuid AS id FROM task_types)
    INSERT INTO tasks (id, task_no, title, content, requirements, source_id, category_id, task_type_id, urgency_id,
                       deadline, status, current_reviewer_id, creator_id, signed_at, dispatched_at, completed_at, archived_at,
                       cancelled_at, cancel_reason, created_at, updated_at)
    SELECT b.id,
      CASE WHEN b.status NOT IN ('draft', 'in_review', 'returned') THEN '渝中督〔' || (2010 + b.g % 7) || '〕' || b.g || '号' END,
      '关于推进第' || b.g || '项重点工作的督办事项',
      '请按照区政府常务会议要求，抓紧推进第' || b.g || '项重点工作，按期反馈办理情况。',
      '按时反馈',
      s.id, c.id, t.id, u.ids[1 + b.g % u.n],
      DATE '2024-01-01' + (b.g % 900),
      b.status,
      CASE WHEN b.status = 'in_review' THEN (SELECT id FROM users WHERE username = 'dcs_ld') END,
      '${creatorId}',
      CASE WHEN b.status NOT IN ('draft', 'in_review', 'returned') THEN now() - interval '30 days' END,
      CASE WHEN b.status IN ('in_progress', 'completed', 'archived', 'cancelled') THEN now() - interval '29 days' END,
      CASE WHEN b.status IN ('completed', 'archived') THEN now() - interval '2 days' END,
      CASE WHEN b.status = 'archived' THEN now() - interval '1 day' END,
      CASE WHEN b.status = 'cancelled' THEN now() - interval '1 day' END,
      CASE WHEN b.status = 'cancelled' THEN '批量数据' END,
      now() - (b.g || ' minutes')::interval, now()
    FROM bench_bulk b, u, s, c, t`);
  const unitSql = `(SELECT array_agg(id ORDER BY name) AS ids, count(*)::int AS n FROM departments
                    WHERE NOT is_group AND kind NOT IN ('office', 'other'))`;
  await sql.unsafe(`
    INSERT INTO task_units (task_id, department_id, role)
    SELECT b.id, d.ids[1 + b.g % d.n], 'lead'::unit_role FROM bench_bulk b, ${unitSql} d
    UNION ALL
    SELECT b.id, d.ids[1 + (b.g + 7) % d.n], 'co'::unit_role FROM bench_bulk b, ${unitSql} d`);
  await sql.unsafe(`
    INSERT INTO assignments (task_id, department_id, role, status, dispatched_at, received_at, completed_at)
    SELECT b.id, tu.department_id, tu.role,
      (CASE
        WHEN b.status IN ('completed', 'archived') THEN 'completed'
        WHEN b.status = 'cancelled' THEN 'cancelled'
        ELSE (ARRAY['to_receive', 'in_progress', 'awaiting_sign', 'signed', 'reported', 'rework', 'completed'])[1 + (b.g / 20) % 7]
      END)::assignment_status,
      now() - interval '29 days', now() - interval '28 days',
      CASE WHEN b.status IN ('completed', 'archived') THEN now() - interval '2 days' END
    FROM bench_bulk b JOIN task_units tu ON tu.task_id = b.id
    WHERE b.status IN ('in_progress', 'completed', 'archived', 'cancelled')`);
  await sql.unsafe(`
    INSERT INTO reports (assignment_id, task_id, kind, path, revision, body, status, author_id, submitted_at)
    SELECT a.id, a.task_id, 'final', 'direct', 1, '已按要求办理完毕。',
      (CASE WHEN a.status = 'completed' THEN 'accepted' WHEN a.status = 'rework' THEN 'returned' ELSE 'submitted' END)::report_status,
      '${creatorId}', now() - interval '3 days'
    FROM assignments a WHERE a.status IN ('reported', 'completed', 'rework')`);
  await sql.unsafe(`
    INSERT INTO task_events (task_id, actor_id, actor_name, actor_role, actor_unit_name, action, from_state, to_state, at)
    SELECT b.id, '${creatorId}'::uuid, '张敏', '督查室经办人', '区政府督查室', 'create', NULL, 'draft', now() - interval '31 days' FROM bench_bulk b
    UNION ALL
    SELECT b.id, '${creatorId}'::uuid, '张敏', '督查室经办人', '区政府督查室', 'dispatch', 'signed', 'in_progress', now() - interval '29 days'
    FROM bench_bulk b WHERE b.status IN ('in_progress', 'completed', 'archived', 'cancelled')`);
  await sql.unsafe(`DROP TABLE bench_bulk`);
  await sql.unsafe(`SET session_replication_role = DEFAULT`).catch(() => undefined);
  for (const index of indexes) await sql.unsafe(index.def);
  await sql.unsafe(`ANALYZE`);
}

/** Wraps `unsafe` so each bulk statement's duration is printed (BENCH_VERBOSE=1). */
function timed(db: postgres.Sql): postgres.Sql {
  if (process.env.BENCH_VERBOSE !== "1") return db;
  const unsafe = db.unsafe.bind(db);
  return Object.assign(db, {
    unsafe: ((query: string) => {
      const t0 = performance.now();
      const pending = unsafe(query);
      void pending.then(() => console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${query.trim().split("\n")[0]!.slice(0, 70)}`));
      return pending;
    }) as typeof db.unsafe,
  });
}

interface Stat {
  verb: string;
  times: number[];
  wallMs: number;
}
const stats = new Map<string, Stat>();

/** Runs `fn` over every item with CONCURRENCY callers, recording each call's latency under `verb`. */
async function drive<T, R>(verb: string, items: readonly T[], fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const stat = stats.get(verb) ?? { verb, times: [], wallMs: 0 };
  stats.set(verb, stat);
  const results: R[] = new Array(items.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        const t0 = performance.now();
        results[i] = await fn(items[i]!, i);
        stat.times.push(performance.now() - t0);
      }
    }),
  );
  stat.wallMs += performance.now() - started;
  return results;
}

async function main() {
  if (!SERVER_URL) {
    console.error("请设置 DATABASE_URL（PostgreSQL 服务器），例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres");
    process.exit(2);
  }
  const name = `dcdb_bench_${randomBytes(5).toString("hex")}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  // BENCH_LOG_SLOW_MS: log this database's statements slower than that to the server log (for tuning).
  const slowMs = process.env.BENCH_LOG_SLOW_MS;
  if (slowMs) await admin.unsafe(`ALTER DATABASE ${name} SET log_min_duration_statement = ${intEnv("BENCH_LOG_SLOW_MS", 10)}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), { max: Math.max(4, CONCURRENCY + 2) });
  const bulk = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    console.log(`数据库 ${name}：迁移并写入基础数据 …`);
    await runMigrations(handle);
    await seedAll(handle.db, { demo: true });
    setDatabaseHandle(handle);
    const db = handle.db;
    const who = async (u: string) => {
      const actor = await loadActorByUsername(db, u);
      if (!actor) throw new Error(`no user ${u}`);
      return actor;
    };
    const [clerk, leader, leader2, jwClerk, jwLeader, mzClerk, mzLeader] = await Promise.all(
      ["dcs_jbr", "dcs_ld", "dcs_ld2", "jw_jbr", "jw_ld", "mz_jbr", "mz_ld"].map(who),
    );

    let t0 = performance.now();
    await bulkLoad(bulk, clerk!.userId);
    const taskCount = (await bulk<{ n: number }[]>`SELECT count(*)::int AS n FROM tasks`)[0]!.n;
    const assignmentCount = (await bulk<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments`)[0]!.n;
    console.log(`批量写入 ${taskCount} 条督办事项、${assignmentCount} 条承办任务，用时 ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const unit = async (n: string) => (await db.select({ id: departments.id }).from(departments).where(eq(departments.name, n)))[0]!.id;
    const [source] = await bulk<{ id: string }[]>`SELECT id FROM event_sources ORDER BY sort_order LIMIT 1`;
    const [category] = await bulk<{ id: string }[]>`SELECT id FROM task_categories WHERE parent_id IS NULL ORDER BY sort_order LIMIT 1`;
    const [type] = await bulk<{ id: string }[]>`SELECT id FROM task_types ORDER BY sort_order LIMIT 1`;
    const [urgency] = await bulk<{ id: string }[]>`SELECT id FROM urgency_levels WHERE code = 'urgent'`;
    const form = {
      title: "推进老旧小区加装电梯",
      content: "请按区政府常务会议要求推进加装电梯工作。",
      requirements: "按期报送",
      sourceId: source!.id,
      categoryId: category!.id,
      taskTypeId: type!.id,
      urgencyId: urgency!.id,
      deadline: "2099-06-30",
      feedbackMode: "final_only",
      leadUnitId: await unit("区教委"),
      coUnitIds: [await unit("区民政局")],
    };
    const range = Array.from({ length: N }, (_, i) => i);
    // Every step names the version it acted on, as the page does (one extra read per call).
    const tv = async (id: string) => (await db.select({ v: tasks.version }).from(tasks).where(eq(tasks.id, id)))[0]!.v;
    const av = async (id: string) => (await db.select({ v: assignments.version }).from(assignments).where(eq(assignments.id, id)))[0]!.v;

    // The floor every verb stands on: one round trip to the server on this machine right now.
    await drive("(基准) SELECT 1 往返", range, () => db.execute(sql`select 1`));

    console.log(`每个动作执行 ${N} 次，并发 ${CONCURRENCY} …`);
    t0 = performance.now();
    const main = await drive("createTask 登记", range, (i) => createTask(clerk!, { ...form, title: `${form.title}（${i}）`, requestId: randomUUID() }));
    const spare = await drive("createTask 登记", range, (i) => createTask(clerk!, { ...form, title: `草稿（${i}）`, requestId: randomUUID() }));
    await drive("updateTask 修改", spare, (t) => updateTask(clerk!, { ...form, id: t.id, version: t.version, title: "修改后的草稿" }));
    await drive("deleteTask 删除", spare, async (t) => deleteTask(clerk!, { id: t.id, version: await tv(t.id) }));
    await drive("submitTask 提交", main, async (t) => submitTask(clerk!, { id: t.id, reviewerId: leader!.userId, version: await tv(t.id) }));
    await drive("returnTask 退回", main, async (t) => returnTask(leader!, { id: t.id, opinion: "请补充办理要求", version: await tv(t.id) }));
    await drive("submitTask 提交", main, async (t) => submitTask(clerk!, { id: t.id, reviewerId: leader!.userId, version: await tv(t.id) }));
    await drive("forwardTask 审核转交", main, async (t) => forwardTask(leader!, { id: t.id, reviewerId: leader2!.userId, version: await tv(t.id) }));
    await drive("signTask 审签", main, async (t) => signTask(leader2!, { id: t.id, version: await tv(t.id) }));
    const dispatched = await drive("dispatchTask 交办", main, async (t) => dispatchTask(clerk!, { id: t.id, version: await tv(t.id) }));
    const jw = dispatched.map((d) => d.assignments.find((a) => a.role === "lead")!.id);
    const mz = dispatched.map((d) => d.assignments.find((a) => a.role === "co")!.id);
    await drive("receiveAssignment 接收", jw, async (id) => receiveAssignment(jwClerk!, { assignmentId: id, version: await av(id) }));
    await drive("delegateAssignment 分办", mz, async (id) => delegateAssignment(mzLeader!, { assignmentId: id, handlerId: mzClerk!.userId, instruction: "请办理", version: await av(id) }));
    const handle1 = { kind: "final", body: "已完成摸排。", signerId: jwLeader!.userId };
    await drive("handleAssignment 承办", jw, async (id) => handleAssignment(jwClerk!, { assignmentId: id, ...handle1, version: await av(id) }));
    await drive("returnUnitReport 单位退回", jw, async (id) => returnUnitReport(jwLeader!, { assignmentId: id, opinion: "请补充数据", version: await av(id) }));
    await drive("handleAssignment 承办", jw, async (id) => handleAssignment(jwClerk!, { assignmentId: id, ...handle1, body: "已完成摸排，共 12 部。", version: await av(id) }));
    await drive("signUnitReport 单位审签", jw, async (id) => signUnitReport(jwLeader!, { assignmentId: id, opinion: "同意", version: await av(id) }));
    await drive("reportUp 上报", jw, async (id) => reportUp(jwClerk!, { assignmentId: id, version: await av(id) }));
    await drive("submitFeedback 反馈", mz, async (id) => submitFeedback(mzClerk!, { assignmentId: id, kind: "final", body: "已配合完成。", version: await av(id) }));
    await drive("reviewReport 审核反馈", mz, async (id) => reviewReport(clerk!, { assignmentId: id, decision: "return", opinion: "请补充", version: await av(id) }));
    await drive("submitFeedback 反馈", mz, async (id) => submitFeedback(mzClerk!, { assignmentId: id, kind: "final", body: "补充后的反馈。", version: await av(id) }));
    await drive("reviewReport 审核反馈", jw, async (id) => reviewReport(clerk!, { assignmentId: id, decision: "accept_final", version: await av(id) }));
    await drive("reviewReport 审核反馈", mz, async (id) => reviewReport(clerk!, { assignmentId: id, decision: "accept_final", version: await av(id) }));
    await drive("archiveTask 归档", main, async (t) => archiveTask(clerk!, { id: t.id, version: await tv(t.id) }));
    const open = await bulk<{ id: string }[]>`SELECT id FROM tasks WHERE status = 'in_progress' ORDER BY created_at DESC LIMIT ${N}`;
    await drive("cancelTask 撤销", open, async (t) => cancelTask(clerk!, { id: t.id, reason: "压测撤销", version: await tv(t.id) }));
    const total = performance.now() - t0;

    const done = await db.select({ id: assignments.id }).from(assignments).where(inArray(assignments.id, [...jw, ...mz]));
    if (done.length !== 2 * N) throw new Error("assignments missing");

    console.log("");
    console.log(`${"动作".padEnd(28)}${"次数".padStart(6)}${"步/秒".padStart(10)}${"p50 ms".padStart(10)}${"p95 ms".padStart(10)}${"max ms".padStart(10)}`);
    let worst = 0;
    let steps = 0;
    for (const s of stats.values()) {
      const sorted = [...s.times].sort((a, b) => a - b);
      const p95 = percentile(sorted, 95);
      if (!s.verb.startsWith("(")) {
        worst = Math.max(worst, p95);
        steps += sorted.length;
      }
      console.log(
        `${s.verb.padEnd(28)}${String(sorted.length).padStart(6)}${(sorted.length / (s.wallMs / 1000)).toFixed(0).padStart(10)}` +
          `${percentile(sorted, 50).toFixed(1).padStart(10)}${p95.toFixed(1).padStart(10)}${sorted[sorted.length - 1]!.toFixed(1).padStart(10)}`,
      );
    }
    console.log("");
    const [cpu] = (await import("node:os")).loadavg();
    console.log(`测试时系统负载 (1 分钟平均) ${cpu!.toFixed(1)}，CPU 核数 ${(await import("node:os")).cpus().length}`);
    console.log(`合计 ${steps} 步，${(steps / (total / 1000)).toFixed(0)} 步/秒；最慢动作 p95 = ${worst.toFixed(1)} ms（目标 < 50 ms）${worst < 50 ? " ✓" : " ✗"}`);
  } finally {
    setDatabaseHandle(undefined);
    await bulk.end();
    await handle.close();
    if (process.env.BENCH_KEEP === "1") console.log(`保留数据库 ${name}`);
    else await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error("压测失败:", error);
  process.exit(1);
});
