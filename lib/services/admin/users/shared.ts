import { randomInt } from "node:crypto";
import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "@/lib/domain/password-policy";
export { idField, idListField, parseInput, STALE_MESSAGE, type RequestMeta } from "@/lib/services/validation";

/** Mainland China mobile number (11 digits, 13x–19x). */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;

export const usernameSchema = z
  .string({ error: "请填写用户名" })
  .trim()
  .min(1, "请填写用户名")
  .regex(USERNAME_PATTERN, "用户名须以字母开头，3～32 位，只能包含字母、数字、下划线、点或连字符");
export const displayNameSchema = z.string({ error: "请填写姓名" }).trim().min(1, "请填写姓名").max(50, "姓名不能超过 50 个字");
/** Empty → no mobile. Spaces and dashes people type are removed before checking. */
export const mobileSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").replace(/[\s-]/g, ""))
  .refine((v) => v === "" || MOBILE_PATTERN.test(v), "手机号码格式不正确，应为 11 位大陆手机号")
  .transform((v) => (v === "" ? null : v));
export const versionSchema = z.coerce.number({ error: "缺少记录版本，请刷新后重试" }).int().positive("缺少记录版本，请刷新后重试");
/** Checkbox in FormData: "on"/"true"/"1" → true; absent → false. */
export const checkboxSchema = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

const LOWER = "abcdefghijkmnpqrstuvwxyz";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
const SYMBOLS = "@#%+=!";

/**
 * A temporary password that satisfies the password policy: 12 characters with all four classes, no
 * look-alike characters (0/O, 1/l/I) because an admin reads it out to the user.
 */
export function generateTemporaryPassword(length = Math.max(12, PASSWORD_MIN_LENGTH)): string {
  const pools = [LOWER, UPPER, DIGITS, SYMBOLS];
  const all = pools.join("");
  const chars = pools.map((pool) => pool[randomInt(pool.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/** A unique-index violation (23505) from either driver, possibly wrapped by Drizzle. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505") {
      if (!constraint) return true;
      const c = (e as { constraint_name?: string; constraint?: string }).constraint_name ?? (e as { constraint?: string }).constraint;
      return c === undefined || c === constraint;
    }
  }
  return false;
}
