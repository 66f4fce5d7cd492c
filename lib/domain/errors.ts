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
  | "RATE_LIMITED";

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
