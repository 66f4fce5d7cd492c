import { defineConfig, devices } from "@playwright/test";
import path from "node:path";

/**
 * The two-server journey (e2e-cluster/): app servers A and B (`node server.mjs`, one build) and one `npm run worker`
 * on one fresh PostgreSQL database and one shared file store, as a city deployment runs behind its proxy. A runs
 * the jobs in-app as well (JOBS_IN_APP=true) and B does not, so two job runners compete and the spec can see that a
 * message still goes out once. Each server has its own DATA_DIR: nothing may depend on a file only one of them has
 * (the keys come from the environment, CLUSTER=true requires them). Run by scripts/test-all.sh after the main e2e
 * when DATABASE_URL is set (`npm run test:e2e:cluster`); needs `npm run build` first.
 *
 * Files: one S3-compatible object store, the npm stand-in (scripts/s3-stand-in.mjs) started here first, as a city
 * runs MinIO or Ceph RGW. E2E_CLUSTER_FILE_STORE=local runs the same journey on one shared STORAGE_DIR instead
 * (the NFS set-up), and FILE_STORE=s3 with S3_* in the environment points it at a real store.
 */
const base = process.env.DATABASE_URL;
if (!base) throw new Error("集群端到端测试需要 DATABASE_URL（PostgreSQL 服务器）：多台应用服务器不能共用内嵌数据库 PGlite");

const portA = Number(process.env.E2E_CLUSTER_PORT ?? 3230);
const portB = portA + 1;
export const SERVER_A = `http://127.0.0.1:${portA}`;
export const SERVER_B = `http://127.0.0.1:${portB}`;
/** The spec's stand-in SMS gateway: every message the job runners send arrives here. */
export const SMS_GATEWAY_PORT = portA + 8;
/** Failed logins one address may make in the window: small, so the spec reaches it in a few tries. */
export const IP_MAX_FAILURES = 3;

const dataDir = process.env.E2E_CLUSTER_DATA_DIR ?? path.join(process.cwd(), "data-e2e-cluster");
const clusterUrl = new URL(base);
clusterUrl.pathname = `${clusterUrl.pathname.replace(/\/$/, "")}_cluster`;
export const CLUSTER_DATABASE_URL = clusterUrl.toString();

const S3_STANDIN_PORT = portA + 9;
const realStore = process.env.FILE_STORE === "s3";
const useStandIn = !realStore && process.env.E2E_CLUSTER_FILE_STORE !== "local";
const standInStore = {
  FILE_STORE: "s3",
  S3_ENDPOINT: `http://127.0.0.1:${S3_STANDIN_PORT}`,
  S3_BUCKET: "dcdb-cluster",
  S3_ACCESS_KEY_ID: "e2e-cluster-key",
  S3_SECRET_ACCESS_KEY: "e2e-cluster-secret-not-for-production",
};
const passThrough = realStore
  ? (Object.fromEntries(Object.entries(process.env).filter(([name]) => name === "FILE_STORE" || name.startsWith("S3_"))) as Record<string, string>)
  : useStandIn
    ? standInStore
    : {};

const shared = {
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: CLUSTER_DATABASE_URL,
  CLUSTER: "true",
  AUTH_SECRET: "e2e-cluster-secret-not-for-production-0123456789",
  PII_KEY: "00112233445566778899aabbccddeeff",
  AUDIT_HMAC_KEY: "e2e-cluster-audit-hmac-key-not-for-production",
  STORAGE_DIR: path.join(dataDir, "files"),
  // One trusted hop: server.mjs appends the peer (127.0.0.1), so the spec states each browser's address in
  // X-Forwarded-For and the throttle tests do not throttle the other logins.
  TRUSTED_PROXIES: "1",
  LOGIN_IP_MAX_FAILURES: String(IP_MAX_FAILURES),
  // The shortest idle limit, so the spec can watch a session end on both servers within the run (below the
  // 系统参数 minimum of 5: the spec saves 30 there once it has seen the session end).
  SESSION_IDLE_MINUTES: "1",
  ...passThrough,
};

const appServer = (name: "a" | "b", port: number, jobsInApp: boolean, first: boolean) => ({
  name: `server-${name}`,
  // Both run the start-up steps, as `npm start` does on each server (under the start-up locks).
  command: `${first ? `rm -rf "${dataDir}" && node e2e-cluster/fresh-database.mjs "${base}" "${CLUSTER_DATABASE_URL}" && ` : ""}npm run db:migrate && npm run db:seed -- --demo --no-demo-tasks && node server.mjs`,
  url: `http://127.0.0.1:${port}/api/health`,
  timeout: 180_000,
  reuseExistingServer: false,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 5000 },
  env: { ...shared, DATA_DIR: path.join(dataDir, name), PORT: String(port), HOST: "127.0.0.1", JOBS_IN_APP: String(jobsInApp) },
});

export default defineConfig({
  testDir: "./e2e-cluster",
  outputDir: "./test-results-cluster",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // One long journey: 4.7 minutes measured on this 2-core machine at load average ≈ 20 (other builds running).
  timeout: 480_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "playwright-report-cluster" }]],
  use: {
    baseURL: SERVER_A,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "cluster", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    ...(useStandIn
      ? [
          {
            name: "s3",
            command: `rm -rf "${dataDir}-s3" && node scripts/s3-stand-in.mjs`,
            wait: { stdout: /S3 stand-in ready/ },
            timeout: 60_000,
            reuseExistingServer: false,
            stdout: "ignore" as const,
            stderr: "pipe" as const,
            env: { ...standInStore, S3_STANDIN_PORT: String(S3_STANDIN_PORT), S3_STANDIN_DIR: `${dataDir}-s3` },
          },
        ]
      : []),
    appServer("a", portA, true, true),
    appServer("b", portB, false, false),
    {
      name: "worker",
      command: "npm run worker",
      wait: { stdout: /\[jobs\] started \(worker/ },
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5000 },
      env: { ...shared, DATA_DIR: path.join(dataDir, "worker") },
    },
  ],
});
