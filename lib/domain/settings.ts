import { z } from "zod";
import { isSupportedExtension, SUPPORTED_EXTENSIONS, type FileExtension } from "./file-types";
import { formatTaskNo, isValidTaskNoPattern } from "./workflow/task-number";
import { CLOCK_TIME } from "./delivery";
import { DEFAULT_BASE_SCORE } from "./stats/scoring";

/**
 * 系统参数: what the admin can set in the browser, stored as system_settings rows (key → JSON value).
 * A key without a row falls back to the environment (where one exists) and then to a default, so an
 * untouched installation behaves as its env says.
 */
export const SETTING_KEYS = [
  "systemName",
  "taskNoPattern",
  "attachmentMaxMb",
  "attachmentTypes",
  "uploadQuotaMb",
  "sessionIdleMinutes",
  "loginMaxFailures",
  "loginLockMinutes",
  "passwordLogin",
  "maxSessionsPerUser",
  "passwordMaxAgeDays",
  "adminTotpRequired",
  "smsProvider",
  "smsGatewayUrl",
  "smsSignature",
  "smsTimeoutSeconds",
  "smsQuietStart",
  "smsQuietEnd",
  "smsDailyCap",
  "scoreBase",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface SystemSettingsValues {
  systemName: string;
  taskNoPattern: string;
  attachmentMaxMb: number;
  attachmentTypes: FileExtension[];
  /** 每人每日上传总量 in MB (0 = unlimited). */
  uploadQuotaMb: number;
  sessionIdleMinutes: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  passwordLogin: PasswordLoginMode;
  maxSessionsPerUser: number;
  passwordMaxAgeDays: number;
  adminTotpRequired: boolean;
  smsProvider: SmsProviderName;
  smsGatewayUrl: string;
  smsSignature: string;
  smsTimeoutSeconds: number;
  smsQuietStart: string;
  smsQuietEnd: string;
  smsDailyCap: number;
  scoreBase: number;
}

/**
 * Who may sign in with a username and password: everyone, or (once the OA single sign-on is in use) only
 * those who may change 系统参数 — so the switch can always be turned back on by someone who can still log in.
 */
export const PASSWORD_LOGIN_MODES = ["all", "admins_only"] as const;
export type PasswordLoginMode = (typeof PASSWORD_LOGIN_MODES)[number];
export const PASSWORD_LOGIN_LABELS: Record<PasswordLoginMode, string> = {
  all: "所有用户均可使用密码登录",
  admins_only: "仅系统管理员可使用密码登录（其他用户从 OA 单点登录）",
};

/** How SMS leave the system: `log` writes them to the server log (the default, no gateway needed), `http` posts to the intranet gateway. */
export const SMS_PROVIDERS = ["log", "http"] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];
export const SMS_PROVIDER_LABELS: Record<SmsProviderName, string> = { log: "记录到服务器日志（不实际发送）", http: "HTTP 短信网关" };

export const SETTING_LABELS: Record<SettingKey, string> = {
  systemName: "系统名称",
  taskNoPattern: "督办编号规则",
  attachmentMaxMb: "附件大小上限（MB）",
  attachmentTypes: "允许的附件类型",
  uploadQuotaMb: "每人每日上传总量（MB）",
  sessionIdleMinutes: "会话空闲超时（分钟）",
  loginMaxFailures: "连续登录失败锁定次数",
  loginLockMinutes: "锁定时长（分钟）",
  passwordLogin: "密码登录",
  maxSessionsPerUser: "每个账号同时在线会话数上限",
  passwordMaxAgeDays: "密码有效期（天）",
  adminTotpRequired: "强制管理员启用双因素认证",
  smsProvider: "短信发送方式",
  smsGatewayUrl: "短信网关地址",
  smsSignature: "短信签名",
  smsTimeoutSeconds: "短信网关超时（秒）",
  smsQuietStart: "免打扰开始时间",
  smsQuietEnd: "免打扰结束时间",
  smsDailyCap: "每人每日短信上限",
  scoreBase: "绩效基础分",
};

/** A new password may not be any of the user's last this many passwords (the current one included). */
export const PASSWORD_HISTORY_DEPTH = 5;

/** Upper bound of the idle time-out; the session cookie lives this long and the jwt callback enforces the setting. */
export const MAX_SESSION_IDLE_MINUTES = 720;

const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .refine((n) => Number.isFinite(n), `${label}必须是数字`)
    .refine((n) => Number.isInteger(n), `${label}必须是整数`)
    .refine((n) => n >= min && n <= max, `${label}应在 ${min} 到 ${max} 之间`);

/** Accepts "pdf, .DOCX jpg" or an array; every item must be a type the upload check can verify. */
const extensionList = z.union([z.string(), z.array(z.string())]).transform((value, ctx) => {
  const items = (Array.isArray(value) ? value : value.split(/[,，;；\s]+/)).map((v) => v.trim().toLowerCase().replace(/^\./, "")).filter(Boolean);
  const unknown = items.filter((v) => !isSupportedExtension(v));
  if (unknown.length > 0) {
    ctx.addIssue({ code: "custom", message: `不支持的文件类型：${unknown.join("、")}（可选：${SUPPORTED_EXTENSIONS.join("、")}）` });
    return z.NEVER;
  }
  if (items.length === 0) {
    ctx.addIssue({ code: "custom", message: "请至少允许一种附件类型" });
    return z.NEVER;
  }
  return [...new Set(items)] as FileExtension[];
});

export const settingsSchema = z.object({
  systemName: z.string({ error: "请填写系统名称" }).trim().min(1, "请填写系统名称").max(40, "系统名称不超过 40 个字"),
  taskNoPattern: z
    .string({ error: "请填写督办编号规则" })
    .trim()
    .min(1, "请填写督办编号规则")
    .refine((p) => /\{seq(?::\d)?\}/.test(p), "编号规则必须包含 {seq}（流水号）")
    // The counter restarts every year: without the year, 1 January's numbers would repeat last year's.
    .refine((p) => p.includes("{year}"), "编号规则必须包含 {year}（年份）：流水号每年从 1 重新开始，缺少年份会与往年编号重复")
    .refine((p) => isValidTaskNoPattern(p), "编号规则不能超过 100 个字")
    .refine((p) => (p.match(/\{seq(?::\d)?\}/g) ?? []).length === 1, "编号规则只能包含一个 {seq}")
    .refine((p) => !/\{(?!year\}|seq(?::\d)?\})[^}]*\}/.test(p), "编号规则只支持 {year}、{seq} 和 {seq:3}（3 位补零）这几种占位符"),
  attachmentMaxMb: wholeNumber("附件大小上限", 1, 1024),
  attachmentTypes: extensionList,
  uploadQuotaMb: wholeNumber("每人每日上传总量", 0, 102_400),
  sessionIdleMinutes: wholeNumber("会话空闲超时", 5, MAX_SESSION_IDLE_MINUTES),
  loginMaxFailures: wholeNumber("连续登录失败锁定次数", 3, 20),
  loginLockMinutes: wholeNumber("锁定时长", 1, 1440),
  passwordLogin: z.enum(PASSWORD_LOGIN_MODES, { error: "请选择密码登录方式" }),
  // 0 = no limit; beyond the limit a new login ends the oldest session of that user.
  maxSessionsPerUser: wholeNumber("同时在线会话数上限", 0, 20),
  // 0 = passwords never expire; otherwise a password older than this must be changed after login.
  passwordMaxAgeDays: wholeNumber("密码有效期", 0, 3650),
  // A checkbox: posted as "on" when ticked and not at all when not; stored as a JSON boolean.
  adminTotpRequired: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  smsProvider: z.enum(SMS_PROVIDERS, { error: "请选择短信发送方式" }),
  // Empty is allowed (the log provider needs none); updateSettings refuses `http` without one.
  smsGatewayUrl: z
    .string()
    .trim()
    .max(500, "短信网关地址不超过 500 个字符")
    .refine((u) => u === "" || /^https?:\/\/[^\s]+$/i.test(u), "短信网关地址应以 http:// 或 https:// 开头"),
  smsSignature: z.string().trim().max(20, "短信签名不超过 20 个字"),
  smsTimeoutSeconds: wholeNumber("短信网关超时", 1, 60),
  smsQuietStart: z.string({ error: "请填写免打扰开始时间" }).trim().regex(CLOCK_TIME, "免打扰开始时间格式为 HH:MM，如 22:00"),
  smsQuietEnd: z.string({ error: "请填写免打扰结束时间" }).trim().regex(CLOCK_TIME, "免打扰结束时间格式为 HH:MM，如 07:00"),
  smsDailyCap: wholeNumber("每人每日短信上限", 1, 1000),
  scoreBase: wholeNumber("绩效基础分", 0, 1000),
});

/** Example numbers under a pattern, for the preview next to the input. */
export function previewTaskNo(pattern: string, year: number, nextSeq: number): string | null {
  return settingsSchema.shape.taskNoPattern.safeParse(pattern).success ? formatTaskNo(pattern, year, nextSeq) : null;
}

/** The first Chinese message of each invalid field, keyed by field. */
export function settingsFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

/** The stored values a fresh installation starts with (系统参数 overrides them). */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  systemName: "渝中区督查督办系统",
  taskNoPattern: "渝中督〔{year}〕{seq}号",
  passwordLogin: "all",
  maxSessionsPerUser: 0,
  passwordMaxAgeDays: 0,
  adminTotpRequired: false,
  smsProvider: "log",
  smsGatewayUrl: "",
  smsSignature: "【渝中区督查室】",
  smsTimeoutSeconds: 10,
  smsQuietStart: "22:00",
  smsQuietEnd: "07:00",
  smsDailyCap: 20,
  scoreBase: DEFAULT_BASE_SCORE,
};
