import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hostname } from "node:os";

/**
 * Who has an embedded database folder open. PGlite allows one process per data folder but keeps no lock
 * of its own (its postmaster.pid always says pid -42 and stays behind after a crash), so a second process
 * — a backup, `npm run db:seed`, a second server — would open the folder without error and corrupt or
 * silently lose writes. Every process that opens a folder through `openPglite` therefore writes
 * `<folder>.lock` (beside the folder, so it never ends up inside a dumped data directory) with its pid and
 * start time, and refuses while another live process holds it. A lock left by a process that died
 * (kill -9, power loss) names a pid that no longer runs, or runs as another program, and is taken over.
 */
export interface PgliteLockOwner {
  pid: number;
  host: string;
  /** /proc/<pid>/stat start time (clock ticks since boot) and the boot id: a reused pid does not match. */
  startTicks: string | null;
  bootId: string | null;
  startedAt: string;
  command: string;
}

export class PgliteFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly owner: PgliteLockOwner,
  ) {
    super(
      `嵌入式数据库目录 ${folder} 正被另一个进程使用（进程号 ${owner.pid}，主机 ${owner.host}，${owner.startedAt} 起，命令：${owner.command}）。` +
        "PGlite 只允许一个进程打开同一数据目录：请先停止该进程（如应用服务），再执行本操作。" +
        `若确认该进程已不存在（例如在另一台主机上），可删除 ${folder}.lock 后重试。`,
    );
    this.name = "PgliteFolderInUseError";
  }
}

// Per process: how many handles hold each folder (a test or Next's module re-evaluation may open twice).
const globalForLocks = globalThis as unknown as { __dcdbPgliteLocks?: Map<string, number> };
const held = (globalForLocks.__dcdbPgliteLocks ??= new Map());

function procStat(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime); fields are counted after the parenthesised command name, which may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return null;
  }
}

function me(): PgliteLockOwner {
  return {
    pid: process.pid,
    host: hostname(),
    startTicks: procStat(process.pid),
    bootId: bootId(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 300),
  };
}

/** True when the recorded owner still runs. An owner on another host cannot be checked: it is taken as alive. */
function alive(owner: PgliteLockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.bootId && bootId() && owner.bootId !== bootId()) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const ticks = procStat(owner.pid);
  return !(owner.startTicks && ticks && owner.startTicks !== ticks);
}

function readOwner(file: string): PgliteLockOwner | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PgliteLockOwner;
  } catch {
    return null;
  }
}

function isOwnedByMe(owner: PgliteLockOwner | null): boolean {
  return owner !== null && owner.pid === process.pid && owner.host === hostname() && owner.startTicks === procStat(process.pid);
}

/** Takes the folder's lock for this process, or throws `PgliteFolderInUseError`. Returns the release function. */
export function lockPgliteFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  mkdirSync(path.dirname(folder), { recursive: true });
  const count = held.get(folder) ?? 0;
  if (count > 0 && isOwnedByMe(readOwner(file))) {
    held.set(folder, count + 1);
    return once(() => release(folder));
  }
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(me())}\n`, { flag: "wx", mode: 0o640 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const owner = readOwner(file);
      if (owner && !isOwnedByMe(owner) && alive(owner)) throw new PgliteFolderInUseError(folder, owner);
      // Stale (its process is gone) or unreadable (a crash mid-write): moved aside, then taken. Two processes
      // starting at the very same moment after a crash could both get here; the second one's `wx` then fails.
      try {
        renameSync(file, `${file}.stale-${process.pid}`);
        unlinkSync(`${file}.stale-${process.pid}`);
      } catch {
        // Another process moved it first: the next attempt sees that process's lock.
      }
    }
  }
  held.set(folder, 1);
  if (!process.listeners("exit").includes(exitRelease)) process.on("exit", exitRelease);
  return once(() => release(folder));
}

function release(folder: string): void {
  const count = (held.get(folder) ?? 1) - 1;
  if (count > 0) {
    held.set(folder, count);
    return;
  }
  held.delete(folder);
  removeIfMine(folder);
}

function removeIfMine(folder: string): void {
  const file = `${folder}.lock`;
  if (!isOwnedByMe(readOwner(file))) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

// process.exit() without closing the database (a script's error path) still leaves no lock behind.
function exitRelease(): void {
  for (const folder of held.keys()) removeIfMine(folder);
  held.clear();
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/** The folder's current owner, if a live process holds it (for messages and checks before opening). */
export function pgliteFolderOwner(folder: string): PgliteLockOwner | null {
  const owner = readOwner(`${folder}.lock`);
  return owner && !isOwnedByMe(owner) && alive(owner) ? owner : null;
}
