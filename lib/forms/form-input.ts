import { validation } from "@/lib/domain/errors";

/** What a server action answers when it is called with arguments no page of the system sends. */
export const MALFORMED_REQUEST = "请求格式不正确，请刷新页面后重试";

/**
 * The one FormData → plain object parser of every server action (back office and workflow). Values
 * stay as the browser sent them; the service's zod schema validates and coerces them, so a replayed
 * or hand-made request gets the same checks as the form.
 *
 * - `lists`: fields that may repeat (checkbox groups, multi-selects, hidden id lists) always become an
 *   array of their string values, `[]` when absent.
 * - Other fields: their first value (a File stays a File, e.g. the user-import upload).
 * - Next's internal `$ACTION…` fields are dropped.
 */
export function formInput(formData: FormData, lists: readonly string[] = []): Record<string, unknown> {
  // Anyone can post any arguments to a server action; what is not a form gets a message, not a crash.
  if (!((formData as unknown) instanceof FormData)) throw validation(MALFORMED_REQUEST);
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    out[key] = lists.includes(key) ? formData.getAll(key).filter((v): v is string => typeof v === "string") : formData.get(key);
  }
  for (const key of lists) out[key] ??= [];
  return out;
}
