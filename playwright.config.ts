import { defineConfig, devices } from "@playwright/test";
import path from "node:path";

/**
 * E2E runs against `node server.mjs` (what `npm start` serves), built by the test script beforehand. With
 * DATABASE_URL set (CI) the server uses that PostgreSQL database; otherwise a fresh embedded PGlite
 * folder per run. The server is started by Playwright after migrating and seeding.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? path.join(process.cwd(), `data-e2e`);
// The intranet OA for the single sign-on tests (e2e/oa-stand-in/server.mjs): OpenID Connect on oaPort, CAS on oaPort + 1.
const oaPort = Number(process.env.E2E_OA_PORT ?? port + 90);
export const OA_OIDC_URL = `http://127.0.0.1:${oaPort}`;
export const OA_CAS_URL = `http://127.0.0.1:${oaPort + 1}/cas`;
/** Shared with e2e/sso.spec.ts, which signs OA entry links with it. */
export const SSO_LINK_SECRET = "e2e-signed-link-secret-0123456789abcdef";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  // Two workers: the app is one process on a 2-core machine; specs use separate users so they can overlap.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    // `exclusive` is the setup's teardown: it runs after every project using the saved sessions has finished.
    { name: "setup", testMatch: /auth\.setup\.ts/, teardown: "exclusive" },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      dependencies: ["setup"],
      testIgnore: [/auth\.setup\.ts/, /[\\/]phone[\\/]/, /[\\/]exclusive[\\/]/],
    },
    // The manual's phone app (§2.7) as the installable web app: Pixel 7 emulation (touch, mobile) at 390 × 844.
    {
      name: "phone",
      use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, channel: undefined },
      dependencies: ["setup"],
      testMatch: /[\\/]phone[\\/].*\.spec\.ts$/,
    },
    // Specs that change something global (a 系统参数 that acts at every login) and so must run alone, after all
    // others (e2e/exclusive/*.spec.ts). Also run by `--project=chromium` / `--project=phone`, as the setup's teardown.
    { name: "exclusive", use: { ...devices["Desktop Chrome"], channel: undefined }, testMatch: /[\\/]exclusive[\\/].*\.spec\.ts$/ },
  ],
  webServer: [
    {
      command: "node e2e/oa-stand-in/server.mjs",
      url: `${OA_OIDC_URL}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "ignore",
      env: { OA_PORT: String(oaPort), APP_URL: baseURL },
    },
    {
      command: `rm -rf "${dataDir}" && npm run db:migrate && npm run db:seed -- --demo --no-demo-tasks && node server.mjs`,
      url: `${baseURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        // Every e2e login comes from 127.0.0.1; the per-address throttle has its own unit test.
        LOGIN_IP_MAX_FAILURES: "500",
        AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-0123456789",
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
        // Every OA single sign-on method on, against the stand-in OA.
        PUBLIC_URL: baseURL,
        OIDC_ISSUER: OA_OIDC_URL,
        OIDC_CLIENT_ID: "duchaduban",
        OIDC_CLIENT_SECRET: "e2e-oidc-client-secret",
        CAS_BASE_URL: OA_CAS_URL,
        SSO_LINK_SECRET,
      },
    },
  ],
});
