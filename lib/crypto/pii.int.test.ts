import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { departments, roles, users } from "@/db/schema";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { createUser } from "@/lib/services/admin/users/create-user";
import { updateUser } from "@/lib/services/admin/users/update-user";
import { requestMemberChange } from "@/lib/services/members/request-member-change";
import { enqueueNotifications, usersById } from "@/lib/services/notifications/enqueue";
import { deliverDueNotifications } from "@/lib/services/notifications/deliver";
import { listAdminUsers, parseUserFilters, getAdminUser } from "@/lib/data/admin-users";
import { getUnitMembers } from "@/lib/data/unit-members";
import { listNotifications, parseNotificationFilters } from "@/lib/data/notifications";
import { listChangeRequests, parseChangeRequestParams, listUnitChangeRequests } from "@/lib/data/member-changes";
import { logSmsProvider } from "@/lib/sms/log-provider";
import type { SmsMessage, SmsProvider } from "@/lib/sms/types";
import { isSealed } from "./sm4-field";
import { mobileIndex } from "./pii";
import { sealPiiRows } from "./seal-rows";

/** Personal-data confidentiality end to end: what the database and the logs hold, and who sees what. */
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
});
afterAll(() => cleanup());
afterEach(() => vi.restoreAllMocks());

const NEW_MOBILE = "13712349876";
const CHANGED_MOBILE = "13598761234";
const REQUESTED_MOBILE = "15011112222";
const MASKED = (m: string) => `${m.slice(0, 3)}****${m.slice(7)}`;

/** Every row of the tables that may hold personal data, as raw text (select *, no decryption). */
async function rawText(): Promise<string> {
  const parts: string[] = [];
  for (const table of ["users", "notifications", "audit_logs", "member_change_requests"]) {
    const rows = await queryRows(getDb(), sql`SELECT t::text AS row FROM ${sql.identifier(table)} t`);
    parts.push(...rows.map((r) => String(r.row)));
  }
  return parts.join("\n");
}

const deptId = async (name: string) => (await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, name)))[0]!.id;
const roleId = async (code: string) => (await getDb().select({ id: roles.id }).from(roles).where(eq(roles.code, code)))[0]!.id;

async function captureConsole(): Promise<string[]> {
  const lines: string[] = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" ")));
  }
  return lines;
}

describe("mobile numbers at rest (SM4)", () => {
  let userId: string;

  it("creating and changing a user stores only ciphertext and a blind index; the audit log holds the number masked", async () => {
    const admin = await actorNamed("admin");
    const lines = await captureConsole();
    ({ id: userId } = await createUser(admin, {
      username: "pii_user",
      displayName: "隐私测试",
      mobile: "137 1234 9876",
      departmentId: await deptId("区教委"),
      roleIds: [await roleId("unit_clerk")],
      smsRecipient: "on",
      password: "Linshi#2026",
    }));
    const [raw] = await queryRows<{ mobile: string; mobile_index: string }>(getDb(), sql`SELECT mobile, mobile_index FROM users WHERE id = ${userId}`);
    expect(isSealed(raw!.mobile)).toBe(true);
    expect(raw!.mobile_index).toBe(mobileIndex(NEW_MOBILE));
    // Through Drizzle the column opens again.
    expect((await getDb().select({ mobile: users.mobile }).from(users).where(eq(users.id, userId)))[0]!.mobile).toBe(NEW_MOBILE);

    const detail = await getAdminUser(admin, userId);
    await updateUser(admin, { id: userId, version: detail!.version, displayName: "隐私测试", mobile: CHANGED_MOBILE, departmentId: detail!.departmentId, roleIds: detail!.roleIds, smsRecipient: "on" });
    const [audit] = await queryRows<{ detail: { before: { mobile: string }; after: { mobile: string } } }>(
      getDb(),
      sql`SELECT detail FROM audit_logs WHERE action = 'admin.user.update' AND target_id = ${userId}`,
    );
    expect(audit!.detail.before.mobile).toBe(MASKED(NEW_MOBILE));
    expect(audit!.detail.after.mobile).toBe(MASKED(CHANGED_MOBILE));

    const text = await rawText();
    for (const m of [NEW_MOBILE, CHANGED_MOBILE]) expect(text).not.toContain(m);
    // The demo accounts' numbers are sealed too (seeded through the same column type).
    expect(text).not.toContain("13800000001");
    expect(lines.join("\n")).not.toMatch(new RegExp(`${NEW_MOBILE}|${CHANGED_MOBILE}|Linshi#2026`));
  });

  it("the database itself refuses a clear number (CHECK constraint)", async () => {
    await expect(getDb().execute(sql`UPDATE users SET mobile = '13800000009' WHERE id = ${userId}`)).rejects.toThrow();
    await expect(getDb().execute(sql`UPDATE users SET mobile_index = NULL WHERE id = ${userId}`)).rejects.toThrow();
  });

  it("用户管理 shows and finds the whole number (exact match only); a unit colleague sees it masked; the owner whole", async () => {
    const admin = await actorNamed("admin");
    const found = await listAdminUsers(admin, parseUserFilters({ q: "135-9876-1234" }));
    expect(found.rows.map((r) => [r.username, r.mobile])).toEqual([["pii_user", CHANGED_MOBILE]]);
    expect((await listAdminUsers(admin, parseUserFilters({ q: "9876" }))).total).toBe(0);

    const colleague = await actorNamed("jw_jbr");
    const seen = (await getUnitMembers(colleague)).members.find((m) => m.username === "pii_user");
    expect(seen?.mobile).toBe(MASKED(CHANGED_MOBILE));
    expect((await getUnitMembers(colleague)).members.find((m) => m.username === "jw_jbr")?.mobile).toMatch(/^1\d{10}$/);
  });

  it("an SMS reaches the whole number while the outbox row, the list and the log show it only masked", async () => {
    const sent: SmsMessage[] = [];
    const provider: SmsProvider = { name: "capture", send: async (m) => (sent.push(m), logSmsProvider.send(m)) };
    await getDb().transaction(async (tx) =>
      enqueueNotifications(tx, { kind: "dispatch", taskId: null, recipients: await usersById(tx, [userId]), vars: { 任务标题: "测试", 任务编号: "渝中督〔2026〕9号", 截止日期: "2026-12-10" }, sms: "all", urgent: true }),
    );
    const lines = await captureConsole();
    await deliverDueNotifications({ provider });
    expect(sent.map((m) => m.mobile)).toEqual([CHANGED_MOBILE]);
    expect(lines.join("\n")).toContain(MASKED(CHANGED_MOBILE));
    expect(lines.join("\n")).not.toContain(CHANGED_MOBILE);
    const [raw] = await queryRows<{ mobile: string; status: string }>(getDb(), sql`SELECT mobile, status FROM notifications WHERE recipient_id = ${userId} AND channel = 'sms'`);
    expect(raw).toMatchObject({ status: "sent" });
    expect(isSealed(raw!.mobile)).toBe(true);
    const office = await actorNamed("dcs_jbr");
    const list = await listNotifications(office, parseNotificationFilters({}));
    expect(list.rows.find((r) => r.channel === "sms" && r.recipientName === "隐私测试")?.mobile).toBe(MASKED(CHANGED_MOBILE));
    expect(await rawText()).not.toContain(CHANGED_MOBILE);
  });

  it("a gateway error that echoes the number is stored and shown masked", async () => {
    await getDb().transaction(async (tx) =>
      enqueueNotifications(tx, { kind: "dispatch", taskId: null, recipients: await usersById(tx, [userId]), vars: { 任务标题: "测试二", 任务编号: "渝中督〔2026〕10号", 截止日期: "2026-12-10" }, sms: "all", urgent: true }),
    );
    const lines = await captureConsole();
    const echo: SmsProvider = { name: "echo", send: async (m) => ({ ok: false, error: `号码 ${m.mobile} 不在白名单` }) };
    await deliverDueNotifications({ provider: echo });
    const [row] = await queryRows<{ last_error: string }>(getDb(), sql`SELECT last_error FROM notifications WHERE recipient_id = ${userId} AND status = 'queued' AND channel = 'sms'`);
    expect(row!.last_error).toBe(`号码 ${MASKED(CHANGED_MOBILE)} 不在白名单`);
    expect(lines.join("\n")).not.toContain(CHANGED_MOBILE);
    expect(await rawText()).not.toContain(CHANGED_MOBILE);
  });

  it("a 变更申请's number is sealed in its details, whole for 信息中心, masked for the unit and in the audit log", async () => {
    const clerk = await actorNamed("jw_jbr");
    const jwLeader = await actorNamed("jw_ld");
    await requestMemberChange(clerk, { kind: "update", targetUserId: jwLeader.userId, mobile: REQUESTED_MOBILE, note: "换号" });
    expect(await rawText()).not.toContain(REQUESTED_MOBILE);
    const admin = await actorNamed("admin");
    const forAdmin = await listChangeRequests(admin, parseChangeRequestParams({}));
    expect(forAdmin.rows[0]!.details.mobile).toBe(REQUESTED_MOBILE);
    expect((await listUnitChangeRequests(clerk))[0]!.details.mobile).toBe(REQUESTED_MOBILE); // the page masks it through shownMobile
  });
});

describe("sealing rows written before encryption (npm start)", () => {
  it("encrypts legacy clear values (old audit snapshots masked by the append-only migration), idempotently, then validates the checks", async () => {
    const db = getDb();
    const legacy = "13666667777";
    // The state of a database upgraded from the previous release: clear numbers, no index, whole numbers in the audit log.
    await db.execute(sql`ALTER TABLE users DROP CONSTRAINT users_mobile_sealed`);
    await db.execute(sql`ALTER TABLE notifications DROP CONSTRAINT notifications_mobile_sealed`);
    await db.execute(sql`ALTER TABLE member_change_requests DROP CONSTRAINT member_change_requests_mobile_sealed`);
    await db.execute(sql`UPDATE users SET mobile = ${legacy}, mobile_index = NULL WHERE username = 'jw_ld'`);
    await db.execute(sql`UPDATE users SET mobile = '12345' , mobile_index = NULL WHERE username = 'mz_jbr'`);
    await db.execute(sql`INSERT INTO notifications (recipient_name, channel, title, body, mobile, status) VALUES ('旧', 'sms', 't', 'b', ${legacy}, 'sent')`);
    await db.execute(sql`UPDATE member_change_requests SET details = jsonb_set(details, '{mobile}', to_jsonb(${legacy}::text))`);
    await db.execute(sql`INSERT INTO audit_logs (action, detail) VALUES ('admin.user.update', ${JSON.stringify({ before: { mobile: legacy }, after: { mobile: "13800000001" } })}::jsonb),
                                                                       ('unit.member_change.request', ${JSON.stringify({ after: { details: { mobile: legacy } } })}::jsonb)`);
    await db.execute(sql.raw(`ALTER TABLE users ADD CONSTRAINT users_mobile_sealed CHECK (mobile IS NULL OR (mobile LIKE 'v1:%' AND mobile_index IS NOT NULL)) NOT VALID`));
    await db.execute(sql.raw(`ALTER TABLE notifications ADD CONSTRAINT notifications_mobile_sealed CHECK (mobile IS NULL OR (mobile LIKE 'v1:%' AND mobile_index IS NOT NULL)) NOT VALID`));
    await db.execute(sql.raw(`ALTER TABLE member_change_requests ADD CONSTRAINT member_change_requests_mobile_sealed CHECK ((details->>'mobile') IS NULL OR (details->>'mobile') LIKE 'v1:%') NOT VALID`));
    expect(await rawText()).toContain(legacy);

    // The migration that made the audit log append-only masked old snapshots first: its statements, run again here
    // (around the append-only trigger, as they ran before it existed), mask these rows.
    const migration = readFileSync(path.resolve(import.meta.dirname, "../../db/migrations/0024_audit_append_only.sql"), "utf8");
    const masking = migration.split("--> statement-breakpoint").filter((st) => /^\s*(--[^\n]*\n\s*)*UPDATE audit_logs/.test(st));
    expect(masking.length).toBe(3);
    await db.execute(sql`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only`);
    for (const statement of masking) await db.execute(sql.raw(statement));
    await db.execute(sql`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only`);

    const first = await sealPiiRows(db, { batchSize: 2 });
    expect(first).toMatchObject({ users: 2, notifications: 1 });
    expect(first.memberChanges).toBeGreaterThanOrEqual(1);
    expect(await rawText()).not.toContain(legacy);
    expect(await rawText()).not.toContain("13800000001");
    const valid = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM pg_constraint WHERE conname LIKE '%_mobile_sealed' AND convalidated`);
    expect(Number(valid[0]!.n)).toBe(3);
    // Readable again, and found by the whole number.
    expect((await db.select({ mobile: users.mobile }).from(users).where(eq(users.username, "jw_ld")))[0]!.mobile).toBe(legacy);
    expect((await db.select({ mobile: users.mobile }).from(users).where(eq(users.username, "mz_jbr")))[0]!.mobile).toBe("12345");
    expect((await listAdminUsers(await actorNamed("admin"), parseUserFilters({ q: legacy }))).rows.map((r) => r.username)).toEqual(["jw_ld"]);
    const audit = await queryRows<{ d: string }>(db, sql`SELECT detail::text AS d FROM audit_logs WHERE detail::text LIKE '%136****7777%'`);
    expect(audit.length).toBe(2);

    expect(await sealPiiRows(db)).toEqual({ users: 0, notifications: 0, memberChanges: 0 });
  });
});
