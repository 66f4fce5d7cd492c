import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { lockPgliteFolder, PgliteFolderInUseError, pgliteFolderOwner } from "./pglite-lock";

let root: string;
let folder: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "dcdb-lock-"));
  folder = path.join(root, "pglite");
});
afterEach(() => rm(root, { recursive: true, force: true }));

function startTicks(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}

/** A lock as another process on this machine would have written it. */
async function lockOf(pid: number, ticks: string | null) {
  const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  await writeFile(`${folder}.lock`, JSON.stringify({ pid, host: hostname(), startTicks: ticks, bootId, startedAt: "2026-12-02T08:00:00.000Z", command: "server.mjs" }));
}

describe("the PGlite folder lock", () => {
  it("is taken, shared within the process, and removed when the last holder releases it", async () => {
    const release = lockPgliteFolder(folder);
    expect(JSON.parse(await readFile(`${folder}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
    const again = lockPgliteFolder(folder);
    release();
    expect(existsSync(`${folder}.lock`)).toBe(true);
    again();
    expect(existsSync(`${folder}.lock`)).toBe(false);
  });

  it("refuses while another live process holds the folder, naming it", async () => {
    const other = spawn("sleep", ["30"]);
    try {
      await new Promise((resolve) => other.once("spawn", resolve));
      await lockOf(other.pid!, startTicks(other.pid!));
      expect(pgliteFolderOwner(folder)).toMatchObject({ pid: other.pid });
      let error: unknown;
      try {
        lockPgliteFolder(folder);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PgliteFolderInUseError);
      expect((error as Error).message).toContain(`进程号 ${other.pid}`);
      expect((error as Error).message).toContain("请先停止该进程");
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a process that died, or by a pid now reused by another program", async () => {
    const gone = spawn("true");
    await new Promise((resolve) => gone.once("exit", resolve));
    await lockOf(gone.pid!, "12345");
    expect(pgliteFolderOwner(folder)).toBeNull();
    lockPgliteFolder(folder)();

    // Our parent is alive, but started at another moment than the lock says: a reused pid, not the holder.
    await lockOf(process.ppid, "1");
    expect(pgliteFolderOwner(folder)).toBeNull();
    const release = lockPgliteFolder(folder);
    expect(JSON.parse(await readFile(`${folder}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
    release();
  });
});
