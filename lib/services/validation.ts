import { z } from "zod";
import { validation } from "@/lib/domain/errors";
import { isUuid } from "@/lib/domain/ids";

/** The headline of a refusal for a character PostgreSQL cannot store in text (U+0000). */
export const NUL_MESSAGE = "内容含有无法保存的空字符（\\u0000），请删除后重试";

/** The first field (top-level key) whose value holds a NUL character anywhere inside it, if any. */
function fieldWithNul(input: unknown): string | null {
  const has = (v: unknown, depth: number): boolean => {
    if (typeof v === "string") return v.includes("\u0000");
    if (depth > 4 || v === null || typeof v !== "object") return false;
    return Object.values(v as Record<string, unknown>).some((x) => has(x, depth + 1));
  };
  if (input === null || typeof input !== "object") return has(input, 0) ? "_" : null;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) if (has(value, 0)) return key;
  return null;
}

/**
 * Parses service input with a zod schema. A failure becomes one VALIDATION error carrying the first
 * Chinese message per field (for the form) and, when only one field is wrong, that message as the
 * headline; nothing has been written at that point. `fieldErrors` found by the caller beforehand
 * (checks against today's date, say) are reported together with the schema's.
 *
 * Every text field of every verb passes here, so this is also where a NUL character is refused:
 * PostgreSQL rejects U+0000 in text, which would otherwise surface as a 500.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  message = "填写的内容有误，请检查后重试",
  fieldErrors: Record<string, string> = {},
): z.output<S> {
  const nulField = fieldWithNul(input);
  if (nulField) throw validation(NUL_MESSAGE, { [nulField]: NUL_MESSAGE });
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success && Object.keys(fieldErrors).length === 0) return parsed.data;
  const errors: Record<string, string> = { ...fieldErrors };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_";
    errors[key] ??= issue.message;
  }
  const messages = Object.values(errors);
  throw validation(messages.length === 1 ? messages[0]! : message, errors);
}

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/** The message of every optimistic-concurrency refusal of an edit form. */
export const STALE_MESSAGE = "该记录已被他人修改，请刷新后重试";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const uuid = (message: string) => z.string({ error: message }).refine(isUuid, message);

/** A required record id (the one UUID check, lib/domain/ids.ts); blank → `message`. */
export const idField = (message: string) => z.preprocess(blankToUndefined, uuid(message));
/** An optional record id: blank or absent → undefined. */
export const optionalIdField = (message: string) => z.preprocess(blankToUndefined, uuid(message).optional());
/** A list of record ids from a repeated form field or an array; blanks are dropped. */
export const idListField = (message: string, max = 50) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]),
    z.array(uuid(message)).max(max, `一次最多 ${max} 项`),
  );

const STALE_FORM_MESSAGE = "缺少版本号，请刷新后重试";
/**
 * The version of the record as the page the user acted on showed it. Required on every step, admin
 * and workflow alike: a stale page gets a conflict instead of overwriting, and without it a replayed
 * request could repeat a step that keeps the state (分办, 转交) against whatever the record has become.
 */
export const versionField = z.preprocess(
  blankToUndefined,
  z.coerce.number({ error: STALE_FORM_MESSAGE }).int(STALE_FORM_MESSAGE).positive(STALE_FORM_MESSAGE),
);

/**
 * The same, for a row the form may have seen missing (an insert-or-update: a reminder rule of a level
 * that has none yet, a setting never saved): 0 means "no row yet", and a row someone else added meanwhile
 * is then stale.
 */
export const rowVersionField = z.preprocess(
  blankToUndefined,
  z.coerce.number({ error: STALE_FORM_MESSAGE }).int(STALE_FORM_MESSAGE).min(0, STALE_FORM_MESSAGE),
);
