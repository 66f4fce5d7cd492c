import { z } from "zod";
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
/** Checkbox in FormData: "on"/"true"/"1" → true; absent → false. */
export const checkboxSchema = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

export { isUniqueViolation } from "@/lib/domain/errors";
export { versionField } from "@/lib/services/validation";
export { generatePassword } from "@/lib/auth/password";
