// What a production start refuses, before it touches the database (`npm start` runs this first; server.mjs and
// `npm run worker` check again, for units that start them directly). Plain JavaScript: server.mjs loads it
// before Next. Every message is Chinese and names the variable.
//
// The rules:
// - DATABASE_URL set (a real deployment): AUTH_SECRET must be set. A secret generated into DATA_DIR would be
//   one per machine, and every server must verify the others' session cookies. The demo on the embedded PGlite
//   (no DATABASE_URL) keeps its generated secret file.
// - Several processes on one database — CLUSTER=true (several app servers), or JOBS_IN_APP=false (a separate
//   `npm run worker` runs the jobs) — need DATABASE_URL: the embedded PGlite can be opened by one process only.
// - CLUSTER=true also needs PII_KEY and AUDIT_HMAC_KEY: each server would otherwise generate its own, and a mobile
//   number sealed on one could not be opened on another, nor could one chain of 操作日志 be continued.
// - NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is a build-time setting: checked by next.config.ts through serverActionsKeyRefusal.

const TRUE = /^(true|1|yes|on)$/i;
const FALSE = /^(false|0|no|off)$/i;

/**
 * @param {Record<string, string | undefined>} env
 * @param {"app" | "worker"} [role] the worker signs no cookie (no AUTH_SECRET) and checks DATABASE_URL itself
 * @returns {string[]} the refusals, empty when the start may go on
 */
export function startRefusals(env, role = "app") {
  const refusals = [];
  const set = (name) => (env[name] ?? "").trim() !== "";
  const cluster = TRUE.test(env.CLUSTER ?? "");
  const separateWorker = FALSE.test(env.JOBS_IN_APP ?? "");
  if (!set("DATABASE_URL") && role === "app") {
    if (cluster) {
      refusals.push("设置了 CLUSTER=true（多台应用服务器）却未设置 DATABASE_URL：多台服务器必须共用一个 PostgreSQL 数据库，内嵌数据库 PGlite 只能由一个进程打开。");
    }
    if (separateWorker) {
      refusals.push("设置了 JOBS_IN_APP=false（后台任务由单独的 npm run worker 运行）却未设置 DATABASE_URL：worker 只能连接 PostgreSQL 服务器，内嵌数据库 PGlite 只能由一个进程打开。");
    }
  } else if (set("DATABASE_URL") && role === "app" && !set("AUTH_SECRET")) {
    refusals.push("设置了 DATABASE_URL（正式部署）时必须设置 AUTH_SECRET（用 openssl rand -base64 32 生成，所有应用服务器取同一个值），否则各服务器无法识别彼此签发的登录会话。");
  }
  if (cluster && set("DATABASE_URL")) {
    for (const [name, why] of [
      ["PII_KEY", "加密手机号的 SM4 密钥（openssl rand -hex 16）"],
      ["AUDIT_HMAC_KEY", "操作日志完整性校验链的密钥（不少于 32 个字符）"],
    ]) {
      if (!set(name)) refusals.push(`设置了 CLUSTER=true（多台应用服务器）时必须设置 ${name}：${why}，所有应用服务器和 worker 取同一个值；各自生成的密钥互不相同。`);
    }
  }
  return refusals;
}

/**
 * NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is read by `next build` (next.config.ts checks it there) and embedded in
 * the build: servers built apart from one another accept each other's server actions only when it was the same.
 * @param {string | undefined} raw @returns {string | null}
 */
export function serverActionsKeyRefusal(raw) {
  if (raw === undefined || raw.trim() === "") return null;
  const value = raw.trim();
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64").length : 0;
  return [16, 24, 32].includes(bytes) ? null : "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY 必须是 16、24 或 32 字节的 base64 值（用 openssl rand -base64 32 生成）。";
}

/** Prints the refusals and ends the process with exit code 1; returns when there are none. */
export function refuseToStartOnError(env = process.env, role = "app") {
  const refusals = startRefusals(env, role);
  if (refusals.length === 0) return;
  for (const refusal of refusals) console.error(`拒绝启动：${refusal}`);
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) refuseToStartOnError();
