import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, and } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, memberChangeRequests, users } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { getUnitMembers } from "@/lib/data/unit-members";
import { countOpenChangeRequests, listChangeRequests, listUnitChangeRequests, parseChangeRequestParams } from "@/lib/data/member-changes";
import { addUser, as, expectError, expectOneWinner, SETUP_TIMEOUT } from "@/lib/services/tasks/test-fixtures";
import { decideMemberChange } from "@/lib/services/admin/users/decide-member-change";
import { requestMemberChange } from "./request-member-change";
import { mobileColumns, openMemberChangeDetails } from "@/lib/crypto/pii";

/** 单位用户信息 and its 变更申请: the unit's members and SMS flags, the request, and 信息中心 closing it. */

let cleanup: () => Promise<void>;
let jw: Actor;
let jwLeader: Actor;
let mz: Actor;
let admin: Actor;

const requestCount = async () => (await getDb().select({ n: count() }).from(memberChangeRequests))[0]!.n;

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  jw = await as("jw_jbr");
  jwLeader = await as("jw_ld");
  mz = await as("mz_jbr");
  admin = await as("admin");
}, SETUP_TIMEOUT);

afterAll(async () => {
  await cleanup();
});

describe("单位用户信息", () => {
  it("lists the own unit's members with roles, masked numbers and who receives the dispatch SMS; flags unreachable recipients", async () => {
    const noMobile = await addUser("jw_sms_none", "无号码", "区教委", "unit_clerk");
    const badMobile = await addUser("jw_sms_bad", "错号码", "区教委", "unit_leader");
    await getDb().update(users).set({ smsRecipient: true, ...mobileColumns(null) }).where(eq(users.id, noMobile.userId));
    await getDb().update(users).set({ smsRecipient: true, ...mobileColumns("12345") }).where(eq(users.id, badMobile.userId));

    const unit = await getUnitMembers(jw);
    expect(unit.departmentName).toBe("区教委");
    const byName = Object.fromEntries(unit.members.map((m) => [m.username, m]));
    expect(Object.keys(byName).sort()).toEqual(["jw_jbr", "jw_jbr2", "jw_ld", "jw_sms_bad", "jw_sms_none"]);
    // Own number whole, a colleague's masked.
    expect(byName.jw_jbr!.mobile).toBe("13900000010");
    expect(byName.jw_ld!.mobile).toBe("139****0011");
    expect(byName.jw_ld!.roleNames).toEqual(["承办单位领导"]);
    expect(byName.jw_ld).toMatchObject({ smsRecipient: true, unreachable: false, receivesDispatchSms: true });
    expect(byName.jw_jbr2).toMatchObject({ smsRecipient: false, unreachable: false, receivesDispatchSms: false });
    expect(byName.jw_sms_none).toMatchObject({ smsRecipient: true, unreachable: true, receivesDispatchSms: false, mobile: "—" });
    expect(byName.jw_sms_bad).toMatchObject({ smsRecipient: true, unreachable: true, receivesDispatchSms: false, mobile: "（号码无效）" });
    expect(unit.smsReceivers).toBe(2);
    expect(unit.unreachable).toBe(2);
  });

  it("counts nobody when no enabled member with a unit role can receive the SMS", async () => {
    await getDb().update(users).set({ enabled: false }).where(eq(users.username, "mz_ld"));
    await getDb().update(users).set({ smsRecipient: false }).where(eq(users.username, "mz_jbr"));
    const unit = await getUnitMembers(mz);
    expect(unit.members.map((m) => m.username).sort()).toEqual(["mz_jbr", "mz_ld"]);
    // A disabled leader keeps the flag but receives nothing.
    expect(unit.members.find((m) => m.username === "mz_ld")).toMatchObject({ enabled: false, smsRecipient: true, receivesDispatchSms: false });
    expect(unit.smsReceivers).toBe(0);
  });

  it("is refused to a role without 单位用户信息", async () => {
    await expectError(getUnitMembers(await as("dcs_jbr")), "FORBIDDEN");
  });
});

describe("变更申请", () => {
  it("refuses a bad mobile number, a missing name or reason, and another unit's member, writing nothing", async () => {
    const before = await requestCount();
    const bad = await expectError(requestMemberChange(jw, { kind: "update", targetUserId: jwLeader.userId, mobile: "12345" }), "VALIDATION", "手机号码格式不正确");
    expect(bad.fieldErrors?.mobile).toBe("手机号码格式不正确，应为 11 位大陆手机号");
    await expectError(requestMemberChange(jw, { kind: "add", mobile: "13911112222" }), "VALIDATION", "请填写新增人员的姓名");
    await expectError(requestMemberChange(jw, { kind: "remove", targetUserId: jwLeader.userId }), "VALIDATION", "请说明停用原因");
    await expectError(requestMemberChange(jw, { kind: "update", targetUserId: jwLeader.userId }), "VALIDATION", "请填写要修改的");
    await expectError(requestMemberChange(jw, { kind: "update" }), "VALIDATION", "请选择人员");
    await expectError(requestMemberChange(jw, { kind: "rename", targetUserId: jwLeader.userId }), "VALIDATION", "请选择申请类型");
    await expectError(requestMemberChange(jw, { kind: "add", displayName: "新人", smsRecipient: "1" }), "VALIDATION", "设为短信接收人须填写有效的手机号");
    await expectError(requestMemberChange(jw, { kind: "update", targetUserId: mz.userId, mobile: "13911112222" }), "NOT_FOUND");
    await expectError(requestMemberChange(await as("dcs_jbr"), { kind: "add", displayName: "新人" }), "FORBIDDEN");
    expect(await requestCount()).toBe(before);
  });

  it("is stored for the own unit, seen by that unit and 信息中心 only, and closed by exactly one of two admins", async () => {
    const { id } = await requestMemberChange(jw, { kind: "update", targetUserId: jwLeader.userId, mobile: "139-1234-5678", smsRecipient: "1", note: "换了新号码" });
    const [row] = await getDb().select().from(memberChangeRequests).where(eq(memberChangeRequests.id, id));
    expect(row).toMatchObject({ kind: "update", status: "open", targetUserId: jwLeader.userId, note: "换了新号码", requestedById: jw.userId, version: 1 });
    // The number is stored sealed (SM4) inside the details and opens to the normalised number.
    expect((row!.details as { mobile: string }).mobile).toMatch(/^v1:/);
    expect(openMemberChangeDetails(row!.details)).toEqual({ mobile: "13912345678", smsRecipient: true });
    const [audit] = await getDb().select().from(auditLogs).where(and(eq(auditLogs.targetId, id), eq(auditLogs.action, "unit.member_change.request")));
    expect(audit).toBeDefined();

    // The unit's leader sees it; another unit does not; 信息中心 does, counted as open.
    expect((await listUnitChangeRequests(jwLeader)).map((r) => r.id)).toContain(id);
    expect((await listUnitChangeRequests(mz)).map((r) => r.id)).not.toContain(id);
    const open = await listChangeRequests(admin, parseChangeRequestParams({}));
    expect(open.rows.find((r) => r.id === id)).toMatchObject({ departmentName: "区教委", requestedByName: "刘洋", target: { username: "jw_ld" } });
    expect(await countOpenChangeRequests(admin)).toBe(open.total);
    await expectError(listChangeRequests(jw, parseChangeRequestParams({})), "FORBIDDEN");

    // Not by a unit member, not without a reason when refusing, not from a stale page.
    await expectError(decideMemberChange(jw, { id, version: 1, decision: "done" }), "FORBIDDEN");
    await expectError(decideMemberChange(admin, { id, version: 1, decision: "rejected" }), "VALIDATION", "请填写不采纳的原因");
    await expectError(decideMemberChange(admin, { id, version: 7, decision: "done" }), "CONFLICT");

    const aboutLeader = await countOpenChangeRequests(admin, jwLeader.userId);
    expect(aboutLeader).toBeGreaterThanOrEqual(1);
    expect(await countOpenChangeRequests(admin, mz.userId)).toBe(0);
    const admin2 = await addUser("admin_two", "第二管理员", "区大数据发展中心（信息中心）", "admin");
    await expectOneWinner([
      () => decideMemberChange(admin, { id, version: 1, decision: "done", note: "已在用户管理修改" }),
      () => decideMemberChange(admin2, { id, version: 1, decision: "rejected", note: "号码有误" }),
    ]);
    const [closed] = await getDb().select().from(memberChangeRequests).where(eq(memberChangeRequests.id, id));
    expect(closed!.status === "done" || closed!.status === "rejected").toBe(true);
    expect(closed!.version).toBe(2);
    expect(await countOpenChangeRequests(admin, jwLeader.userId)).toBe(aboutLeader - 1);
    expect(closed!.handledAt).not.toBeNull();
    const decisions = await getDb().select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.targetId, id));
    expect(decisions.map((d) => d.action).filter((a) => a.startsWith("admin.member_change."))).toHaveLength(1);
    // Closed is closed, even with the new version.
    await expectError(decideMemberChange(admin, { id, version: 2, decision: "done" }), "CONFLICT", "该申请已");
    expect((await listChangeRequests(admin, parseChangeRequestParams({}))).rows.map((r) => r.id)).not.toContain(id);
    expect((await listChangeRequests(admin, parseChangeRequestParams({ status: closed!.status }))).rows.map((r) => r.id)).toContain(id);
  });

  it("asks for a new person without a target and a disabling with a reason", async () => {
    const add = await requestMemberChange(jw, { kind: "add", displayName: "王新", mobile: "13955556666", smsRecipient: "1", targetUserId: jwLeader.userId });
    const remove = await requestMemberChange(jw, { kind: "remove", targetUserId: jwLeader.userId, note: "已退休", mobile: "" });
    const rows = await listUnitChangeRequests(jw);
    expect(rows.find((r) => r.id === add.id)).toMatchObject({ kind: "add", target: null, details: { displayName: "王新", mobile: "13955556666", smsRecipient: true } });
    expect(rows.find((r) => r.id === remove.id)).toMatchObject({ kind: "remove", target: { username: "jw_ld" }, details: {}, note: "已退休" });
  });
});
