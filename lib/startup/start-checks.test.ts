import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { serverActionsKeyRefusal, startRefusals } from "@/scripts/start-checks.mjs";

const PG = "postgres://app@db.example:5432/dcdb";
const KEYS = { AUTH_SECRET: "s".repeat(44), PII_KEY: "0".repeat(32), AUDIT_HMAC_KEY: "k".repeat(40) };

describe("production start-up checks (scripts/start-checks.mjs)", () => {
  it("lets the demo start on PGlite with nothing set, and a single server on PostgreSQL with AUTH_SECRET", () => {
    expect(startRefusals({})).toEqual([]);
    expect(startRefusals({ DATABASE_URL: PG, AUTH_SECRET: KEYS.AUTH_SECRET })).toEqual([]);
    expect(startRefusals({ DATABASE_URL: PG, AUTH_SECRET: KEYS.AUTH_SECRET, JOBS_IN_APP: "false" })).toEqual([]);
  });

  it("refuses PostgreSQL without AUTH_SECRET, naming the variable", () => {
    const [refusal, ...rest] = startRefusals({ DATABASE_URL: PG, AUTH_SECRET: " " });
    expect(rest).toEqual([]);
    expect(refusal).toContain("AUTH_SECRET");
    expect(refusal).toContain("DATABASE_URL");
  });

  it("refuses several processes on the embedded database: CLUSTER=true or JOBS_IN_APP=false without DATABASE_URL", () => {
    expect(startRefusals({ CLUSTER: "true" })).toEqual([expect.stringMatching(/CLUSTER=true.*DATABASE_URL/)]);
    expect(startRefusals({ JOBS_IN_APP: "false" })).toEqual([expect.stringMatching(/JOBS_IN_APP=false.*DATABASE_URL/)]);
    expect(startRefusals({ CLUSTER: "false", JOBS_IN_APP: "true" })).toEqual([]);
  });

  it("refuses CLUSTER=true without the keys every server must share, on app servers and the worker alike", () => {
    expect(startRefusals({ CLUSTER: "true", DATABASE_URL: PG, AUTH_SECRET: KEYS.AUTH_SECRET })).toEqual([
      expect.stringContaining("PII_KEY"),
      expect.stringContaining("AUDIT_HMAC_KEY"),
    ]);
    expect(startRefusals({ CLUSTER: "true", DATABASE_URL: PG }, "worker")).toHaveLength(2);
    expect(startRefusals({ CLUSTER: "true", DATABASE_URL: PG, ...KEYS })).toEqual([]);
    // The worker signs no cookie: no AUTH_SECRET needed there.
    expect(startRefusals({ DATABASE_URL: PG }, "worker")).toEqual([]);
  });

  it("accepts a server-actions key of 16, 24 or 32 bytes in base64 and refuses anything else", () => {
    expect(serverActionsKeyRefusal(undefined)).toBeNull();
    expect(serverActionsKeyRefusal(Buffer.alloc(32, 7).toString("base64"))).toBeNull();
    expect(serverActionsKeyRefusal(Buffer.alloc(16, 7).toString("base64"))).toBeNull();
    expect(serverActionsKeyRefusal(Buffer.alloc(20, 7).toString("base64"))).toContain("NEXT_SERVER_ACTIONS_ENCRYPTION_KEY");
    expect(serverActionsKeyRefusal("not base64!")).toContain("NEXT_SERVER_ACTIONS_ENCRYPTION_KEY");
  });

  it("server.mjs and `npm start`'s first step exit with the message before touching anything", () => {
    const env = { PATH: process.env.PATH, DATABASE_URL: PG } as unknown as NodeJS.ProcessEnv;
    for (const args of [["server.mjs"], ["scripts/start-checks.mjs"]]) {
      const run = spawnSync(process.execPath, args, { env, encoding: "utf8", timeout: 20_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("拒绝启动：设置了 DATABASE_URL（正式部署）时必须设置 AUTH_SECRET");
    }
    const ok = spawnSync(process.execPath, ["scripts/start-checks.mjs"], { env: { PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv, encoding: "utf8", timeout: 20_000 });
    expect(ok.status).toBe(0);
  });
});
