import "server-only";
import { eq, inArray } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db/client";
import { systemSettings, taskNumberSequences } from "@/db/schema";
import { DEFAULT_SETTINGS } from "@/lib/domain/settings";
import { env } from "@/lib/env";
import { DEFAULT_EXTENSIONS, DEFAULT_MAX_MB, DEFAULT_UPLOAD_QUOTA_MB } from "@/lib/domain/file-types";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { SETTING_KEYS, settingsSchema, type SettingKey, type SystemSettingsValues } from "@/lib/domain/settings";
import { DEFAULT_TASK_NO_PATTERN, taskNoYear } from "@/lib/domain/workflow/task-number";

export async function getSetting<T>(key: string, fallback: T): Promise<T> {
  const [row] = await getDb().select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, key));
  return (row?.value as T | undefined) ?? fallback;
}

export function getSystemName(): Promise<string> {
  return getSetting("systemName", DEFAULT_SETTINGS.systemName as string);
}

/** Where a value in force comes from: a row saved in 系统参数, the environment, or the built-in default. */
export type SettingSource = "setting" | "env" | "default";

/** The fallbacks of keys without a row: the environment where one exists, then the defaults. */
function fallbacks(): { values: SystemSettingsValues; sources: Record<SettingKey, SettingSource> } {
  const fromEnv = (name: string) => process.env[name] !== undefined && process.env[name] !== "";
  const attachmentMb = Number(process.env.ATTACHMENT_MAX_MB);
  return {
    values: {
      systemName: DEFAULT_SETTINGS.systemName as string,
      taskNoPattern: (DEFAULT_SETTINGS.taskNoPattern as string | undefined) ?? DEFAULT_TASK_NO_PATTERN,
      attachmentMaxMb: Number.isInteger(attachmentMb) && attachmentMb > 0 ? attachmentMb : DEFAULT_MAX_MB,
      attachmentTypes: [...DEFAULT_EXTENSIONS],
      uploadQuotaMb: DEFAULT_UPLOAD_QUOTA_MB,
      sessionIdleMinutes: env.sessionIdleMinutes,
      loginMaxFailures: env.loginMaxFailures,
      loginLockMinutes: env.loginLockMinutes,
      passwordLogin: DEFAULT_SETTINGS.passwordLogin as SystemSettingsValues["passwordLogin"],
      maxSessionsPerUser: DEFAULT_SETTINGS.maxSessionsPerUser as number,
      passwordMaxAgeDays: DEFAULT_SETTINGS.passwordMaxAgeDays as number,
      adminTotpRequired: DEFAULT_SETTINGS.adminTotpRequired as boolean,
      smsProvider: DEFAULT_SETTINGS.smsProvider as SystemSettingsValues["smsProvider"],
      smsGatewayUrl: DEFAULT_SETTINGS.smsGatewayUrl as string,
      smsSignature: DEFAULT_SETTINGS.smsSignature as string,
      smsTimeoutSeconds: DEFAULT_SETTINGS.smsTimeoutSeconds as number,
      smsQuietStart: DEFAULT_SETTINGS.smsQuietStart as string,
      smsQuietEnd: DEFAULT_SETTINGS.smsQuietEnd as string,
      smsDailyCap: DEFAULT_SETTINGS.smsDailyCap as number,
      scoreBase: DEFAULT_SETTINGS.scoreBase as number,
    },
    sources: {
      systemName: "default",
      taskNoPattern: "default",
      attachmentMaxMb: fromEnv("ATTACHMENT_MAX_MB") ? "env" : "default",
      attachmentTypes: "default",
      uploadQuotaMb: "default",
      sessionIdleMinutes: fromEnv("SESSION_IDLE_MINUTES") ? "env" : "default",
      loginMaxFailures: fromEnv("LOGIN_MAX_FAILURES") ? "env" : "default",
      loginLockMinutes: fromEnv("LOGIN_LOCK_MINUTES") ? "env" : "default",
      passwordLogin: "default",
      maxSessionsPerUser: "default",
      passwordMaxAgeDays: "default",
      adminTotpRequired: "default",
      smsProvider: "default",
      smsGatewayUrl: "default",
      smsSignature: "default",
      smsTimeoutSeconds: "default",
      smsQuietStart: "default",
      smsQuietEnd: "default",
      smsDailyCap: "default",
      scoreBase: "default",
    },
  };
}

export interface EffectiveSettings {
  values: SystemSettingsValues;
  /** Row version per key; 0 = no row yet (the value shown is the fallback). */
  versions: Record<SettingKey, number>;
  sources: Record<SettingKey, SettingSource>;
}

/**
 * Every 系统参数 value in force. A stored value that no longer passes validation (edited in the
 * database by hand) is ignored in favour of the fallback rather than breaking logins or uploads.
 */
export async function getEffectiveSettings(db: DbOrTx = getDb()): Promise<EffectiveSettings> {
  const rows = await db
    .select({ key: systemSettings.key, value: systemSettings.value, version: systemSettings.version })
    .from(systemSettings)
    .where(inArray(systemSettings.key, [...SETTING_KEYS]));
  const { values, sources } = fallbacks();
  const versions = Object.fromEntries(SETTING_KEYS.map((k) => [k, 0])) as Record<SettingKey, number>;
  const shape = settingsSchema.shape;
  for (const row of rows) {
    const key = row.key as SettingKey;
    versions[key] = row.version;
    const parsed = shape[key].safeParse(row.value);
    if (parsed.success) {
      (values as unknown as Record<string, unknown>)[key] = parsed.data;
      sources[key] = "setting";
    }
  }
  return { values, versions, sources };
}

/** The 系统参数 page: values, versions, sources and the next task number under the current pattern (admin.settings). */
export async function getSettingsForAdmin(viewer: Actor, now: Date = new Date()) {
  assertCan(viewer, "admin.settings");
  const effective = await getEffectiveSettings();
  const year = taskNoYear(now);
  const [counter] = await getDb().select({ lastValue: taskNumberSequences.lastValue }).from(taskNumberSequences).where(eq(taskNumberSequences.year, year));
  return { ...effective, year, nextSeq: (counter?.lastValue ?? 0) + 1 };
}

/** 登录锁定策略 in force: consecutive failures before locking and for how long. */
export async function getLockoutPolicy(db: DbOrTx = getDb()): Promise<{ maxFailures: number; lockMinutes: number }> {
  const { values } = await getEffectiveSettings(db);
  return { maxFailures: values.loginMaxFailures, lockMinutes: values.loginLockMinutes };
}

/** 密码登录 in force: everyone, or only holders of admin.settings. */
export async function getPasswordLoginMode(db: DbOrTx = getDb()): Promise<SystemSettingsValues["passwordLogin"]> {
  return (await getEffectiveSettings(db)).values.passwordLogin;
}

/** 登录与会话安全 in force beyond the lockout: session limit, password age, TOTP for admins. */
export async function getLoginSecurity(db: DbOrTx = getDb()): Promise<Pick<SystemSettingsValues, "maxSessionsPerUser" | "passwordMaxAgeDays" | "adminTotpRequired">> {
  const { values } = await getEffectiveSettings(db);
  return { maxSessionsPerUser: values.maxSessionsPerUser, passwordMaxAgeDays: values.passwordMaxAgeDays, adminTotpRequired: values.adminTotpRequired };
}

/**
 * 会话空闲时限 in force. Read at every request (the jwt callback, lib/auth/idle-limit.ts), so it reads its
 * one row by primary key rather than every setting; a stored value that fails validation falls back as in
 * getEffectiveSettings.
 */
export async function getSessionIdleMinutes(db: DbOrTx = getDb()): Promise<number> {
  const [row] = await db.select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, "sessionIdleMinutes"));
  const parsed = settingsSchema.shape.sessionIdleMinutes.safeParse(row?.value);
  return row && parsed.success ? parsed.data : env.sessionIdleMinutes;
}

/** 绩效基础分 in force (系统参数). */
export async function getScoreBase(db: DbOrTx = getDb()): Promise<number> {
  return (await getEffectiveSettings(db)).values.scoreBase;
}

export async function getTaskNoPattern(db: DbOrTx = getDb()): Promise<string> {
  return (await getEffectiveSettings(db)).values.taskNoPattern;
}
