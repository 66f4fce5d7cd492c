// The production server (`npm start`, `npm run demo`, e2e): Next's own request handler behind a plain
// Node HTTP server whose only job is to append the TCP peer address to X-Forwarded-For, as a proxy does.
// `next start` cannot be used for this: it copies the socket address into X-Forwarded-For only when the
// client sent none, so a forged header would replace the real address (see lib/auth/request-meta.ts).
// Settings: PORT (default 3000), HOST (default: every interface).
// A production start refuses a setup that cannot work (scripts/start-checks.mjs: AUTH_SECRET with DATABASE_URL,
// DATABASE_URL with several servers), before Next is loaded.
const { refuseToStartOnError } = await import("./scripts/start-checks.mjs");
refuseToStartOnError();
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const { createServer } = await import("node:http");
const { default: next } = await import("next");

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined;
const startedAt = Date.now();

const app = next({ dev: false, dir: import.meta.dirname, port, hostname: host ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const peer = req.socket.remoteAddress ?? "";
  const prior = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = prior ? `${prior}, ${peer}` : peer;
  void handle(req, res);
});

// Every app server behind one proxy must serve the same build (its static files and server-action ids): the
// build id in the log lets an operator compare them.
const { readFileSync } = await import("node:fs");
const distDir = process.env.NEXT_DIST_DIR || ".next";
let buildId = "?";
try {
  buildId = readFileSync(`${import.meta.dirname}/${distDir}/BUILD_ID`, "utf8").trim();
} catch {
  // app.prepare() above already refused a missing build; an unreadable id is only a log detail.
}

server.listen(port, host, () => {
  console.log(`✓ Ready in ${Date.now() - startedAt}ms: http://${host ?? "localhost"}:${port} (build ${buildId})`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    // Let the in-app job runner (instrumentation.ts) finish a running job before the process ends.
    const beforeExit = globalThis.__dcdbBeforeExit ?? (async () => {});
    server.close(() => void beforeExit().finally(() => process.exit(0)));
    // Open keep-alive connections would hold close() forever.
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 15_000).unref();
  });
}
