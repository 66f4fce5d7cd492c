import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { auditLogs, systemSettings, users } from "@/db/schema";
import { getDb } from "@/db/client";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { DomainError } from "@/lib/domain/errors";
import { authenticate } from "./authenticate";
import { changePassword } from "./change-password";
import { consumeLinkNonce, recordSsoRefusal, ssoLogin } from "./sso-login";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  await getDb().update(users).set({ externalId: "oa.zhangmin" }).where(eq(users.username, "dcs_jbr"));
  await getDb().update(users).set({ externalId: "oa.disabled", enabled: false }).where(eq(users.username, "zj_jbr"));
});
afterAll(() => cleanup());

const meta = { ip: "10.9.8.7", userAgent: "vitest" };
const policy = { maxFailures: 5, lockMinutes: 15 };

async function lastAudit() {
  const [row] = await getDb().select().from(auditLogs).orderBy(desc(auditLogs.id)).limit(1);
  return row!;
}

describe("ssoLogin", () => {
  it("signs in the user linked to the OA account and records it like a password login, with the method", async () => {
    const result = await ssoLogin({ method: "cas", externalId: " oa.zhangmin ", ...meta });
    const [user] = await getDb().select().from(users).where(eq(users.username, "dcs_jbr"));
    expect(result).toEqual({
      ok: true,
      user: { id: user!.id, displayName: user!.displayName, sessionVersion: user!.sessionVersion, sessionId: expect.any(String), secondFactorPending: false },
    });
    expect(user!.lastLoginAt).not.toBeNull();
    expect(await lastAudit()).toMatchObject({ action: "auth.login", success: true, actorId: user!.id, ip: "10.9.8.7", detail: { method: "cas", externalId: "oa.zhangmin" } });
  });

  it("never signs in by a matching username alone: an OA account this system does not know is refused and audited", async () => {
    // dcs_ld exists as a username but no user is linked to the OA account "dcs_ld".
    expect(await ssoLogin({ method: "oidc", externalId: "dcs_ld", ...meta })).toEqual({ ok: false, reason: "unknown_user" });
    expect(await lastAudit()).toMatchObject({ action: "auth.login_failed", success: false, actorId: null, actorName: "dcs_ld", detail: { method: "oidc", reason: "unknown_user" } });
    expect(await ssoLogin({ method: "link", externalId: "a\u0000b", ...meta })).toEqual({ ok: false, reason: "unknown_user" });
  });

  it("refuses a disabled user and records who it was", async () => {
    expect(await ssoLogin({ method: "link", externalId: "oa.disabled", ...meta })).toEqual({ ok: false, reason: "disabled" });
    expect(await lastAudit()).toMatchObject({ action: "auth.login_failed", actorName: expect.any(String), detail: { method: "link", reason: "disabled" } });
    expect((await lastAudit()).actorId).not.toBeNull();
  });

  it("records a refusal that never reached a user (a tampered link)", async () => {
    await recordSsoRefusal({ method: "link", reason: "link_bad_signature", claimedUser: "admin", ...meta });
    expect(await lastAudit()).toMatchObject({ action: "auth.login_failed", success: false, actorName: "admin", detail: { method: "link", reason: "link_bad_signature" } });
  });
});

describe("consumeLinkNonce", () => {
  it("lets a nonce through once, also when two requests race with it", async () => {
    const results = await Promise.all([consumeLinkNonce("race-nonce-0123456789", 120), consumeLinkNonce("race-nonce-0123456789", 120)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await consumeLinkNonce("race-nonce-0123456789", 120)).toBe(false);
  });

  it("forgets nonces that can no longer come with a valid timestamp", async () => {
    const long = new Date(Date.now() - 10 * 60_000);
    expect(await consumeLinkNonce("old-nonce-0123456789ab", 120, long)).toBe(true);
    await consumeLinkNonce("new-nonce-0123456789ab", 120);
    const kept = await getDb().query.ssoUsedNonces.findMany();
    expect(kept.map((n) => n.nonce)).not.toContain("old-nonce-0123456789ab");
    expect(kept.map((n) => n.nonce)).toContain("new-nonce-0123456789ab");
  });
});

describe("password login turned off for everyone but admins", () => {
  it("refuses a non-admin with the right password (audited), still admits the admin, and a wrong password stays generic", async () => {
    const setMode = (value: string) =>
      getDb().insert(systemSettings).values({ key: "passwordLogin", value }).onConflictDoUpdate({ target: systemSettings.key, set: { value } });
    await setMode("admins_only");
    try {
      expect(await authenticate({ username: "jw_jbr", password: "wrong", ...meta }, policy)).toEqual({ ok: false, reason: "invalid" });
      expect(await authenticate({ username: "jw_jbr", password: DEMO_PASSWORD, ...meta }, policy)).toEqual({ ok: false, reason: "password_login_off" });
      expect(await lastAudit()).toMatchObject({ action: "auth.login_failed", detail: { reason: "password_login_off" } });
      expect((await authenticate({ username: "admin", password: DEMO_PASSWORD, ...meta }, policy)).ok).toBe(true);
    } finally {
      await setMode("all");
    }
    expect((await authenticate({ username: "jw_jbr", password: DEMO_PASSWORD, ...meta }, policy)).ok).toBe(true);
  });
});

describe("a user without a local password", () => {
  it("cannot log in with any password and is told why when changing it", async () => {
    await getDb().update(users).set({ passwordHash: null, externalId: "oa.nopassword" }).where(eq(users.username, "jw_ld"));
    expect(await authenticate({ username: "jw_ld", password: DEMO_PASSWORD, ...meta }, policy)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate({ username: "jw_ld", password: "", ...meta }, policy)).toEqual({ ok: false, reason: "invalid" });
    const error = await changePassword(await actorNamed("jw_ld"), { oldPassword: "x", newPassword: "Xin-mima-2026", confirmPassword: "Xin-mima-2026" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toContain("未设置本地密码");
    expect((await ssoLogin({ method: "oidc", externalId: "oa.nopassword", ...meta })).ok).toBe(true);
  });
});
