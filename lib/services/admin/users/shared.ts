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
/**
 * OA 账号 (single sign-on identity): optional, as the OA spells it; empty → not linked. Control characters are
 * refused (the OA never sends them, and they would make the audit log unreadable).
 */
export const externalIdSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .refine((v) => v.length <= 128, "OA 账号不能超过 128 个字符")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "OA 账号不能包含控制字符")
  .transform((v) => (v === "" ? null : v));

/** The unique index on users.external_id: one OA account signs in one user. */
export const EXTERNAL_ID_TAKEN = "该 OA 账号已关联其他用户";
export const EXTERNAL_ID_UNIQUE = "users_external_id_unique";

/** Checkbox in FormData: "on"/"true"/"1" → true; absent → false. */
export const checkboxSchema = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

export { isUniqueViolation } from "@/lib/domain/errors";
export { versionField } from "@/lib/services/validation";
export { generatePassword } from "@/lib/auth/password";
