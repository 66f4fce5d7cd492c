/**
 * npm run bench lists — the list reads timed directly (no HTTP, no rendering): the data functions the list
 * pages, the home page's work-queue counts and the department admin page call, against a database filled by
 * `npm run db:generate` (DATABASE_URL). p50/p95 over BENCH_N (default 15) calls after one warm-up call.
 * Prints figures; asserts nothing. Runs under --conditions=react-server (scripts/bench.sh sees this line) so the
 * data functions load outside Next.
 */
import { performance } from "node:perf_hooks";
import { openPostgres, setDatabaseHandle } from "@/db/client";
import { loadActorByUsername } from "@/lib/services/actors";
import { listTasks } from "@/lib/data/tasks/list-tasks";
import { listAssignments } from "@/lib/data/tasks/list-assignments";
import { countWorkQueues } from "@/lib/data/tasks/work-queues";
import { listAdminDepartments } from "@/lib/data/admin-departments";
import { countTodo } from "@/lib/data/todo";
import { parseAssignmentListParams, parseTaskListParams } from "@/lib/data/task-filters";
import { intEnv, percentile } from "./lib/bench-common";

const N = intEnv("BENCH_N", 15);

async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(36)} p50 ${percentile(xs, 50).toFixed(1).padStart(8)} ms   p95 ${percentile(xs, 95).toFixed(1).padStart(8)} ms`);
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("请设置 DATABASE_URL");
  const handle = openPostgres(url, { max: 4 });
  setDatabaseHandle(handle);
  try {
    const db = handle.db;
    const clerk = (await loadActorByUsername(db, "dcs_jbr"))!;
    const admin = (await loadActorByUsername(db, "admin"))!;
    const unit = (await loadActorByUsername(db, "gen_jbr_150"))!;
    const tp = (q: Record<string, string>) => parseTaskListParams(q);
    const ap = (q: Record<string, string>) => parseAssignmentListParams(q);
    const first = await listTasks(clerk, "all", tp({}));
    console.log(`tasks: ${first.total}, pages ${first.pageCount}`);
    await time("home: work-queue counts (office)", () => countWorkQueues(clerk));
    await time("home: work-queue counts (unit)", () => countWorkQueues(unit));
    await time("/tasks first page", () => listTasks(clerk, "all", tp({})));
    await time("/tasks?page=2000", () => listTasks(clerk, "all", tp({ page: "2000" })));
    await time("/tasks last page", () => listTasks(clerk, "all", tp({ page: String(first.pageCount) })));
    await time("/tasks past the end", () => listTasks(clerk, "all", tp({ page: "999999" })));
    await time("/tasks?q=教育", () => listTasks(clerk, "all", tp({ q: "教育" })));
    await time("/tasks?q=电梯加装", () => listTasks(clerk, "all", tp({ q: "电梯加装" })));
    await time("/tasks?q=朝天门 (unit name)", () => listTasks(clerk, "all", tp({ q: "朝天门" })));
    await time("/tasks?status=in_progress", () => listTasks(clerk, "all", tp({ status: "in_progress" })));
    await time("/tasks?light=red", () => listTasks(clerk, "all", tp({ light: "red" })));
    await time("/tasks?sort=light", () => listTasks(clerk, "all", tp({ sort: "light" })));
    await time("/tasks/feedback", () => listAssignments(clerk, "feedback", ap({})));
    await time("unit /assignments", () => listAssignments(unit, "handle", ap({})));
    await time("unit /assignments/tracking", () => listAssignments(unit, "tracking", ap({})));
    await time("unit /assignments/tracking last", () => listAssignments(unit, "tracking", ap({ page: "9999" })));
    await time("header badge: todo count (office)", () => countTodo(clerk));
    await time("header badge: todo count (unit)", () => countTodo(unit));
    await time("admin departments", () => listAdminDepartments(admin));
  } finally {
    setDatabaseHandle(undefined);
    await handle.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
