/**
 * The fault checks' machinery (scripts/faults/run.ts): a private PostgreSQL cluster, production app servers
 * (`node server.mjs` on the built app) started and killed at will, and an HTTP client that acts as a signed-in
 * user does — Auth.js's credentials login, server actions posted the way the browser posts them, the upload route.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import postgres from "postgres";

// npm runs scripts from the package root, where the build and server.mjs are.
export const ROOT = process.cwd();
/** PG_BIN, else the newest Debian PostgreSQL server programs installed (/usr/lib/postgresql/<major>/bin). */
export const PG_BIN = process.env.PG_BIN ?? newestDebianPostgres() ?? "/usr/lib/postgresql/15/bin";

function newestDebianPostgres(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base).filter((name) => /^\d+$/.test(name) && existsSync(path.join(base, name, "bin", "initdb")));
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(base, newest, "bin") : undefined;
}
export const DEMO_PASSWORD = "Demo@2026";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ""}`);
    await sleep(everyMs);
  }
}

function run(command: string, args: string[], options: { asPostgres?: boolean } = {}): string {
  const [cmd, argv] = options.asPostgres && process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

function runAsync(command: string, args: string[]): Promise<void> {
  const [cmd, argv] = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${code}): ${stderr}`))));
  });
}

/**
 * A PostgreSQL 15 cluster of our own in a temporary folder (never the machine's server on 5432, which other work
 * uses): it can be stopped and restarted under load without disturbing anyone. PostgreSQL refuses to run as root,
 * so as root the cluster belongs to the `postgres` user.
 */
export class PrivateCluster {
  // Its own temporary folder, not under the run's (mode 700, root's): the postgres user must reach it.
  readonly dir = mkdtempSync(path.join(tmpdir(), "dcdb-faults-pg-"));
  constructor(readonly port: number) {}

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  init(): void {
    if (!existsSync(path.join(PG_BIN, "initdb"))) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (set PG_BIN)`);
    if (process.getuid?.() === 0) run("chown", ["postgres:postgres", this.dir]);
    run(path.join(PG_BIN, "initdb"), ["-D", path.join(this.dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"], { asPostgres: true });
    this.start();
  }

  private pgCtlArgs(args: string[]): string[] {
    return ["-D", path.join(this.dir, "data"), "-w", "-t", "60", ...args];
  }

  private get startArgs() {
    return ["-l", path.join(this.dir, "server.log"), "-o", `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, "start"];
  }
  private readonly stopArgs = ["-m", "fast", "stop"];

  start(): void {
    run(path.join(PG_BIN, "pg_ctl"), this.pgCtlArgs(this.startArgs), { asPostgres: true });
  }

  /** `-m fast`: open sessions are ended at once, as an administrator's restart or a failover does. */
  stop(): void {
    run(path.join(PG_BIN, "pg_ctl"), this.pgCtlArgs(this.stopArgs), { asPostgres: true });
  }

  /**
   * The same, without blocking this process: under load the checks keep sending requests and timing answers while
   * PostgreSQL stops and starts (a synchronous child would freeze them and their clocks).
   */
  stopAsync(): Promise<void> {
    return runAsync(path.join(PG_BIN, "pg_ctl"), this.pgCtlArgs(this.stopArgs));
  }

  startAsync(): Promise<void> {
    return runAsync(path.join(PG_BIN, "pg_ctl"), this.pgCtlArgs(this.startArgs));
  }

  destroy(keep = false): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A short-lived admin connection for set-up and for reading what the app wrote. */
export function sqlClient(url: string) {
  return postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5 });
}

export interface AppServer {
  readonly url: string;
  readonly process: ChildProcess;
  readonly log: string;
  /** SIGKILL: no shutdown hook, no job runner stop, sockets cut mid-request. */
  kill9(): Promise<void>;
  /** SIGTERM, as an orderly stop. */
  stop(): Promise<void>;
}

export interface AppOptions {
  port: number;
  databaseUrl: string;
  dataDir: string;
  storageDir: string;
  logFile: string;
  env?: Record<string, string>;
}

/** `node server.mjs` on the production build, as `npm start` serves it (migrations and seed were done beforehand). */
export async function startApp(options: AppOptions): Promise<AppServer> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const out = openSync(options.logFile, "a");
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      STORAGE_DIR: options.storageDir,
      AUTH_SECRET: "faults-only-secret-not-for-production-0123456789",
      LOGIN_IP_MAX_FAILURES: "500",
      ...options.env,
    },
  });
  closeSync(out);
  const url = `http://127.0.0.1:${options.port}`;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  await waitFor(`app on ${url} ready`, 90_000, async () => {
    if (exited) throw new Error(`server exited; see ${options.logFile}`);
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? true : undefined;
  });
  const signal = async (name: NodeJS.Signals) => {
    if (exited) return;
    process.kill(-child.pid!, name);
    await exit;
  };
  return { url, process: child, log: options.logFile, kill9: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}

/** Next's server action ids of the build, by exported name (the browser sends the id in the `Next-Action` header). */
export function actionIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName) ids.set(entry.exportedName, id);
  }
  return ids;
}

export interface ActionOutcome {
  status: number;
  /** The action's return value (ActionResult), when it returned one. */
  result?: { ok: boolean; data?: Record<string, unknown>; message?: string; code?: string };
  /** Where the action redirected to (createTaskAction: the new task's page). */
  redirect?: string;
  ms: number;
}

/** One signed-in user: a cookie jar over fetch, with the same-origin headers a browser sends. */
export class UserSession {
  private readonly cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly username: string,
  ) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  /** The session's cookies, for a browser that should be signed in as this user. */
  cookieList(): { name: string; value: string; url: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value, url: this.base }));
  }

  async fetch(pathname: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    headers.set("origin", this.base);
    const response = await fetch(`${this.base}${pathname}`, { redirect: "manual", ...init, headers, signal: AbortSignal.timeout(init.timeoutMs ?? 30_000) });
    this.remember(response);
    return response;
  }

  /** Auth.js's credentials sign-in, as the login form's action does it. */
  async login(password = DEMO_PASSWORD): Promise<this> {
    const csrf = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const body = new URLSearchParams({ username: this.username, password, csrfToken: csrf.csrfToken, callbackUrl: `${this.base}/` });
    const response = await this.fetch("/api/auth/callback/credentials", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    await response.arrayBuffer();
    if (![...this.cookies.keys()].some((name) => name.includes("session-token"))) {
      throw new Error(`login of ${this.username} failed: HTTP ${response.status} ${response.headers.get("location") ?? ""}`);
    }
    return this;
  }

  /**
   * Posts a server action as the browser does for `useActionState(action)`: the arguments [previousState, formData]
   * encoded by React's own encodeReply (the copy Next ships), with the action's id in the `Next-Action` header.
   */
  async action(id: string, page: string, fields: Record<string, string | string[]>, timeoutMs = 30_000): Promise<ActionOutcome> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    }
    const body = await encodeReply([null, form]);
    const started = Date.now();
    const response = await this.fetch(page, { method: "POST", body, headers: { "next-action": id, accept: "text/x-component" }, timeoutMs });
    const text = await response.text();
    const outcome: ActionOutcome = { status: response.status, ms: Date.now() - started };
    const redirect = response.headers.get("x-action-redirect");
    if (redirect) outcome.redirect = redirect.split(";")[0];
    // The RSC payload: row "0" is the envelope ({"a":"$@1",…}), row "1" the action's return value.
    const row = /^1:(\{.*\})$/m.exec(text);
    if (row) outcome.result = JSON.parse(row[1]!) as ActionOutcome["result"];
    return outcome;
  }

  async upload(filename: string, bytes: Buffer, timeoutMs = 30_000): Promise<{ status: number; body: Record<string, unknown> }> {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), filename);
    const response = await this.fetch("/api/attachments", { method: "POST", body: form, timeoutMs });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, body };
  }
}

/** A small valid PDF (the upload route checks the content, not only the name), made distinct by `marker`. */
export function samplePdf(marker: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ${marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

const reactClient = createRequire(path.join(ROOT, "package.json"))("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply(value: unknown): Promise<string | FormData>;
};
const encodeReply = reactClient.encodeReply;

/** Outcome lines of one check. */
export class Verdict {
  readonly verified: string[] = [];
  readonly failures: string[] = [];
  check(ok: boolean, what: string, detail = ""): boolean {
    if (ok) this.verified.push(what);
    else this.failures.push(detail ? `${what} — ${detail}` : what);
    return ok;
  }
}
