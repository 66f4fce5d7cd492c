import { describe, expect, it } from "vitest";
import { afterFailure, checkPasswordStrength, isLocked } from "./password-policy";

describe("password strength", () => {
  it.each([
    ["Ab1!", "密码至少需要 8 个字符"],
    ["abcdefgh", "三类"],
    ["abcdefg1", "三类"],
    ["ABCDEFG1", "三类"],
  ])("refuses %s", (password, message) => {
    expect(checkPasswordStrength(password)).toContain(message);
  });

  it.each(["Abcdefg1", "abcdef1!", "ABCDEF1!", "Abcdefg!", "安全密码Ab12"])("accepts %s", (password) => {
    expect(checkPasswordStrength(password)).toBeNull();
  });

  it("refuses a password containing the username", () => {
    expect(checkPasswordStrength("Dcs_jbr2026!", "dcs_jbr")).toBe("密码不能包含用户名");
  });
});

describe("lockout", () => {
  const policy = { maxFailures: 5, lockMinutes: 15 };
  const now = new Date("2026-11-27T10:00:00Z");

  it("locks on the fifth consecutive failure for fifteen minutes", () => {
    let counters = { failedLoginCount: 0, lockedUntil: null as Date | null };
    for (let i = 1; i <= 4; i++) {
      counters = afterFailure(counters, policy, now);
      expect(counters).toEqual({ failedLoginCount: i, lockedUntil: null });
      expect(isLocked(counters, now)).toBe(false);
    }
    counters = afterFailure(counters, policy, now);
    expect(counters.lockedUntil?.toISOString()).toBe("2026-11-27T10:15:00.000Z");
    expect(isLocked(counters, now)).toBe(true);
    expect(isLocked(counters, new Date("2026-11-27T10:14:59Z"))).toBe(true);
    expect(isLocked(counters, new Date("2026-11-27T10:15:00Z"))).toBe(false);
  });

  it("starts counting afresh once a lock has expired", () => {
    const expired = { failedLoginCount: 5, lockedUntil: new Date("2026-11-27T09:00:00Z") };
    expect(afterFailure(expired, policy, now)).toEqual({ failedLoginCount: 1, lockedUntil: null });
  });
});
