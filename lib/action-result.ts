import "server-only";
import { unstable_rethrow } from "next/navigation";
import { toDomainError, type DomainErrorCode } from "@/lib/domain/errors";

/** What every server action returns to the browser: never a stack trace, always a Chinese message. */
export type ActionResult<T = void> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: DomainErrorCode | "INTERNAL"; message: string; fieldErrors?: Record<string, string> };

/** The one mapper from service errors to action results. Next's redirects pass through untouched. */
export async function runAction<T>(fn: () => Promise<T>, successMessage?: string): Promise<ActionResult<T>> {
  try {
    const data = await fn();
    return { ok: true, data, message: successMessage };
  } catch (error) {
    unstable_rethrow(error);
    const domain = toDomainError(error);
    if (domain) return { ok: false, code: domain.code, message: domain.message, fieldErrors: domain.fieldErrors };
    console.error("[action] unexpected error", error);
    return { ok: false, code: "INTERNAL", message: "系统繁忙，操作未完成，请稍后重试" };
  }
}
