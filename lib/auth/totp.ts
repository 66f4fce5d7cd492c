import { Secret, TOTP } from "otpauth";

/**
 * 动态口令 (TOTP, RFC 6238): 6 digits, 30-second steps, SHA-1 — what every authenticator app (微信小程序
 * "腾讯身份验证器", Google/Microsoft Authenticator, FreeOTP) reads from the QR code. Computed locally: no network.
 */
const PERIOD = 30;
const DIGITS = 6;

function totp(secretBase32: string, label = "", issuer = ""): TOTP {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret (160 bits, base32, as authenticator apps expect). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address the QR code carries. */
export function totpUri(secretBase32: string, account: string, issuer: string): string {
  return totp(secretBase32, account, issuer).toString();
}

/** The time step a moment falls in. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD);
}

/** The code for a moment (tests and the e2e compute codes with this). */
export function totpCode(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

/**
 * Checks a code allowing one step of clock drift either way. Returns the step it matched, or null; a
 * step at or before `lastUsedStep` is refused, so a code (or an older one) is accepted once only.
 */
export function verifyTotp(secretBase32: string, code: string, now: Date, lastUsedStep: number | null): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}
