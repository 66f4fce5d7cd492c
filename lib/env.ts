import path from "node:path";

/** Reads configuration from the environment once; every tunable of the platform is listed in the README. */
function int(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`环境变量 ${name} 必须是不小于 ${min} 的整数，当前为 "${raw}"`);
  return value;
}

export const env = {
  get databaseUrl(): string | undefined {
    return process.env.DATABASE_URL || undefined;
  },
  get dataDir(): string {
    return path.resolve(/* turbopackIgnore: true */ process.cwd(), process.env.DATA_DIR || "data");
  },
  get pgliteDir(): string {
    return process.env.PGLITE_DIR
      ? path.resolve(/* turbopackIgnore: true */ process.cwd(), process.env.PGLITE_DIR)
      : path.join(this.dataDir, "pglite");
  },
  get sessionIdleMinutes(): number {
    return int("SESSION_IDLE_MINUTES", 30);
  },
  get loginMaxFailures(): number {
    return int("LOGIN_MAX_FAILURES", 5);
  },
  get loginLockMinutes(): number {
    return int("LOGIN_LOCK_MINUTES", 15);
  },
  /** JOBS_IN_APP=false: this app server runs no background jobs (a separate `npm run worker` does). */
  get jobsInApp(): boolean {
    return !/^(false|0|no|off)$/i.test(process.env.JOBS_IN_APP ?? "");
  },
};
