import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, statfsSync } from "node:fs";
import path from "node:path";
import { samples } from "@/test/attachment-samples";
import { sqlClient, startApp, UserSession, Verdict } from "./harness";
import type { FaultContext } from "./run";

const DISK_BYTES = 1024 * 1024;

/**
 * A real full disk: the attachment folder is a 1 MB tmpfs, and a 3 MB upload runs out of space mid-stream (the
 * kernel's ENOSPC, nothing simulated). Needs root for `mount`; without it the check is skipped, and says so.
 * - the user gets 507 with a Chinese message that says the storage is full and nothing was saved;
 * - no attachment row, no file, no partial write is left (the folder is as empty as before);
 * - a small upload afterwards still works (the store was not broken, only full).
 */
export async function uploadIntoFullDisk(ctx: FaultContext): Promise<Verdict | "skip"> {
  const storageDir = path.join(ctx.base, "disk-full-files");
  mkdirSync(storageDir, { recursive: true });
  const mount = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${DISK_BYTES},mode=0755`, "tmpfs", storageDir], { encoding: "utf8" });
  if (mount.status !== 0) {
    console.log(`  (cannot mount a tmpfs here: ${mount.stderr.trim() || "needs root"}; the full-disk check needs it)`);
    return "skip";
  }
  const v = new Verdict();
  const databaseUrl = await ctx.database("diskfull");
  const sql = sqlClient(databaseUrl);
  const app = await startApp({
    port: ctx.appPort + 3,
    databaseUrl,
    dataDir: path.join(ctx.base, "data"),
    storageDir,
    logFile: path.join(ctx.base, "diskfull-app.log"),
  });
  try {
    const { bsize, blocks } = statfsSync(storageDir);
    v.check(bsize * blocks <= 2 * DISK_BYTES, `attachment folder on a ${((bsize * blocks) / 1024).toFixed(0)} KB tmpfs`);
    const clerk = await new UserSession(app.url, "dcs_jbr").login();
    const big = Buffer.concat([samples.pdf(), Buffer.alloc(3 * DISK_BYTES, 0x20)]);
    const started = Date.now();
    const refused = await clerk.upload("大文件.pdf", big);
    const message = String(refused.body.message ?? "");
    v.check(
      refused.status === 507 && message.includes("存储空间已满") && message.includes("未保存"),
      `a 3 MB upload into the full disk: HTTP 507 “${message}” in ${Date.now() - started} ms`,
      `HTTP ${refused.status} ${JSON.stringify(refused.body)}`,
    );
    const [rows] = await sql<{ n: number }[]>`select count(*)::int as n from attachments`;
    v.check(rows!.n === 0, "no attachment row was written", `${rows!.n} rows`);
    const files = readdirSync(storageDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    v.check(files.length === 0, "no file and no partial write left on the disk (.incoming included)", files.map((f) => f.name).join(", "));

    const small = await clerk.upload("小文件.pdf", samples.pdf());
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from attachments`;
    v.check(small.status === 201 && after!.n === 1, "a small upload afterwards is stored (the store was full, not broken)", `HTTP ${small.status}`);
  } finally {
    await app.stop();
    await sql.end();
    spawnSync("umount", [storageDir]);
  }
  return v;
}
