/**
 * npm run bench reminders — the reminder scan over 1 000 000 open assignments on the PostgreSQL server.
 *
 * Needs DATABASE_URL (a server; PGlite is refused: one embedded process is not where a province runs). Creates
 * the database dcdb_bench_reminders next to the one the URL names (dropped first if a previous run left it, and
 * dropped again at the end unless BENCH_KEEP=1), migrates and seeds it, tops the demo units up to ~100 units with
 * a clerk and a leader each, and bulk-loads open assignments with INSERT … SELECT generate_series. Then it times
 * scanReminders (first scan: every due reminder is written) and a second scan of the same moment (writes nothing).
 *
 * The mix (per pair of assignments of one task): deadlines spread from 20 days ago to 380 days ahead (≈5 % overdue,
 * ≈1 % within the yellow window), the three urgencies in turn, 2 % still 待接收 (dispatched 3 days ago), 5 % of the
 * tasks with periodic 阶段反馈. Tunables: BENCH_ASSIGNMENTS (default 1000000, even), BENCH_BATCH (scan batch, 2000).
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { openPostgres, setDatabaseHandle } from "@/db/client";
import { sealGeneratedMobiles, unitMobile } from "./lib/sealed-mobiles";
import { runMigrations } from "@/db/migrator";
import { seedAll } from "@/db/seed/seed";
import { scanReminders } from "@/lib/services/reminders/scan-reminders";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2) throw new Error(`${name} 必须是大于 1 的整数`);
  return n;
}

const SERVER_URL = process.env.DATABASE_URL;
const ASSIGNMENTS = intEnv("BENCH_ASSIGNMENTS", 1_000_000);
const BATCH = intEnv("BENCH_BATCH", 2000);
const UNITS = 100;
const NAME = "dcdb_bench_reminders";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function bulkLoad(db: postgres.Sql): Promise<void> {
  // Consistent by construction: skip the per-row foreign-key triggers (this throw-away database, this session).
  await db.unsafe(`SET session_replication_role = replica`).catch(() => undefined);
  // ~100 units, each with a clerk (经办人) and a leader (领导) who hold mobile numbers.
  await db.unsafe(`
    INSERT INTO departments (name, kind, sort_order)
    SELECT '压测单位' || g, 'district_department', 1000 + g
    FROM generate_series(1, greatest(0, ${UNITS} - (SELECT count(*) FROM departments WHERE NOT is_group AND kind NOT IN ('office', 'other')))) g`);
  await db.unsafe(`
    WITH d AS (SELECT id, sort_order FROM departments WHERE name LIKE '压测单位%'),
         u AS (
           INSERT INTO users (username, display_name, department_id, sms_recipient, password_hash)
           SELECT 'bench_' || r || '_' || d.sort_order, CASE r WHEN 'jbr' THEN '经办人' ELSE '领导' END || d.sort_order, d.id,
                  true, 'x'
           FROM d CROSS JOIN (VALUES ('jbr'), ('ld')) AS roles(r)
           RETURNING id, username)
    INSERT INTO user_roles (user_id, role_id)
    SELECT u.id, r.id FROM u JOIN roles r ON r.code = CASE WHEN u.username LIKE 'bench_jbr%' THEN 'unit_clerk' ELSE 'unit_leader' END`);
  // Their numbers (139…), sealed with SM4 in the application: SQL has no SM4 and refuses a clear number.
  await sealGeneratedMobiles(db, "bench\\_%", (u) => unitMobile("139", u));
  const tasks = ASSIGNMENTS / 2;
  await db.unsafe(`
    WITH u AS (SELECT array_agg(id ORDER BY sort_order) AS ids FROM urgency_levels),
         s AS (SELECT min(id::text)::uuid AS id FROM event_sources),
         c AS (SELECT min(id::text)::uuid AS id FROM task_categories),
         t AS (SELECT min(id::text)::uuid AS id FROM task_types),
         k AS (SELECT id FROM users WHERE username = 'dcs_jbr'),
         today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d)
    INSERT INTO tasks (task_no, title, content, requirements, source_id, category_id, task_type_id, urgency_id, deadline, due_on,
                       feedback_mode, progress_interval_days, status, creator_id, signed_at, dispatched_at, created_at, updated_at)
    SELECT '压测督〔2020〕' || g || '号', '关于推进第' || g || '项重点工作的督办事项', '请按期反馈办理情况。', '按时反馈',
      s.id, c.id, t.id, u.ids[1 + g % cardinality(u.ids)],
      today.d + ((g::bigint * 7919) % 400 - 20)::int, today.d + ((g::bigint * 7919) % 400 - 20)::int,
      (CASE WHEN g % 20 = 0 THEN 'periodic' ELSE 'final_only' END)::feedback_mode, CASE WHEN g % 20 = 0 THEN 14 END,
      'in_progress', k.id, now() - interval '31 days', now() - interval '30 days', now() - interval '31 days', now()
    FROM generate_series(1, ${tasks}) g, u, s, c, t, k, today`);
  const units = `(SELECT array_agg(id ORDER BY id) AS ids FROM departments WHERE NOT is_group AND kind NOT IN ('office', 'other'))`;
  await db.unsafe(`
    INSERT INTO assignments (task_id, department_id, role, status, deadline, dispatched_at, received_at)
    SELECT t.id, d.ids[1 + (t.n * 2 + r.i) % cardinality(d.ids)], (CASE r.i WHEN 0 THEN 'lead' ELSE 'co' END)::unit_role,
      (CASE WHEN t.n % 50 = r.i THEN 'to_receive' ELSE 'in_progress' END)::assignment_status,
      t.deadline,
      CASE WHEN t.n % 50 = r.i THEN now() - interval '3 days' ELSE t.dispatched_at END,
      CASE WHEN t.n % 50 = r.i THEN NULL ELSE t.dispatched_at + interval '1 hour' END
    FROM (SELECT id, deadline, dispatched_at, row_number() OVER () AS n FROM tasks WHERE task_no LIKE '压测督%') t
    CROSS JOIN (VALUES (0), (1)) AS r(i), ${units} d`);
  await db.unsafe(`SET session_replication_role = DEFAULT`).catch(() => undefined);
  // This machine's server runs without autovacuum: without it the planner and index-only scans see a stale heap.
  await db.unsafe(`VACUUM (ANALYZE) tasks, assignments, users, departments, notifications, urges`);
}

async function main() {
  if (!SERVER_URL) {
    console.error("请设置 DATABASE_URL（PostgreSQL 服务器），例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres；本压测不在 PGlite 上运行。");
    process.exit(2);
  }
  if (ASSIGNMENTS % 2 !== 0) throw new Error("BENCH_ASSIGNMENTS 必须是偶数（每项任务两个承办单位）");
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${NAME}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${NAME}`;
  const handle = openPostgres(url.toString(), { max: 4 });
  const bulk = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    console.log(`数据库 ${NAME}：迁移并写入基础数据 …`);
    await runMigrations(handle);
    await seedAll(handle.db, { demo: true });
    setDatabaseHandle(handle);

    let t0 = performance.now();
    await bulkLoad(bulk);
    const [counts] = await bulk<{ open: number; units: number }[]>`
      SELECT (SELECT count(*)::int FROM assignments WHERE status NOT IN ('completed', 'cancelled')) AS open,
             (SELECT count(DISTINCT department_id)::int FROM assignments) AS units`;
    console.log(`批量写入 ${counts!.open} 条未办结承办任务（${counts!.units} 个单位），用时 ${seconds(performance.now() - t0)}`);

    const at = new Date();
    t0 = performance.now();
    const first = await scanReminders({ now: at, batchSize: BATCH });
    const firstMs = performance.now() - t0;
    const [byKind] = await bulk<{ before: number; overdue: number; receive: number; report: number; sms: number }[]>`
      SELECT count(*) FILTER (WHERE kind = 'reminder_before')::int AS before, count(*) FILTER (WHERE kind = 'reminder_overdue')::int AS overdue,
             count(*) FILTER (WHERE kind = 'reminder_receive')::int AS receive, count(*) FILTER (WHERE kind = 'reminder_report')::int AS report,
             count(*) FILTER (WHERE channel = 'sms')::int AS sms
      FROM notifications WHERE dedupe_key LIKE 'rem:%'`;
    console.log(`第一次扫描：${seconds(firstMs)}，扫描 ${first.assignmentsScanned} 条，写入消息 ${first.messages} 条（其中短信 ${byKind!.sms}），自动催办 ${first.urges} 条`);
    console.log(`  按类型：截止前 ${byKind!.before}、逾期 ${byKind!.overdue}、超时未接收 ${byKind!.receive}、阶段反馈逾期 ${byKind!.report}`);
    t0 = performance.now();
    const second = await scanReminders({ now: at, batchSize: BATCH });
    console.log(`第二次扫描（同一时刻）：${seconds(performance.now() - t0)}，扫描 ${second.assignmentsScanned} 条，写入消息 ${second.messages} 条，自动催办 ${second.urges} 条`);
  } finally {
    setDatabaseHandle(undefined);
    await bulk.end();
    await handle.close();
    if (process.env.BENCH_KEEP !== "1") await admin.unsafe(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
