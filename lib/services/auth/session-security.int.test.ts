import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, desc, eq, sql } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { auditLogs, roles, systemSettings, userRoles, userSessions, users } from "@/db/schema";
import { getDb, queryRows } from "@/db/client";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { DomainError } from "@/lib/domain/errors";
import { loadSessionActor } from "@/lib/services/actors";
import { totpCode } from "@/lib/auth/totp";
import { authenticate, type AuthenticateResult } from "./authenticate";
import { changePassword, PASSWORD_REUSED } from "./change-password";
import { logout } from "./logout";
import { ssoLogin } from "./sso-login";
import { confirmTotpEnrolment, startTotpEnrolment } from "./totp-enrolment";
import { verifySecondFactor } from "./verify-second-factor";
import { endOtherSessions } from "./end-other-sessions";
import { resetUserTotp } from "../admin/users/reset-user-totp";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
});
afterAll(() => cleanup());

const policy = { maxFailures: 5, lockMinutes: 15 };
const meta = { ip: "10.3.3.3", userAgent: "vitest" };

async function setSetting(key: string, value: unknown) {
  await getDb().insert(systemSettings).values({ key, value }).onConflictDoUpdate({ target: systemSettings.key, set: { value } });
}
async function userId(username: string) {
  const [row] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, username));
  return row!.id;
}
async function login(username: string, password = DEMO_PASSWORD, at?: Date) {
  const result: AuthenticateResult = await authenticate({ username, password, ...meta }, policy, at);
  if (!result.ok) throw new Error(`login refused: ${result.reason}`);
  return result.user;
}
async function state(username: string, sessionId: string) {
  return (await loadSessionActor(getDb(), await userId(username), sessionId))!.sessionState;
}
async function makeAdmin(username: string) {
  const [admin] = await getDb().select({ id: roles.id }).from(roles).where(eq(roles.code, "admin"));
  await getDb().insert(userRoles).values({ userId: await userId(username), roleId: admin!.id }).onConflictDoNothing();
}

describe("session registry and the concurrent-session limit", () => {
  beforeEach(() => setSetting("maxSessionsPerUser", 0));

  it("gives every login its own session id (a new session token each time) and counts none of them with the limit at 0", async () => {
    const a = await login("dcs_jbr");
    const b = await login("dcs_jbr");
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(await state("dcs_jbr", a.sessionId)).toBe("active");
    expect(await state("dcs_jbr", b.sessionId)).toBe("active");
  });

  it("beyond 同时在线会话数上限 ends the oldest session, which then reads as displaced; the newest stay", async () => {
    await setSetting("maxSessionsPerUser", 2);
    const first = await login("dcs_jbr2");
    const second = await login("dcs_jbr2");
    const third = await login("dcs_jbr2");
    expect(await state("dcs_jbr2", first.sessionId)).toBe("session_limit");
    expect(await state("dcs_jbr2", second.sessionId)).toBe("active");
    expect(await state("dcs_jbr2", third.sessionId)).toBe("active");
    const [audit] = await getDb().select().from(auditLogs).where(eq(auditLogs.action, "auth.session_displaced")).orderBy(desc(auditLogs.id)).limit(1);
    expect(audit).toMatchObject({ detail: { ended: 1, limit: 2 } });
  });

  it("an OA login is a session too and counts toward the limit", async () => {
    await setSetting("maxSessionsPerUser", 1);
    await getDb().update(users).set({ externalId: "oa.dcsld" }).where(eq(users.username, "dcs_ld"));
    const byPassword = await login("dcs_ld");
    const byOa = await ssoLogin({ method: "cas", externalId: "oa.dcsld", ...meta });
    expect(byOa.ok).toBe(true);
    expect(await state("dcs_ld", byPassword.sessionId)).toBe("session_limit");
  });

  it("refuses an unknown session id (a cookie from before the registry, or another user's id)", async () => {
    const mine = await login("qld");
    expect(await state("dcs_jbr", mine.sessionId)).toBe("unknown");
    expect((await loadSessionActor(getDb(), await userId("qld"), null))!.sessionState).toBe("unknown");
  });

  it("logout and a password change revoke every session; 退出其他会话 keeps only this one", async () => {
    const a = await login("dcs_ld2");
    const b = await login("dcs_ld2");
    const c = await login("dcs_ld2");
    await endOtherSessions(await actorNamed("dcs_ld2"), c.sessionId, meta);
    expect([await state("dcs_ld2", a.sessionId), await state("dcs_ld2", b.sessionId), await state("dcs_ld2", c.sessionId)]).toEqual(["user_ended", "user_ended", "active"]);
    await logout(await actorNamed("dcs_ld2"), meta);
    expect(await state("dcs_ld2", c.sessionId)).toBe("logout");

    const d = await login("jw_ld");
    await changePassword(await actorNamed("jw_ld"), { oldPassword: DEMO_PASSWORD, newPassword: "Rotate-2026-a", confirmPassword: "Rotate-2026-a" }, meta);
    expect(await state("jw_ld", d.sessionId)).toBe("password_changed");
  });
});

describe("password history and expiry", () => {
  it("refuses any of the last five passwords with a clear message, and allows the sixth-oldest again", async () => {
    const passwords = ["Hist-2026-b1", "Hist-2026-b2", "Hist-2026-b3", "Hist-2026-b4", "Hist-2026-b5"];
    let current = DEMO_PASSWORD;
    for (const next of passwords) {
      await changePassword(await actorNamed("mz_ld"), { oldPassword: current, newPassword: next, confirmPassword: next });
      current = next;
    }
    // Current is b5; the last five are b5 (current), b4, b3, b2, b1.
    for (const reused of ["Hist-2026-b1", "Hist-2026-b3"]) {
      const error = await changePassword(await actorNamed("mz_ld"), { oldPassword: current, newPassword: reused, confirmPassword: reused }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).fieldErrors?.newPassword).toBe(PASSWORD_REUSED);
    }
    expect(PASSWORD_REUSED).toBe("新密码不能与最近 5 次使用过的密码相同");
    // DEMO_PASSWORD is the sixth-oldest now: allowed.
    await changePassword(await actorNamed("mz_ld"), { oldPassword: current, newPassword: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD });
  });

  it("marks a password older than 密码有效期 as expired (only 密码修改 is open), never an OA-only user's", async () => {
    await setSetting("passwordMaxAgeDays", 90);
    const old = new Date(Date.now() - 100 * 86_400_000);
    await getDb().update(users).set({ passwordChangedAt: old }).where(eq(users.username, "zj_ld"));
    expect((await actorNamed("zj_ld")).passwordExpired).toBe(true);
    expect((await actorNamed("cg_ld")).passwordExpired).toBe(false);
    await getDb().update(users).set({ passwordChangedAt: old, passwordHash: null }).where(eq(users.username, "cj_ld"));
    expect((await actorNamed("cj_ld")).passwordExpired).toBe(false);
    await setSetting("passwordMaxAgeDays", 0);
    expect((await actorNamed("zj_ld")).passwordExpired).toBe(false);
    // Changing the password restarts the clock.
    await setSetting("passwordMaxAgeDays", 90);
    await changePassword(await actorNamed("zj_ld"), { oldPassword: DEMO_PASSWORD, newPassword: "Fresh-2026-c1", confirmPassword: "Fresh-2026-c1" });
    expect((await actorNamed("zj_ld")).passwordExpired).toBe(false);
    await setSetting("passwordMaxAgeDays", 0);
  });
});

describe("动态口令 (TOTP) for administrators", () => {
  const enrol = async (username: string, now: Date) => {
    const { secret } = await startTotpEnrolment(await actorNamed(username));
    await confirmTotpEnrolment(await actorNamed(username), { code: totpCode(secret, now) }, meta, now);
    return secret;
  };

  it("only administrators may enrol; a wrong first code does not enrol", async () => {
    await expect(startTotpEnrolment(await actorNamed("jfb_jbr"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await makeAdmin("jfb_ld");
    await startTotpEnrolment(await actorNamed("jfb_ld"));
    await expect(confirmTotpEnrolment(await actorNamed("jfb_ld"), { code: "000000" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await actorNamed("jfb_ld")).totpEnabled).toBe(false);
  });

  it("keeps the secret SM4-sealed at rest: the stored column is ciphertext, never the base32 secret", async () => {
    await makeAdmin("jfb_ld");
    const { secret } = await startTotpEnrolment(await actorNamed("jfb_ld"));
    const [raw] = await queryRows<{ totp_secret: string }>(getDb(), sql`select totp_secret from users where username = 'jfb_ld'`);
    expect(raw!.totp_secret.startsWith("v1:")).toBe(true);
    expect(raw!.totp_secret).not.toContain(secret);
    const [read] = await getDb().select({ totpSecret: users.totpSecret }).from(users).where(eq(users.username, "jfb_ld"));
    expect(read!.totpSecret).toBe(secret);
  });

  it("强制管理员启用双因素认证 holds an unenrolled administrator on the enrolment page, nobody else", async () => {
    await setSetting("adminTotpRequired", true);
    expect((await actorNamed("admin")).mustEnrollTotp).toBe(true);
    expect((await actorNamed("dcs_jbr")).mustEnrollTotp).toBe(false);
    await setSetting("adminTotpRequired", false);
    expect((await actorNamed("admin")).mustEnrollTotp).toBe(false);
  });

  it("after the password the session is pending until the code; wrong codes count toward the lock; a code is accepted once", async () => {
    await makeAdmin("ctm_ld");
    const t0 = new Date();
    const secret = await enrol("ctm_ld", t0);
    expect((await actorNamed("ctm_ld")).totpEnabled).toBe(true);

    const later = new Date(t0.getTime() + 120_000);
    const pending = await login("ctm_ld", DEMO_PASSWORD, later);
    expect(pending.secondFactorPending).toBe(true);
    expect(await state("ctm_ld", pending.sessionId)).toBe("pending");
    const id = await userId("ctm_ld");

    expect(await verifySecondFactor({ userId: id, sessionId: pending.sessionId, code: "123456", ...meta }, policy, later)).toEqual({ ok: false, reason: "totp_invalid" });
    const [afterWrong] = await getDb().select({ n: users.failedLoginCount }).from(users).where(eq(users.id, id));
    expect(afterWrong!.n).toBe(1);

    const code = totpCode(secret, later);
    expect(await verifySecondFactor({ userId: id, sessionId: pending.sessionId, code, ...meta }, policy, later)).toEqual({ ok: true });
    expect(await state("ctm_ld", pending.sessionId)).toBe("active");

    // The same code again, on a new login in the same 30 s: refused (replay).
    const again = await login("ctm_ld", DEMO_PASSWORD, later);
    expect(await verifySecondFactor({ userId: id, sessionId: again.sessionId, code, ...meta }, policy, later)).toEqual({ ok: false, reason: "totp_invalid" });

    // Four more wrong codes (five failures in a row) lock the account and end the pending session.
    let last;
    for (let i = 0; i < 5; i++) last = await verifySecondFactor({ userId: id, sessionId: again.sessionId, code: "000000", ...meta }, policy, later);
    expect(last).toMatchObject({ ok: false, reason: "locked" });
    expect(await state("ctm_ld", again.sessionId)).toBe("second_factor_failed");
  });

  it("an OA login of an enrolled administrator also waits for the code", async () => {
    await makeAdmin("cj_jbr");
    await enrol("cj_jbr", new Date());
    await getDb().update(users).set({ externalId: "oa.cjjbr" }).where(eq(users.username, "cj_jbr"));
    const result = await ssoLogin({ method: "link", externalId: "oa.cjjbr", ...meta });
    expect(result.ok && result.user.secondFactorPending).toBe(true);
    expect(await state("cj_jbr", (result as { ok: true; user: { sessionId: string } }).user.sessionId)).toBe("pending");
  });

  it("用户管理 can reset another user's 动态口令 (audited, sessions end), never its own", async () => {
    const admin = await actorNamed("admin");
    const [target] = await getDb().select({ id: users.id, version: users.version }).from(users).where(eq(users.username, "cj_jbr"));
    await resetUserTotp(admin, { id: target!.id, version: target!.version }, meta);
    expect((await actorNamed("cj_jbr")).totpEnabled).toBe(false);
    const [audit] = await getDb().select().from(auditLogs).where(and(eq(auditLogs.action, "admin.user.reset_totp"), eq(auditLogs.targetId, target!.id)));
    expect(audit).toBeDefined();
    expect(JSON.stringify(audit!.detail)).not.toMatch(/[A-Z2-7]{32}/);
    await expect(resetUserTotp(admin, { id: admin.userId, version: 1 })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await getDb().select().from(userSessions).where(eq(userSessions.userId, target!.id))).not.toHaveLength(0);
  });
});
