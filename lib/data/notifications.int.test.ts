import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, desc, eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, notifications } from "@/db/schema";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { listNotifications, parseNotificationFilters, type NotificationFilters } from "@/lib/data/notifications";
import { NOTIFICATION_EXPORT_HEADING_ROW } from "@/lib/data/notification-export";
import { resendNotification } from "@/lib/services/notifications/resend";
import { as, expectError, expectOneWinner, resetActorCache, SETUP_TIMEOUT, taskAt, unitId } from "@/lib/services/tasks/test-fixtures";

/** 督查工作通知: scope (office all, unit own), every filter, the Excel export, and 重新发送. */

let signedIn: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({
  getViewer: async () => signedIn,
  actingViewer: async () => {
    if (!signedIn) throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
    return signedIn;
  },
}));
const { GET: exportRoute } = await import("@/app/(app)/messages/notifications/export/route");

let cleanup: () => Promise<void>;
const T: { A?: string; B?: string } = {};

async function smsOf(taskId: string, recipientName: string) {
  const [row] = await getDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.taskId, taskId), eq(notifications.recipientName, recipientName), eq(notifications.channel, "sms")));
  return row!;
}

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  // A: 区教委 (lead) and 区民政局 (co); B: 区住房城乡建委 alone.
  T.A = (await taskAt("in_progress", { title: "通知测试：两单位共办" })).id;
  T.B = (await taskAt("in_progress", { title: "通知测试：住建独办", leadUnitId: await unitId("区住房城乡建委"), coUnitIds: [] })).id;
  // The worker's outcomes, as it would leave them: 刘洋's SMS failed after three attempts, 周晓红's held
  // back by the daily cap, 赵磊's sent; B's messages were written on 1 March.
  const db = getDb();
  await db.update(notifications).set({ status: "failed", attempts: 3, lastError: "网关超时" }).where(eq(notifications.id, (await smsOf(T.A!, "刘洋")).id));
  await db.update(notifications).set({ status: "suppressed", lastError: "超过每日上限" }).where(eq(notifications.id, (await smsOf(T.A!, "周晓红")).id));
  await db.update(notifications).set({ status: "sent", attempts: 1, sentAt: new Date() }).where(eq(notifications.id, (await smsOf(T.A!, "赵磊")).id));
  await db.update(notifications).set({ createdAt: new Date("2026-03-01T02:00:00Z") }).where(eq(notifications.taskId, T.B!));
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

const filters = (raw: Record<string, string> = {}): NotificationFilters => parseNotificationFilters(raw);
async function names(username: string, raw: Record<string, string> = {}) {
  const { rows, total } = await listNotifications(await as(username), filters(raw), 1000);
  expect(total).toBe(rows.length);
  return rows.map((r) => `${r.recipientName}/${r.channel}`).sort();
}

describe("督查工作通知 scope", () => {
  it("the office sees every message, a unit only those sent to its own people, another unit none of them", async () => {
    // 区教委: 刘洋, 周晓红 (SMS + in-app), 田甜 (in-app only); 区民政局: 赵磊, 孙丽萍; 区住房城乡建委: 吴昊, 郑建平.
    expect(await names("dcs_jbr")).toHaveLength(5 + 4 + 4);
    expect(await names("jw_jbr")).toEqual(["刘洋/in_app", "刘洋/sms", "周晓红/in_app", "周晓红/sms", "田甜/in_app"].sort());
    expect(await names("mz_ld")).toEqual(["孙丽萍/in_app", "孙丽萍/sms", "赵磊/in_app", "赵磊/sms"].sort());
    expect(await names("zj_jbr", { q: "两单位共办" })).toEqual([]);
    // 区领导 and the admin are all-units viewers holding 消息中心.
    expect(await names("qld")).toEqual(await names("dcs_jbr"));
  });

  it("a viewer without 消息中心 reads nothing", async () => {
    const jw = await as("jw_jbr");
    const without = { ...jw, permissions: new Set([...jw.permissions].filter((p) => p !== "messages.view")) } as Actor;
    expect((await listNotifications(without, filters())).total).toBe(0);
  });
});

describe("督查工作通知 filters", () => {
  it("by kind, channel and status", async () => {
    expect(await names("dcs_jbr", { kind: "cancel" })).toEqual([]);
    expect((await names("dcs_jbr", { kind: "dispatch" })).length).toBe((await names("dcs_jbr")).length);
    expect(await names("jw_jbr", { channel: "sms" })).toEqual(["刘洋/sms", "周晓红/sms"]);
    expect(await names("dcs_jbr", { status: "failed" })).toEqual(["刘洋/sms"]);
    expect(await names("dcs_jbr", { status: "suppressed" })).toEqual(["周晓红/sms"]);
    expect(await names("dcs_jbr", { status: "sent" })).toEqual(["赵磊/sms"]);
    // A value that is not one of the lists means "any", never an error.
    expect(filters({ kind: "nonsense", status: "'; drop", channel: "fax" })).toMatchObject({ kind: "", status: "", channel: "" });
  });

  it("by date range (Shanghai days, both ends included)", async () => {
    const march = ["吴昊/in_app", "吴昊/sms", "郑建平/in_app", "郑建平/sms"];
    expect(await names("dcs_jbr", { from: "2026-03-01", to: "2026-03-01" })).toEqual(march.sort());
    expect(await names("dcs_jbr", { to: "2026-02-28" })).toEqual([]);
    expect((await names("dcs_jbr", { from: "2026-03-02" })).some((n) => n.startsWith("吴昊"))).toBe(false);
    expect(filters({ from: "2026-02-30" }).from).toBe("");
  });

  it("by recipient name or task title / number", async () => {
    expect(await names("dcs_jbr", { q: "赵磊" })).toEqual(["赵磊/in_app", "赵磊/sms"]);
    expect(await names("dcs_jbr", { q: "住建独办" })).toEqual(["吴昊/in_app", "吴昊/sms", "郑建平/in_app", "郑建平/sms"].sort());
    expect(await names("dcs_jbr", { q: "100%_" })).toEqual([]);
  });

  it("newest first, paged", async () => {
    const viewer = await as("dcs_jbr");
    const { rows, total } = await listNotifications(viewer, filters(), 5);
    expect(rows).toHaveLength(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(rows[i]!.createdAt.getTime());
    const last = await listNotifications(viewer, filters({ page: String(Math.ceil(total / 5)) }), 5);
    expect(last.rows.map((r) => r.recipientName).every((n) => n === "吴昊" || n === "郑建平")).toBe(true);
  });
});

async function exported(username: string | null, query: string) {
  signedIn = username ? await as(username) : null;
  const response = await exportRoute(new Request(`http://localhost/messages/notifications/export?${query}`));
  if (response.status !== 200) return { status: response.status, header: [] as string[], rows: [] as string[][] };
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const text = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)));
  const header = Array.from({ length: NOTIFICATION_EXPORT_HEADING_ROW - 1 }, (_, i) => text(i + 1).join(""));
  const rows: string[][] = [];
  for (let r = NOTIFICATION_EXPORT_HEADING_ROW + 1; r <= sheet.rowCount; r++) rows.push(text(r));
  expect(text(NOTIFICATION_EXPORT_HEADING_ROW).slice(0, 3)).toEqual(["时间", "通知类型", "收件人"]);
  return { status: response.status, header, rows };
}

describe("督查工作通知 export", () => {
  it("writes the filters in the header rows and exactly the filtered rows, phones masked", async () => {
    const sheet = await exported("dcs_jbr", "channel=sms&kind=dispatch&q=两单位共办");
    expect(sheet.status).toBe(200);
    expect(sheet.header.join("\n")).toContain("筛选条件：类型：任务交办；渠道：短信；搜索：两单位共办");
    expect(sheet.header.join("\n")).toContain("范围：全部单位");
    expect(sheet.header.join("\n")).toContain("共 4 条");
    expect(sheet.rows.map((r) => r[2]).sort()).toEqual(["刘洋", "周晓红", "孙丽萍", "赵磊"].sort());
    const liu = sheet.rows.find((r) => r[2] === "刘洋")!;
    expect(liu[5]).toMatch(/^1\d\d\*\*\*\*\d{4}$/);
    expect(liu.slice(8, 11)).toEqual(["发送失败", "3", "网关超时"]);
    expect(sheet.rows.every((r) => r[13] === "通知测试：两单位共办")).toBe(true);
  });

  it("respects the unit's scope and refuses the anonymous and those without 消息中心", async () => {
    const sheet = await exported("mz_jbr", "");
    expect(sheet.header.join("\n")).toContain("范围：区民政局");
    expect([...new Set(sheet.rows.map((r) => r[3]))]).toEqual(["区民政局"]);
    expect(sheet.rows).toHaveLength(4);
    expect((await exported(null, "")).status).toBe(401);
    const jw = await as("jw_jbr");
    signedIn = { ...jw, permissions: new Set([...jw.permissions].filter((p) => p !== "messages.view")) } as Actor;
    expect((await exportRoute(new Request("http://localhost/messages/notifications/export"))).status).toBe(403);
  });
});

describe("重新发送", () => {
  it("queues a failed SMS again, once, recorded in 操作日志", async () => {
    const failed = await smsOf(T.A!, "刘洋");
    const clerk = await as("dcs_jbr");
    await expectOneWinner([() => resendNotification(clerk, { id: failed.id }), () => resendNotification(clerk, { id: failed.id })]);
    // The tries so far stay on the row (督查工作通知 still shows them); the worker gives it one more.
    expect(await smsOf(T.A!, "刘洋")).toMatchObject({ status: "queued", attempts: 3 });
    const [audit] = await getDb().select().from(auditLogs).where(eq(auditLogs.targetId, failed.id)).orderBy(desc(auditLogs.at));
    expect(audit).toMatchObject({ action: "notification.resend", actorName: "张敏" });
    expect(audit!.detail).toMatchObject({ before: { status: "failed", attempts: 3, lastError: "网关超时" } });
  });

  it("queues a suppressed SMS again", async () => {
    await resendNotification(await as("dcs_jbr"), { id: (await smsOf(T.A!, "周晓红")).id });
    expect((await smsOf(T.A!, "周晓红")).status).toBe("queued");
  });

  it("refuses a sent, queued or unreachable SMS and an in-app message, changing nothing", async () => {
    const clerk = await as("dcs_jbr");
    const sent = await smsOf(T.A!, "赵磊");
    await expectError(resendNotification(clerk, { id: sent.id }), "CONFLICT", "已发送");
    await expectError(resendNotification(clerk, { id: (await smsOf(T.B!, "吴昊")).id }), "CONFLICT", "待发送");
    const [inApp] = await getDb().select().from(notifications).where(and(eq(notifications.taskId, T.A!), eq(notifications.channel, "in_app"))).limit(1);
    await expectError(resendNotification(clerk, { id: inApp!.id }), "VALIDATION", "站内消息");
    expect(await smsOf(T.A!, "赵磊")).toEqual(sent);
  });

  it("only the office may resend: leaders without 撤销/催办 rights and units are refused; junk ids are validation errors", async () => {
    const failed = await smsOf(T.A!, "孙丽萍");
    await getDb().update(notifications).set({ status: "failed", attempts: 3, lastError: "号码停机" }).where(eq(notifications.id, failed.id));
    await expectError(resendNotification(await as("dcs_ld"), { id: failed.id }), "FORBIDDEN");
    await expectError(resendNotification(await as("mz_jbr"), { id: failed.id }), "FORBIDDEN");
    await expectError(resendNotification(await as("admin"), { id: failed.id }), "FORBIDDEN");
    await expectError(resendNotification(await as("dcs_jbr"), { id: "not-a-uuid" }), "VALIDATION");
    await expectError(resendNotification(await as("dcs_jbr"), { id: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND");
    expect((await smsOf(T.A!, "孙丽萍")).status).toBe("failed");
    const audits = await getDb().select().from(auditLogs).where(inArray(auditLogs.targetId, [failed.id]));
    expect(audits).toHaveLength(0);
  });
});
