import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { auditLogs, users } from "@/db/schema";
import { getDb } from "@/db/client";
import { authenticate } from "./authenticate";
import { changePassword } from "./change-password";
import { logout } from "./logout";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { seedAll } from "@/db/seed/seed";
import { DomainError } from "@/lib/domain/errors";

// The real verification, counted: every refusal must cost the same work whether or not the name exists.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});
const { verifyPassword } = await import("@/lib/auth/password");

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
});
afterAll(() => cleanup());

const policy = { maxFailures: 5, lockMinutes: 15 };
const meta = { ip: "10.1.2.3", userAgent: "vitest" };

async function userRow(username: string) {
  const [row] = await getDb().select().from(users).where(eq(users.username, username));
  return row!;
}

async function lastAudit(action: string) {
  const [row] = await getDb().select().from(auditLogs).where(eq(auditLogs.action, action)).orderBy(desc(auditLogs.id)).limit(1);
  return row;
}

describe("authenticate", () => {
  it("accepts the right password case-insensitively on the username and records the login with IP and agent", async () => {
    const result = await authenticate({ username: "DCS_JBR", password: DEMO_PASSWORD, ...meta }, policy);
    expect(result.ok).toBe(true);
    const audit = await lastAudit("auth.login");
    expect(audit).toMatchObject({ success: true, ip: "10.1.2.3", userAgent: "vitest", actorName: "张敏" });
    expect((await userRow("dcs_jbr")).lastLoginAt).not.toBeNull();
  });

  it("refuses an unknown user with the same message as a wrong password and logs the attempt", async () => {
    const result = await authenticate({ username: "nobody", password: "x", ...meta }, policy);
    expect(result).toEqual({ ok: false, reason: "invalid" });
    expect(await lastAudit("auth.login_failed")).toMatchObject({ success: false, actorName: "nobody" });
  });

  it("locks after five consecutive failures: the right password is refused until the lock ends", async () => {
    const now = new Date();
    for (let i = 1; i <= 4; i++) {
      expect(await authenticate({ username: "jw_jbr", password: "wrong", ...meta }, policy, now)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate({ username: "jw_jbr", password: "wrong", ...meta }, policy, now)).toEqual({ ok: false, reason: "locked", minutesLeft: 15 });
    const sixth = await authenticate({ username: "jw_jbr", password: DEMO_PASSWORD, ...meta }, policy, now);
    expect(sixth).toMatchObject({ ok: false, reason: "locked" });
    const later = new Date(now.getTime() + 15 * 60_000 + 1000);
    expect((await authenticate({ username: "jw_jbr", password: DEMO_PASSWORD, ...meta }, policy, later)).ok).toBe(true);
    expect((await userRow("jw_jbr")).failedLoginCount).toBe(0);
  });

  it("counts every one of concurrent wrong guesses (row lock), so a burst cannot bypass the lock", async () => {
    await Promise.all(Array.from({ length: 5 }, () => authenticate({ username: "mz_jbr", password: "wrong", ...meta }, policy)));
    const row = await userRow("mz_jbr");
    expect(row.failedLoginCount).toBe(5);
    expect(row.lockedUntil).not.toBeNull();
  });

  it("answers an unknown username exactly like a known one, before, at and after the lock", async () => {
    const now = new Date();
    const attempts = async (username: string) => {
      const answers = [];
      for (let i = 1; i <= 7; i++) {
        vi.mocked(verifyPassword).mockClear();
        const at = new Date(now.getTime() + i * 60_000);
        answers.push({ result: await authenticate({ username, password: `wrong-${i}`, ...meta }, policy, at), verifications: vi.mocked(verifyPassword).mock.calls.length });
      }
      return answers;
    };
    const known = await attempts("cj_ld");
    const unknown = await attempts("no_such_user");
    expect(unknown).toEqual(known);
    expect(known.map((a) => a.result.ok || a.result.reason)).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "locked", "locked"]);
    expect(known.every((a) => a.verifications === 1)).toBe(true);
    // Case does not matter for an unknown name either, as for a real one.
    expect(await authenticate({ username: "NO_SUCH_USER", password: "x", ...meta }, policy, new Date(now.getTime() + 8 * 60_000))).toEqual(
      await authenticate({ username: "CJ_LD", password: "x", ...meta }, policy, new Date(now.getTime() + 8 * 60_000)),
    );
  });

  it("refuses a disabled user only after the password is right", async () => {
    await getDb().update(users).set({ enabled: false }).where(eq(users.username, "zj_jbr"));
    expect(await authenticate({ username: "zj_jbr", password: "wrong", ...meta }, policy)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate({ username: "zj_jbr", password: DEMO_PASSWORD, ...meta }, policy)).toEqual({ ok: false, reason: "disabled" });
  });
});

describe("changePassword", () => {
  it("changes the password: the new one works, the old one does not, and earlier sessions end", async () => {
    const before = await userRow("cg_jbr");
    const actor = await actorNamed("cg_jbr");
    await changePassword(actor, { oldPassword: DEMO_PASSWORD, newPassword: "Xin-mima-2026", confirmPassword: "Xin-mima-2026" }, meta);
    const after = await userRow("cg_jbr");
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect((await authenticate({ username: "cg_jbr", password: "Xin-mima-2026" }, policy)).ok).toBe(true);
    expect((await authenticate({ username: "cg_jbr", password: DEMO_PASSWORD }, policy)).ok).toBe(false);
    expect(await lastAudit("auth.password_changed")).toMatchObject({ actorId: before.id, ip: "10.1.2.3" });
  });

  it("takes exactly one of two simultaneous changes; the other is told its old password no longer matches", async () => {
    const actor = await actorNamed("cj_jbr");
    const before = await userRow("cj_jbr");
    const results = await Promise.allSettled(
      ["Bing-fa-2026-a", "Bing-fa-2026-b"].map((next) => changePassword(actor, { oldPassword: DEMO_PASSWORD, newPassword: next, confirmPassword: next })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).message).toBe("原密码不正确");
    expect((await userRow("cj_jbr")).sessionVersion).toBe(before.sessionVersion + 1);
    const winner = results[0]!.status === "fulfilled" ? "Bing-fa-2026-a" : "Bing-fa-2026-b";
    expect((await authenticate({ username: "cj_jbr", password: winner }, policy)).ok).toBe(true);
  });

  it.each([
    [{ oldPassword: "bad", newPassword: "Xin-mima-2027", confirmPassword: "Xin-mima-2027" }, "原密码不正确"],
    [{ oldPassword: DEMO_PASSWORD, newPassword: "short", confirmPassword: "short" }, "至少需要 8 个字符"],
    [{ oldPassword: DEMO_PASSWORD, newPassword: "alllowercase", confirmPassword: "alllowercase" }, "三类"],
    [{ oldPassword: DEMO_PASSWORD, newPassword: "Xin-mima-2027", confirmPassword: "Xin-mima-2028" }, "不一致"],
    [{ oldPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD }, "不能与原密码相同"],
    [{ oldPassword: DEMO_PASSWORD }, "请完整填写"],
  ])("refuses %j with a Chinese message and changes nothing", async (input, message) => {
    const before = await userRow("jfb_jbr");
    const error = await changePassword(await actorNamed("jfb_jbr"), input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("VALIDATION");
    expect((error as DomainError).message + JSON.stringify((error as DomainError).fieldErrors)).toContain(message);
    const after = await userRow("jfb_jbr");
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(before.sessionVersion);
  });
});

describe("logout", () => {
  it("moves the session version on and records the logout", async () => {
    const before = await userRow("ctm_jbr");
    await logout(await actorNamed("ctm_jbr"), meta);
    expect((await userRow("ctm_jbr")).sessionVersion).toBe(before.sessionVersion + 1);
    expect(await lastAudit("auth.logout")).toMatchObject({ actorId: before.id });
  });
});

describe("seed", () => {
  it("is idempotent and provides the 督查室, at least 25 units and every role", async () => {
    const before = await getDb().select({ id: users.id }).from(users);
    await seedAll(getDb(), { demo: true });
    const after = await getDb().select({ id: users.id }).from(users);
    expect(after.length).toBe(before.length);
    const units = await getDb().query.departments.findMany({ where: (d, { eq: e }) => and(e(d.isGroup, false)) });
    expect(units.filter((u) => u.kind !== "office" && u.kind !== "other").length).toBeGreaterThanOrEqual(25);
    expect(units.some((u) => u.kind === "office")).toBe(true);
    const roles = await getDb().query.roles.findMany();
    expect(roles.map((r) => r.code).sort()).toEqual(["admin", "district_leader", "office_clerk", "office_leader", "security_admin", "security_auditor", "unit_clerk", "unit_leader"]);
  });
});
