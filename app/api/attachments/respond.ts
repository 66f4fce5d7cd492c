import { toDomainError, type DomainErrorCode } from "@/lib/domain/errors";
import { FILE_STORE_UNAVAILABLE_MESSAGE, FileStoreUnavailableError } from "@/lib/storage";

const STATUS: Record<DomainErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 400,
  LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** Statuses more precise than the code's, named by the error's detail.reason. */
const STATUS_BY_REASON: Record<string, number> = { too_large: 413, storage_full: 507 };

/** Maps any error to a JSON response with a Chinese message; details go to the log only. */
export function errorResponse(error: unknown): Response {
  const domain = toDomainError(error);
  if (domain) {
    const reason = (domain.detail as { reason?: string } | undefined)?.reason;
    const status = (reason && STATUS_BY_REASON[reason]) || STATUS[domain.code];
    return Response.json({ code: domain.code, message: domain.message }, { status, headers: { "Cache-Control": "no-store" } });
  }
  if (error instanceof FileStoreUnavailableError) {
    // The object store is down or refusing, or the disk is full: nothing was kept, and trying again later may work.
    console.error("[attachments] file store unavailable", error);
    return Response.json(
      { code: "STORE_UNAVAILABLE", message: FILE_STORE_UNAVAILABLE_MESSAGE },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "30" } },
    );
  }
  console.error("[attachments] unexpected error", error);
  return Response.json({ code: "INTERNAL", message: "系统繁忙，操作未完成，请稍后重试" }, { status: 500, headers: { "Cache-Control": "no-store" } });
}
