/**
 * npm run test:faults — the fault checks of issue 12, each against the real production server (`node server.mjs`
 * after `npm run build`) on a private PostgreSQL cluster, each ending in PASS or FAIL with what was verified.
 *
 *   kill-9      the app killed during a burst of workflow steps and uploads: every acknowledged step and upload is
 *               there after a restart, no task is half-written, files and rows agree after the cleanup job
 *   pg-restart  PostgreSQL stopped and started under load: quick Chinese errors during the outage, then the app
 *               and its job runner recover without a restart
 *   sms-down    the SMS gateway down while steps queue SMS: each delivered exactly once after it comes back
 *   disk-full   an upload into a full disk (a 1 MB tmpfs): a clear Chinese error, no row, no partial file
 *
 * `npm run test:faults -- kill-9 sms-down` runs a subset. Exit code 1 when any check fails. Needs the production
 * build, PostgreSQL 15 binaries (PG_BIN, default /usr/lib/postgresql/15/bin) and, for disk-full, root (mount).
 * Ports: FAULTS_PORT (default 3500) for the apps, FAULTS_PG_PORT (default 3555) for the cluster, FAULTS_PORT+30 for
 * the SMS gateway stand-in. FAULTS_KEEP=1 keeps the temporary folder (logs, database) for inspection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrivateCluster, sqlClient, Verdict } from "./harness";
import { killDuringSteps } from "./kill-9";
import { restartPostgresUnderLoad } from "./pg-restart";
import { smsGatewayDown } from "./sms-down";
import { uploadIntoFullDisk } from "./disk-full";

export interface FaultContext {
  base: string;
  cluster: PrivateCluster;
  appPort: number;
  /** A fresh database (copied from the migrated, seeded template) for one check. */
  database(name: string): Promise<string>;
}

const CHECKS: Record<string, { title: string; run: (ctx: FaultContext) => Promise<Verdict | "skip"> }> = {
  "kill-9": { title: "应用进程 kill -9（流转步骤进行中）", run: killDuringSteps },
  "pg-restart": { title: "PostgreSQL 在负载下重启", run: restartPostgresUnderLoad },
  "sms-down": { title: "短信网关故障一段时间", run: smsGatewayDown },
  "disk-full": { title: "上传时磁盘已满", run: uploadIntoFullDisk },
};

async function prepareTemplate(cluster: PrivateCluster, base: string): Promise<void> {
  const admin = sqlClient(cluster.url("postgres"));
  await admin.unsafe("create database dcdb_faults_template");
  await admin.end();
  // The seed encrypts mobile numbers with the key generated into DATA_DIR: the servers share that folder.
  process.env.DATA_DIR = path.join(base, "data");
  process.env.DATABASE_URL = cluster.url("dcdb_faults_template");
  const { openPostgres, setDatabaseHandle } = await import("@/db/client");
  const { runMigrations } = await import("@/db/migrator");
  const { seedAll } = await import("@/db/seed/seed");
  const handle = openPostgres(cluster.url("dcdb_faults_template"));
  setDatabaseHandle(handle);
  try {
    await runMigrations(handle);
    await seedAll(handle.db, { demo: true });
  } finally {
    setDatabaseHandle(undefined);
    await handle.close();
  }
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  for (const name of wanted) if (!CHECKS[name]) throw new Error(`unknown check ${name}; known: ${Object.keys(CHECKS).join(", ")}`);
  const names = wanted.length > 0 ? wanted : Object.keys(CHECKS);
  const started = Date.now();
  const base = mkdtempSync(path.join(tmpdir(), "dcdb-faults-"));
  const cluster = new PrivateCluster(Number(process.env.FAULTS_PG_PORT ?? 3555));
  let failed = 0;
  try {
    cluster.init();
    await prepareTemplate(cluster, base);
    console.log(`准备完成：私有 PostgreSQL 集群 127.0.0.1:${cluster.port}，模板库已迁移并写入演示数据（${((Date.now() - started) / 1000).toFixed(1)} s）`);
    const ctx: FaultContext = {
      base,
      cluster,
      appPort: Number(process.env.FAULTS_PORT ?? 3500),
      async database(name) {
        const admin = sqlClient(cluster.url("postgres"));
        await admin.unsafe(`create database dcdb_faults_${name} template dcdb_faults_template`);
        await admin.end();
        return cluster.url(`dcdb_faults_${name}`);
      },
    };
    for (const name of names) {
      const check = CHECKS[name]!;
      const t0 = Date.now();
      console.log(`\n== ${name}: ${check.title} ==`);
      let verdict: Verdict | "skip";
      try {
        verdict = await check.run(ctx);
      } catch (error) {
        verdict = new Verdict();
        verdict.check(false, "the check ran to its end", (error as Error).stack ?? String(error));
      }
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      if (verdict === "skip") {
        console.log(`SKIP ${name} (${seconds} s)`);
        continue;
      }
      for (const line of verdict.verified) console.log(`  ✓ ${line}`);
      for (const line of verdict.failures) console.log(`  ✗ ${line}`);
      const ok = verdict.failures.length === 0;
      if (!ok) failed++;
      console.log(`${ok ? "PASS" : "FAIL"} ${name} (${seconds} s)`);
    }
  } finally {
    cluster.destroy(process.env.FAULTS_KEEP === "1");
    if (process.env.FAULTS_KEEP === "1") console.log(`kept: ${base}, ${cluster.dir}`);
    else rmSync(base, { recursive: true, force: true });
  }
  console.log(`\n${failed === 0 ? "全部通过" : `${failed} 项未通过`}：${names.length} 项故障检查，用时 ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
