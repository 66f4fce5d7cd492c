import { z } from "zod";
import { validation } from "@/lib/domain/errors";
import { isUuid } from "@/lib/domain/ids";

/** The headline of a refusal for a character PostgreSQL cannot store in text (U+0000). */
export const NUL_MESSAGE = "内容含有无法保存的空字符（\\u0000），请删除后重试";
/** Other control characters (C0 except tab and line breaks, DEL, C1): invisible, never typed, often an attack or a bad paste. */
export const CONTROL_MESSAGE = "内容含有不可见的控制字符，请删除后重试";
/** The longest text any field takes; each schema sets its own, lower max — this is the backstop for one it forgot. */
export const MAX_TEXT_LENGTH = 50_000;
export const TOO_LONG_MESSAGE = `内容过长，不能超过 ${MAX_TEXT_LENGTH} 个字`;

// Tab, LF and CR are allowed (multi-line fields); every other C0 control, DEL and the C1 block are not.
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return NUL_MESSAGE;
  if (CONTROL.test(value)) return CONTROL_MESSAGE;
  if (value.length > MAX_TEXT_LENGTH) return TOO_LONG_MESSAGE;
  return null;
}

/** The first field (top-level key) whose value holds unacceptable text anywhere inside it, with the message. */
function badText(input: unknown): { field: string; message: string } | null {
  const find = (v: unknown, depth: number): string | null => {
    if (typeof v === "string") return textProblem(v);
    if (depth > 4 || v === null || typeof v !== "object" || ArrayBuffer.isView(v)) return null;
    for (const x of Object.values(v as Record<string, unknown>)) {
      const problem = find(x, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  if (input === null || typeof input !== "object") {
    const problem = find(input, 0);
    return problem ? { field: "_", message: problem } : null;
  }
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const problem = find(value, 0);
    if (problem) return { field: key, message: problem };
  }
  return null;
}

/**
 * Parses service input with a zod schema. A failure becomes one VALIDATION error carrying the first
 * Chinese message per field (for the form) and, when only one field is wrong, that message as the
 * headline; nothing has been written at that point. `fieldErrors` found by the caller beforehand
 * (checks against today's date, say) are reported together with the schema's.
 *
 * Every text field of every verb passes here, so this is also where the input rules common to all text are
 * enforced, before the schema: a NUL character (PostgreSQL rejects U+0000 in text, which would otherwise
 * surface as a 500), other control characters (C0 except tab, LF, CR; DEL; C1), and more than
 * MAX_TEXT_LENGTH characters. Everything else — markup, quotes, SQL-looking text, emoji, bidi marks — is
 * stored exactly as given: queries are parameterised and React escapes on output.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  message = "填写的内容有误，请检查后重试",
  fieldErrors: Record<string, string> = {},
): z.output<S> {
  const bad = badText(input);
  if (bad) throw validation(bad.message, { [bad.field]: bad.message });
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
