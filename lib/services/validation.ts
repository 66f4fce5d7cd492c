import type { z } from "zod";
import { validation } from "@/lib/domain/errors";

/**
 * Parses service input with a zod schema. A failure becomes one VALIDATION error carrying the first
 * Chinese message per field (for the form) and, when only one field is wrong, that message as the
 * headline; nothing has been written at that point.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = "填写的内容有误，请检查后重试"): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_";
    fieldErrors[key] ??= issue.message;
  }
  const messages = Object.values(fieldErrors);
  throw validation(messages.length === 1 ? messages[0]! : message, fieldErrors);
}

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/** The message of every optimistic-concurrency refusal of an edit form. */
export const STALE_MESSAGE = "该记录已被他人修改，请刷新后重试";
