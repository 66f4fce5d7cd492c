import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

/**
 * The PostgreSQL client programs a server backup runs: `pg_dump` and `pg_restore` from PG_BIN_DIR, or else
 * from PATH. pg_dump refuses a server of a newer major version than itself, and pg_restore cannot read an
 * archive written by a newer pg_dump, so both are checked before anything is written: without them (or
 * too old) the backup or restore stops with what to install, and nothing is changed.
 */
export type PgTool = "pg_dump" | "pg_restore";

export class PgToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PgToolError";
  }
}

export function findPgTool(tool: PgTool): string | null {
  const dirs = process.env.PG_BIN_DIR ? [process.env.PG_BIN_DIR] : (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → 15; "… 9.6.24" → 9. */
export function majorOf(version: string): number | null {
  const match = /(\d+)(?:\.(\d+))?/.exec(version.replace(/^[^(]*\([^)]*\)\s*/, ""));
  return match ? Number(match[1]) : null;
}

/** The tool's path and major version, or a PgToolError saying what to install. */
export async function requirePgTool(tool: PgTool, atLeastMajor: number, why: string): Promise<{ path: string; version: string; major: number }> {
  const install = `请安装 PostgreSQL ${atLeastMajor} 或更新版本的客户端程序（Debian/Ubuntu：apt-get install postgresql-client-${atLeastMajor}），或用环境变量 PG_BIN_DIR 指向含 ${tool} 的目录`;
  const found = findPgTool(tool);
  if (!found) throw new PgToolError(`找不到 ${tool}${process.env.PG_BIN_DIR ? `（PG_BIN_DIR=${process.env.PG_BIN_DIR}）` : ""}：${install}。未做任何改动。`);
  const result = await run(found, ["--version"]).catch((error: Error) => ({ code: -1, stdout: "", stderr: error.message }));
  const version = result.stdout.trim();
  const major = majorOf(version);
  if (result.code !== 0 || major === null) throw new PgToolError(`无法运行 ${found} --version（${result.stderr.trim() || version}）：${install}。未做任何改动。`);
  if (major < atLeastMajor) throw new PgToolError(`${found} 是 ${major} 版（${version}），${why}：${install}。未做任何改动。`);
  return { path: found, version, major };
}

/**
 * libpq connection settings for a child program: the URL without its password on the command line (which
 * other users of the machine can read in the process list), the password in PGPASSWORD.
 */
export function libpqTarget(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { dbname: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}
