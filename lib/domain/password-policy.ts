/**
 * Password rule of the platform: at least 8 characters drawn from at least 3 of the 4 classes
 * (lower case, upper case, digits, symbols), and not the same as the username. Returns a Chinese
 * message for the first rule broken, or null when the password is acceptable.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function passwordClasses(password: string): number {
  let classes = 0;
  if (/[a-z]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[0-9]/.test(password)) classes++;
  if (/[^a-zA-Z0-9]/.test(password)) classes++;
  return classes;
}

export function checkPasswordStrength(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (password.length > PASSWORD_MAX_LENGTH) return `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`;
  if (passwordClasses(password) < 3) return "密码需包含大写字母、小写字母、数字、符号中的至少三类";
  if (username && password.toLowerCase().includes(username.toLowerCase())) return "密码不能包含用户名";
  return null;
}

/** Lockout rule: after `maxFailures` consecutive failures the account is locked for `lockMinutes`. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export interface LoginCounters {
  failedLoginCount: number;
  lockedUntil: Date | null;
}

/** Whole minutes (rounded up) until a lock ends: what the refusal message names. */
export function minutesUntil(lockedUntil: Date, now: Date): number {
  return Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000);
}

export function isLocked(counters: LoginCounters, now: Date): boolean {
  return counters.lockedUntil !== null && counters.lockedUntil.getTime() > now.getTime();
}

/** The counters after one more failed attempt (a lock that has expired starts a fresh count). */
export function afterFailure(counters: LoginCounters, policy: LockoutPolicy, now: Date): LoginCounters {
  const expired = counters.lockedUntil !== null && counters.lockedUntil.getTime() <= now.getTime();
  const failures = (expired ? 0 : counters.failedLoginCount) + 1;
  if (failures >= policy.maxFailures) {
    return { failedLoginCount: failures, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failedLoginCount: failures, lockedUntil: null };
}
