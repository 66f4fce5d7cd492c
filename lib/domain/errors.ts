/**
 * The one error type of the domain and services. `message` is shown to the user (Simplified Chinese);
 * `detail` is for logs only.
 */
export type DomainErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "VALIDATION"
  | "LOCKED"
  | "RATE_LIMITED"
  /** The database or the file storage cannot serve the request now (restart, failover, full disk): nothing was saved. */
  | "UNAVAILABLE";

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly fieldErrors?: Record<string, string>;
  readonly detail?: unknown;

  constructor(code: DomainErrorCode, message: string, options?: { fieldErrors?: Record<string, string>; detail?: unknown }) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
    this.detail = options?.detail;
  }
}

export const notFound = (what = "记录") => new DomainError("NOT_FOUND", `${what}不存在或您无权查看`);
export const forbidden = (message = "您没有执行此操作的权限") => new DomainError("FORBIDDEN", message);
export const conflict = (message = "该记录已被他人处理或修改，请刷新后重试") => new DomainError("CONFLICT", message);
export const validation = (message: string, fieldErrors?: Record<string, string>) =>
  new DomainError("VALIDATION", message, { fieldErrors });

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * The SQLSTATE (and constraint) of a database error: postgres.js and PGlite put them on the error,
 * drizzle wraps that error as `cause`.
 */
export function databaseErrorCode(error: unknown): { code: string; constraint?: string } | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      const c = e as { constraint_name?: unknown; constraint?: unknown };
      const constraint = typeof c.constraint_name === "string" ? c.constraint_name : typeof c.constraint === "string" ? c.constraint : undefined;
      return { code, constraint };
    }
  }
  return undefined;
}

/** A unique index refused the row (optionally: that constraint), whichever driver reported it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const db = databaseErrorCode(error);
  return db?.code === "23505" && (!constraint || !db.constraint || db.constraint === constraint);
}

/** A foreign key refused the change (a delete of a row something started using meanwhile). */
export function isForeignKeyViolation(error: unknown): boolean {
  return databaseErrorCode(error)?.code === "23503";
}

/** What a unique violation means to the user, per constraint; anything else gets the general sentence. */
const UNIQUE_VIOLATION_MESSAGES: Record<string, string> = {
  tasks_task_no_unique: "生成的督办编号与已有事项重复，未能审签。请管理员检查系统参数中的督办编号规则（须包含 {year} 和 {seq}）后重试",
};

/**
 * The one place where a database refusal a verb did not anticipate becomes a domain error: a unique
 * violation (23505) means someone saved the same thing first, a CONFLICT with a clear message, not
 * "系统繁忙". Returns undefined for everything that is a real fault.
 */
export function toDomainError(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  if (isDatabaseUnavailable(error)) return new DomainError("UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, { detail: { reason: "database_unavailable" } });
  const db = databaseErrorCode(error);
  if (db?.code === "23505") {
    return new DomainError("CONFLICT", (db.constraint && UNIQUE_VIOLATION_MESSAGES[db.constraint]) || "与已有记录重复（可能刚被他人保存），操作未完成，请刷新后重试", {
      detail: db,
    });
  }
  return undefined;
}

/** What a step or page answers while the database cannot be reached: that nothing was saved, and what to do. */
export const DATABASE_UNAVAILABLE_MESSAGE = "数据库暂时无法连接（可能正在重启或切换），操作未完成，请稍后重试";

// Socket-level failures under the database driver (postgres.js names its own CONNECTION_CLOSED, CONNECTION_ENDED,
// CONNECTION_DESTROYED and CONNECT_TIMEOUT), and the SQLSTATEs of a
// server that is shutting down, starting up or in recovery (class 08: connection exception; 57P01–57P03).
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);

/**
 * The database could not be reached or went away mid-statement (a restart, a failover, a network cut). Only errors
 * that came through a database query count (drizzle's DrizzleQueryError carries `query`; postgres.js errors carry
 * `query` or a postgres error name), so a refused SMS gateway or object store is not mistaken for the database.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let fromDatabase = false;
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const o = e as { code?: unknown; query?: unknown; name?: unknown };
    if (typeof o.query === "string" || o.name === "PostgresError" || o.name === "DrizzleQueryError") fromDatabase = true;
    if (typeof o.code !== "string") continue;
    if (UNAVAILABLE_SQLSTATES.has(o.code) || /^08[0-9A-Z]{3}$/.test(o.code)) return true;
    if (o.code.startsWith("CONNECT")) return true;
    if (UNREACHABLE_CODES.has(o.code)) return fromDatabase;
  }
  return false;
}
