import { performance } from "node:perf_hooks";
import { openPostgres, setDatabaseHandle } from "@/db/client";
import { loadActorByUsername } from "@/lib/services/actors";
import { listTasks } from "@/lib/data/tasks/list-tasks";
import { parseTaskListParams } from "@/lib/data/task-filters";
async function main() {
  const h = openPostgres(process.env.DATABASE_URL!, { max: 4 });
  setDatabaseHandle(h);
  const v = (await loadActorByUsername(h.db, "dcs_jbr"))!;
  const u = (await loadActorByUsername(h.db, "gen_jbr_150"))!;
  const t = async (label: string, f: () => Promise<{ total: number; capped: boolean }>) => { const r = await f(); const t0 = performance.now(); for (let i = 0; i < 3; i++) await f(); console.log(label, ((performance.now() - t0) / 3).toFixed(0), "ms", r.total, r.capped); };
  for (const q of [{ q: "朝天门" }, { q: "朝天门", page: "50" }, { q: "教育" }, { q: "电梯加装" }, { q: "加装电梯改造" }, { q: "朝天门", sort: "deadline" }])
    await t(JSON.stringify(q), () => listTasks(v, "all", parseTaskListParams(q)));
  await t("unit 朝天门", () => listTasks(u, "all", parseTaskListParams({ q: "朝天门" })));
  await t("unit 教育", () => listTasks(u, "all", parseTaskListParams({ q: "教育" })));
  await h.close();
}
void main();
