import { describe, expect, it } from "vitest";
import { newTotpSecret, totpCode, totpStep, totpUri, verifyTotp } from "./totp";

describe("TOTP", () => {
  const secret = newTotpSecret();
  const now = new Date("2026-03-02T08:00:10Z");

  it("accepts the current code and one step of drift either way, nothing further", () => {
    const step = totpStep(now);
    expect(verifyTotp(secret, totpCode(secret, now), now, null)).toBe(step);
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now, null)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now, null)).toBe(step + 1);
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now, null)).toBeNull();
  });

  it("accepts a code once: the same step (or an earlier one) after it was used is refused", () => {
    const code = totpCode(secret, now);
    const step = verifyTotp(secret, code, now, null)!;
    expect(verifyTotp(secret, code, now, step)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now, step)).toBeNull();
  });

  it("refuses anything that is not six digits, and another secret's code", () => {
    expect(verifyTotp(secret, "12345", now, null)).toBeNull();
    expect(verifyTotp(secret, "abcdef", now, null)).toBeNull();
    const other = newTotpSecret();
    expect(verifyTotp(secret, totpCode(other, now), now, null) === null || totpCode(other, now) === totpCode(secret, now)).toBe(true);
  });

  it("builds the otpauth address authenticator apps read", () => {
    expect(totpUri(secret, "admin", "督查督办")).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });
});
