import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { notifications } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { countUnread, listInbox, parseInboxParams } from "@/lib/data/inbox";
import { resetClock, setClock } from "@/lib/clock";
import { as, expectError, SETUP_TIMEOUT, taskAt, unitId } from "@/lib/services/tasks/test-fixtures";
import { enqueueNotifications, usersById } from "@/lib/services/notifications/enqueue";
import { markRead } from "./mark-read";
import { markAllRead } from "./mark-all-read";

/** 我的消息: one's own in-app messages only; read state per message and all at once, never anyone else's. */

let cleanup: () => Promise<void>;
let jw: Actor;
let jwLeader: Actor;
let mz: Actor;
let taskId: string;
let hiddenTaskId: string;

async function rowsOf(recipientId: string, channel: "in_app" | "sms" = "in_app") {
  return getDb()
    .select({ id: notifications.id, readAt: notifications.readAt, taskId: notifications.taskId })
    .from(notifications)
    .where(and(eq(notifications.recipientId, recipientId), eq(notifications.channel, channel)));
}

async function tell(actor: Actor, about: string | null, title = "提醒") {
  await getDb().transaction(async (tx) =>
    enqueueNotifications(tx, { kind: "urge", taskId: about, recipients: await usersById(tx, [actor.userId]), vars: { 任务标题: title }, sms: "none" }),
  );
}

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  jw = await as("jw_jbr");
  jwLeader = await as("jw_ld");
  mz = await as("mz_jbr");
  // 交办 to 区教委 and 区民政局: each unit's clerk and leader get an in-app message (and an SMS row).
  taskId = (await taskAt("in_progress", { title: "我的消息：两单位共办" })).id;
  // A task of another unit only: a message about it must not link there.
  hiddenTaskId = (await taskAt("in_progress", { title: "我的消息：他单位", leadUnitId: await unitId("区住房城乡建委"), coUnitIds: [] })).id;
}, SETUP_TIMEOUT);

afterAll(async () => {
  resetClock();
  await cleanup();
});

afterEach(() => resetClock());

describe("我的消息", () => {
  it("lists only the viewer's own in-app messages, newest first, with links only to tasks the viewer may open", async () => {
    await tell(jw, hiddenTaskId, "他单位事项");
    const { rows, total, unread } = await listInbox(jw, parseInboxParams({}));
    const mine = await rowsOf(jw.userId);
    expect(total).toBe(mine.length);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(mine.map((r) => r.id)));
    expect(unread).toBe(mine.length);
    // Not the SMS row, not the co-unit's message.
    const sms = await rowsOf(jw.userId, "sms");
    expect(sms).toHaveLength(1);
    expect(rows.map((r) => r.id)).not.toContain(sms[0]!.id);
    for (const other of await rowsOf(mz.userId)) expect(rows.map((r) => r.id)).not.toContain(other.id);
    expect(rows.map((r) => r.createdAt.getTime())).toEqual([...rows.map((r) => r.createdAt.getTime())].sort((a, b) => b - a));
    expect(rows.find((r) => r.title.includes("我的消息：两单位共办"))!.taskId).toBe(taskId);
    expect(rows.find((r) => r.title.includes("他单位事项"))!.taskId).toBeNull();
    // Opening: the visible task's page; a task the viewer may not open gives no button at all (no dead link).
    expect(rows.find((r) => r.title.includes("我的消息：两单位共办"))!.open).toEqual({ href: `/tasks/${taskId}`, label: "查看任务" });
    expect(rows.find((r) => r.title.includes("他单位事项"))!.open).toBeNull();
  });

  it("marks one message read (idempotently) and refuses another person's message or an SMS row as not found", async () => {
    const before = await countUnread(jw);
    const [first] = await rowsOf(jw.userId);
    const read = await markRead(jw, { id: first!.id });
    expect(await countUnread(jw)).toBe(before - 1);
    const again = await markRead(jw, { id: first!.id });
    expect(again.readAt.getTime()).toBe(read.readAt.getTime());
    expect(await countUnread(jw)).toBe(before - 1);

    const [theirs] = await rowsOf(mz.userId);
    await expectError(markRead(jw, { id: theirs!.id }), "NOT_FOUND");
    const [sms] = await rowsOf(jw.userId, "sms");
    await expectError(markRead(jw, { id: sms!.id }), "NOT_FOUND");
    await expectError(markRead(jw, { id: "not-an-id" }), "VALIDATION");
    expect((await rowsOf(mz.userId)).every((r) => r.readAt === null)).toBe(true);
    expect((await rowsOf(jw.userId, "sms"))[0]!.readAt).toBeNull();

    const unreadOnly = await listInbox(jw, parseInboxParams({ filter: "unread" }));
    expect(unreadOnly.total).toBe(before - 1);
    expect(unreadOnly.rows.map((r) => r.id)).not.toContain(first!.id);
    expect(unreadOnly.rows.every((r) => r.readAt === null)).toBe(true);
  });

  it("marks all of the viewer's messages read in one go, up to the moment the page was shown, and nobody else's", async () => {
    setClock("2099-01-01T02:00:00Z");
    await tell(jw, taskId, "页面显示之前");
    setClock("2099-01-01T03:00:00Z");
    await tell(jw, taskId, "页面显示之后");
    const mzBefore = await countUnread(mz);
    const leaderBefore = await countUnread(jwLeader);
    expect(mzBefore).toBeGreaterThan(0);
    expect(leaderBefore).toBeGreaterThan(0);

    const marked = await markAllRead(jw, { upTo: "2099-01-01T02:30:00Z" });
    expect(marked).toBeGreaterThan(0);
    const left = await listInbox(jw, parseInboxParams({ filter: "unread" }));
    expect(left.rows.map((r) => r.title)).toEqual(["催办：页面显示之后"]);

    expect(await markAllRead(jw)).toBe(1);
    expect(await countUnread(jw)).toBe(0);
    expect(await markAllRead(jw)).toBe(0);
    expect(await countUnread(mz)).toBe(mzBefore);
    expect(await countUnread(jwLeader)).toBe(leaderBefore);
    const stillUnread = await getDb().select({ id: notifications.id }).from(notifications).where(and(eq(notifications.recipientId, mz.userId), isNull(notifications.readAt)));
    expect(stillUnread.length).toBeGreaterThanOrEqual(mzBefore);
  });

  it("pages with the shared page size and refuses a malformed time", async () => {
    for (let i = 0; i < 3; i++) await tell(mz, taskId, `分页 ${i}`);
    const all = await listInbox(mz, parseInboxParams({}));
    const page2 = await listInbox(mz, parseInboxParams({ page: "2" }), 2);
    const page1 = await listInbox(mz, parseInboxParams({}), 2);
    expect(page1.total).toBe(all.total);
    expect([...page1.rows, ...page2.rows].map((r) => r.id)).toEqual(all.rows.slice(0, 4).map((r) => r.id));
    await expectError(markAllRead(mz, { upTo: "昨天" }), "VALIDATION");
  });
});
