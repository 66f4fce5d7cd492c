/**
 * Next calls register() once per server process at start. On the Node.js runtime it starts the job
 * runner (lib/jobs) inside the app unless JOBS_IN_APP=false (a separate `npm run worker` runs the jobs).
 * On PGlite the app process owns the database folder, so the jobs can only run here.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // next build also loads this file to collect pages; no jobs there.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // No whole phone number, password or token reaches the server log, whoever logs it (lib/logging).
  const { installConsoleRedaction } = await import("@/lib/logging/redact-console");
  installConsoleRedaction();
  // A single sign-on method configured in part stops the start with the missing variables named, rather
  // than showing every user a login button that cannot work.
  const { requireConfig } = await import("@/lib/startup/require-config");
  const { ssoConfig } = await import("@/lib/auth/sso/config");
  requireConfig("sso", ssoConfig);
  // Likewise a file store configured in part (FILE_STORE=s3 or uploadthing with a variable missing): the process
  // ends naming it, rather than failing every upload later (see requireFileStore).
  const { requireFileStore } = await import("@/lib/storage");
  requireFileStore();
  const { env } = await import("@/lib/env");
  if (!env.jobsInApp) {
    console.info("[jobs] JOBS_IN_APP=false：本进程不运行后台任务（由 npm run worker 运行）");
    return;
  }
  const { ensureJobRunner, stopJobRunner } = await import("@/lib/jobs/runner");
  // server.mjs awaits this before exiting on SIGTERM, so a running job finishes first.
  (globalThis as unknown as { __dcdbBeforeExit?: () => Promise<void> }).__dcdbBeforeExit = () => stopJobRunner(10_000);
  ensureJobRunner({ role: "app" }).catch((error: unknown) => console.error("[jobs] 后台任务启动失败", error));
}
