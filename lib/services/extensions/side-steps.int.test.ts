import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, extensionRequests, notifications, taskEvents, tasks, urges } from "@/db/schema";
import type { NotificationKind } from "@/lib/domain/messages";
import { receiveAssignment } from "@/lib/services/tasks/receive-assignment";
import { submitFeedback } from "@/lib/services/tasks/submit-feedback";
import { cancelTask } from "@/lib/services/tasks/cancel-task";
import { acknowledgeUrge, urgeAssignment } from "@/lib/services/urges";
import { approveExtension, forwardExtension, rejectExtension, requestExtension, returnExtension, withdrawExtension } from "./index";
import { as, assignmentRow, av, expectError, expectOneWinner, resetActorCache, SETUP_TIMEOUT, taskAt, tv } from "@/lib/services/tasks/test-fixtures";

/**
 * 催办 and 延期申请 (issue 8): every verb's happy path with its history row and messages, wrong role →
 * FORBIDDEN, another unit → NOT_FOUND, bad input → VALIDATION with nothing written, the urge throttle,
 * a double acknowledgement, and decisions taken twice at once (exactly one wins; with DATABASE_URL the
 * attempts really run concurrently on the server).
 */

let cleanup: () => Promise<void>;
type Actor = Awaited<ReturnType<typeof as>>;
const A = {} as Record<"dcs_jbr" | "dcs_jbr2" | "dcs_ld" | "jw_jbr" | "jw_jbr2" | "jw_ld" | "mz_jbr" | "mz_ld", Actor>;

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  for (const u of Object.keys({ dcs_jbr: 1, dcs_jbr2: 1, dcs_ld: 1, jw_jbr: 1, jw_jbr2: 1, jw_ld: 1, mz_jbr: 1, mz_ld: 1 }) as (keyof typeof A)[]) A[u] = await as(u);
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

const T0 = new Date("2026-12-01T02:00:00Z");
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

async function eventsOf(assignmentId: string) {
  return getDb().select().from(taskEvents).where(eq(taskEvents.assignmentId, assignmentId)).orderBy(asc(taskEvents.id));
}
/** Sorted in JavaScript (by code point): the two databases may collate Chinese names differently. */
async function messagesOf(assignmentId: string, kind: NotificationKind) {
  const rows = await getDb()
    .select({ recipientName: notifications.recipientName, channel: notifications.channel, body: notifications.body, mobile: notifications.mobile })
    .from(notifications)
    .where(and(eq(notifications.assignmentId, assignmentId), eq(notifications.kind, kind)));
  const key = (m: (typeof rows)[number]) => `${m.recipientName}\u0000${m.channel}`;
  return rows.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}
async function urgesOf(assignmentId: string) {
  return getDb().select().from(urges).where(eq(urges.assignmentId, assignmentId)).orderBy(asc(urges.createdAt));
}
async function extensionsOf(assignmentId: string) {
  return getDb().select().from(extensionRequests).where(eq(extensionRequests.assignmentId, assignmentId)).orderBy(asc(extensionRequests.createdAt));
}
/** What a refused step must leave untouched: the assignment, its history, its urges, requests and messages. */
async function snapshot(assignmentId: string) {
  const [msgs] = await Promise.all([getDb().select({ id: notifications.id }).from(notifications).where(eq(notifications.assignmentId, assignmentId))]);
  return { a: await assignmentRow(assignmentId), events: (await eventsOf(assignmentId)).length, urges: await urgesOf(assignmentId), ext: await extensionsOf(assignmentId), msgs: msgs.length };
}
async function refusedWithoutWriting(assignmentId: string, attempt: () => Promise<unknown>, code: Parameters<typeof expectError>[1], text?: string) {
  const before = await snapshot(assignmentId);
  await expectError(attempt(), code, text);
  expect(await snapshot(assignmentId)).toEqual(before);
}

/** A task dispatched to 区教委 alone (so its due date is that unit's deadline), 2099-06-30. */
async function jwTask() {
  const t = await taskAt("in_progress", { title: `延期测试 ${randomUUID().slice(0, 8)}`, coUnitIds: [] });
  return { taskId: t.id, jw: t.assignments["区教委"]! };
}

describe("催办 by hand", () => {
  it("records the urge, counts it, writes the history and tells the unit (SMS to its 短信接收人)", async () => {
    const { jw } = await taskAt("in_progress").then((t) => ({ jw: t.assignments["区教委"]! }));
    const result = await urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "  请于本周内报送进展  " }, T0);
    const [urge] = await urgesOf(jw);
    expect(urge).toMatchObject({ id: result.urgeId, kind: "manual", message: "请于本周内报送进展", urgedByName: "张敏", acknowledgedAt: null });
    const a = await assignmentRow(jw);
    expect(a.urgeCount).toBe(1);
    expect(a.lastUrgedAt).toEqual(T0);
    expect((await eventsOf(jw)).at(-1)).toMatchObject({ action: "urge", actorName: "张敏", opinion: "请于本周内报送进展" });
    const sent = await messagesOf(jw, "urge");
    // Every member of the unit in-app; the two marked 短信接收人 (刘洋, 周晓红) also by SMS.
    expect(sent.map((m) => `${m.recipientName}:${m.channel}`)).toEqual(["刘洋:in_app", "刘洋:sms", "周晓红:in_app", "周晓红:sms", "田甜:in_app"]);
    expect(sent[0]!.body).toContain("请于本周内报送进展");
  });

  it("is throttled by the urgency's minimum interval and names when the next urge is allowed", async () => {
    const { jw } = await jwTask();
    await urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "第一次催办" }, T0);
    // 紧急件's default rule: 12 hours. T0 is 10:00 in Shanghai, so the next is allowed at 22:00 the same day.
    await refusedWithoutWriting(jw, () => urgeAssignment(A.dcs_jbr2, { assignmentId: jw, message: "第二次" }, hours(11)), "CONFLICT", "2026-12-01 22:00 后可再次催办");
    await urgeAssignment(A.dcs_jbr2, { assignmentId: jw, message: "第二次" }, hours(12));
    expect((await assignmentRow(jw)).urgeCount).toBe(2);
  });

  it("records one urge when two clerks urge at once", async () => {
    const { jw } = await jwTask();
    await expectOneWinner([() => urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "甲" }, T0), () => urgeAssignment(A.dcs_jbr2, { assignmentId: jw, message: "乙" }, T0)]);
    expect(await urgesOf(jw)).toHaveLength(1);
    expect((await assignmentRow(jw)).urgeCount).toBe(1);
  });

  it("refuses the wrong role, bad input, unknown records and units no longer working, writing nothing", async () => {
    const { jw } = await jwTask();
    await refusedWithoutWriting(jw, () => urgeAssignment(A.jw_jbr, { assignmentId: jw, message: "自己催自己" }), "FORBIDDEN");
    await refusedWithoutWriting(jw, () => urgeAssignment(A.dcs_ld, { assignmentId: jw, message: "领导催办" }), "FORBIDDEN");
    await refusedWithoutWriting(jw, () => urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "   " }), "VALIDATION", "请填写催办内容");
    await refusedWithoutWriting(jw, () => urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "催".repeat(501) }), "VALIDATION", "不能超过 500 字");
    await refusedWithoutWriting(jw, () => urgeAssignment(A.dcs_jbr, { assignmentId: "not-an-id", message: "催办" }), "VALIDATION");
    await expectError(urgeAssignment(A.dcs_jbr, { assignmentId: randomUUID(), message: "催办" }), "NOT_FOUND");
    // A report waiting on the office: the unit has nothing to hurry.
    const received = await receiveAssignment(A.jw_jbr, { assignmentId: jw, version: await av(jw) });
    await submitFeedback(A.jw_jbr, { assignmentId: jw, version: received.version, kind: "final", body: "已办结" });
    await refusedWithoutWriting(jw, () => urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "催办" }), "CONFLICT", "正待督查室审核");
    const other = await jwTask();
    await cancelTask(A.dcs_jbr, { id: other.taskId, reason: "重复交办", version: await tv(other.taskId) });
    await refusedWithoutWriting(other.jw, () => urgeAssignment(A.dcs_jbr, { assignmentId: other.jw, message: "催办" }), "CONFLICT", "不在承办中");
  });
});

describe("签收催办", () => {
  it("is signed for once by a member of the urged unit; the second attempt is told it is done", async () => {
    const { jw } = await jwTask();
    const { urgeId } = await urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "请签收" }, T0);
    await expectError(acknowledgeUrge(A.mz_jbr, { urgeId }), "NOT_FOUND");
    await expectError(acknowledgeUrge(A.dcs_jbr, { urgeId }), "FORBIDDEN");
    await expectError(acknowledgeUrge(A.jw_jbr, { urgeId: "x" }), "VALIDATION");
    await acknowledgeUrge(A.jw_ld, { urgeId }, hours(1));
    const [urge] = await urgesOf(jw);
    expect(urge).toMatchObject({ acknowledgedAt: hours(1), acknowledgedById: A.jw_ld.userId });
    expect((await eventsOf(jw)).at(-1)).toMatchObject({ action: "acknowledge_urge", actorName: "周晓红" });
    await refusedWithoutWriting(jw, () => acknowledgeUrge(A.jw_jbr, { urgeId }), "CONFLICT", "已签收");
  });

  it("lets exactly one of two members sign for it at once", async () => {
    const { jw } = await jwTask();
    const { urgeId } = await urgeAssignment(A.dcs_jbr, { assignmentId: jw, message: "请签收" }, T0);
    await expectOneWinner([() => acknowledgeUrge(A.jw_jbr, { urgeId }), () => acknowledgeUrge(A.jw_ld, { urgeId })]);
    expect((await eventsOf(jw)).filter((e) => e.action === "acknowledge_urge")).toHaveLength(1);
  });
});

describe("延期申请", () => {
  const ask = (jw: string, over: Record<string, unknown> = {}) =>
    av(jw).then((version) => requestExtension(A.jw_jbr, { assignmentId: jw, requestedDeadline: "2099-07-31", reason: "需协调多个部门", signerId: A.jw_ld.userId, version, ...over }, T0));

  it("goes clerk → unit leader → office; approval moves the deadline, the due date and the count, and tells everyone", async () => {
    const { taskId, jw } = await jwTask();
    const req = await ask(jw);
    const [row] = await extensionsOf(jw);
    expect(row).toMatchObject({ id: req.id, status: "awaiting_unit", previousDeadline: "2099-06-30", requestedDeadline: "2099-07-31", currentSignerId: A.jw_ld.userId, reason: "需协调多个部门" });
    expect((await eventsOf(jw)).at(-1)).toMatchObject({ action: "request_extension", opinion: "需协调多个部门" });
    expect((await messagesOf(jw, "extension_request")).map((m) => `${m.recipientName}:${m.channel}`)).toEqual(["周晓红:in_app"]);

    // Not yet the office's turn; not another unit's business; not a clerk's.
    await refusedWithoutWriting(jw, () => approveExtension(A.dcs_jbr, { id: req.id, approvedDeadline: "2099-07-31", version: req.version }), "CONFLICT", "尚未经单位领导同意");
    await refusedWithoutWriting(jw, () => forwardExtension(A.mz_ld, { id: req.id, version: req.version }), "NOT_FOUND");
    await refusedWithoutWriting(jw, () => forwardExtension(A.jw_jbr2, { id: req.id, version: req.version }), "FORBIDDEN");

    const fwd = await expectOneWinner([
      () => forwardExtension(A.jw_ld, { id: req.id, opinion: "同意", version: req.version }, hours(1)),
      () => forwardExtension(A.jw_ld, { id: req.id, opinion: "同意", version: req.version }, hours(1)),
    ]);
    const forwarded = (fwd.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ version: number }>).value;
    expect((await extensionsOf(jw))[0]).toMatchObject({ status: "awaiting_office", unitSignedById: A.jw_ld.userId, unitOpinion: "同意", currentSignerId: null });
    // The clerk who registered the task hears of it.
    expect((await messagesOf(jw, "extension_request")).map((m) => m.recipientName)).toEqual(["周晓红", "张敏"]);

    await refusedWithoutWriting(jw, () => approveExtension(A.jw_ld, { id: req.id, approvedDeadline: "2099-07-31", version: forwarded.version }), "FORBIDDEN");
    await refusedWithoutWriting(jw, () => approveExtension(A.dcs_jbr, { id: req.id, approvedDeadline: "2099-06-30", version: forwarded.version }), "VALIDATION", "须晚于当前期限");
    await refusedWithoutWriting(jw, () => approveExtension(A.dcs_jbr, { id: req.id, approvedDeadline: "2099-02-30", version: forwarded.version }), "VALIDATION", "有效的日期");
    await refusedWithoutWriting(jw, () => approveExtension(A.dcs_jbr, { id: req.id, approvedDeadline: "2099-07-20", version: forwarded.version - 1 }), "CONFLICT");

    // Two office clerks approve at once (with different dates): exactly one decision stands.
    await expectOneWinner([
      () => approveExtension(A.dcs_jbr, { id: req.id, approvedDeadline: "2099-07-20", opinion: "同意延期", version: forwarded.version }, hours(2)),
      () => approveExtension(A.dcs_jbr2, { id: req.id, approvedDeadline: "2099-07-20", version: forwarded.version }, hours(2)),
    ]);
    const a = await assignmentRow(jw);
    expect({ deadline: a.deadline, extensionCount: a.extensionCount }).toEqual({ deadline: "2099-07-20", extensionCount: 1 });
    const [task] = await getDb().select({ dueOn: tasks.dueOn, deadline: tasks.deadline }).from(tasks).where(eq(tasks.id, taskId));
    expect(task).toEqual({ dueOn: "2099-07-20", deadline: "2099-06-30" });
    expect((await extensionsOf(jw))[0]).toMatchObject({ status: "approved", approvedDeadline: "2099-07-20" });
    const approved = (await eventsOf(jw)).filter((e) => e.action === "approve_extension");
    expect(approved).toHaveLength(1);
    expect(approved[0]!.detail).toMatchObject({ oldDeadline: "2099-06-30", newDeadline: "2099-07-20", requestedDeadline: "2099-07-31" });
    const decision = await messagesOf(jw, "extension_decision");
    expect(decision.map((m) => `${m.recipientName}:${m.channel}`)).toEqual(["刘洋:in_app", "刘洋:sms", "周晓红:in_app", "周晓红:sms", "田甜:in_app"]);
    expect(decision[0]!.body).toContain("由 2099-06-30 延至 2099-07-20");

    // A second request starts from the new deadline.
    await expectError(ask(jw, { requestedDeadline: "2099-07-15" }), "VALIDATION", "须晚于当前期限 2099-07-20");
  });

  it("refuses bad requests with a field message and writes nothing", async () => {
    const { jw } = await jwTask();
    const v = await av(jw);
    const base = { assignmentId: jw, requestedDeadline: "2099-07-31", reason: "理由", signerId: A.jw_ld.userId, version: v };
    const cases: [Record<string, unknown>, string][] = [
      [{ requestedDeadline: "2099-06-30" }, "须晚于当前期限"],
      [{ requestedDeadline: "2099-13-01" }, "有效的日期"],
      [{ requestedDeadline: "2101-01-01" }, "延期不能超过一年"],
      [{ requestedDeadline: "" }, "请填写申请的新办理期限"],
      [{ reason: "  " }, "请填写延期理由"],
      [{ signerId: A.mz_ld.userId }, "不是本单位的审核领导"],
      [{ signerId: A.jw_jbr2.userId }, "不是本单位的审核领导"],
      [{ version: "" }, "缺少版本号"],
    ];
    for (const [over, text] of cases) await refusedWithoutWriting(jw, () => requestExtension(A.jw_jbr, { ...base, ...over }), "VALIDATION", text);
    await refusedWithoutWriting(jw, () => requestExtension(A.jw_jbr, { ...base, version: v + 1 }), "CONFLICT");
    await refusedWithoutWriting(jw, () => requestExtension(A.jw_ld, base), "FORBIDDEN");
    await refusedWithoutWriting(jw, () => requestExtension(A.mz_jbr, { ...base, signerId: A.mz_ld.userId }), "NOT_FOUND");
    await refusedWithoutWriting(jw, () => requestExtension(A.dcs_jbr, base), "FORBIDDEN");
  });

  it("allows one open request per assignment, also when two clerks ask at once", async () => {
    const { jw } = await jwTask();
    const version = await av(jw);
    await expectOneWinner([
      () => requestExtension(A.jw_jbr, { assignmentId: jw, requestedDeadline: "2099-07-31", reason: "一份", signerId: A.jw_ld.userId, version }, T0),
      () => requestExtension(A.jw_jbr2, { assignmentId: jw, requestedDeadline: "2099-08-31", reason: "另一份", signerId: A.jw_ld.userId, version }, T0),
    ]);
    expect(await extensionsOf(jw)).toHaveLength(1);
    await refusedWithoutWriting(jw, () => ask(jw), "CONFLICT", "已有一份延期申请在审批中");
  });

  it("is returned by the unit leader with an opinion, after which the clerk may ask again", async () => {
    const { jw } = await jwTask();
    const req = await ask(jw);
    await refusedWithoutWriting(jw, () => returnExtension(A.jw_ld, { id: req.id, opinion: " ", version: req.version }), "VALIDATION", "请填写退回意见");
    await returnExtension(A.jw_ld, { id: req.id, opinion: "理由不充分", version: req.version });
    expect((await extensionsOf(jw))[0]).toMatchObject({ status: "returned", unitOpinion: "理由不充分" });
    expect((await eventsOf(jw)).at(-1)).toMatchObject({ action: "return_extension", opinion: "理由不充分" });
    expect((await messagesOf(jw, "extension_decision")).map((m) => `${m.recipientName}:${m.channel}`)).toEqual(["刘洋:in_app"]);
    await ask(jw, { reason: "补充说明后再次申请" });
    expect((await extensionsOf(jw)).map((e) => e.status)).toEqual(["returned", "awaiting_unit"]);
  });

  it("is rejected by the office with a reason and leaves the deadline alone", async () => {
    const { jw } = await jwTask();
    const req = await ask(jw);
    const fwd = await forwardExtension(A.jw_ld, { id: req.id, version: req.version });
    await refusedWithoutWriting(jw, () => rejectExtension(A.dcs_jbr, { id: req.id, version: fwd.version }), "VALIDATION", "请填写不批准的理由");
    await rejectExtension(A.dcs_jbr, { id: req.id, opinion: "期限为上级明确要求", version: fwd.version });
    expect((await extensionsOf(jw))[0]).toMatchObject({ status: "rejected", decisionOpinion: "期限为上级明确要求", approvedDeadline: null });
    const a = await assignmentRow(jw);
    expect({ deadline: a.deadline, extensionCount: a.extensionCount }).toEqual({ deadline: "2099-06-30", extensionCount: 0 });
    expect((await eventsOf(jw)).at(-1)).toMatchObject({ action: "reject_extension" });
    const sent = await messagesOf(jw, "extension_decision");
    expect(sent.filter((m) => m.channel === "sms").map((m) => m.recipientName)).toEqual(["刘洋", "周晓红"]);
    expect(sent[0]!.body).toContain("未获批准");
  });

  it("is withdrawn only by the clerk who asked, while undecided", async () => {
    const { jw } = await jwTask();
    const req = await ask(jw);
    await refusedWithoutWriting(jw, () => withdrawExtension(A.jw_jbr2, { id: req.id, version: req.version }), "FORBIDDEN", "申请人本人");
    await withdrawExtension(A.jw_jbr, { id: req.id, version: req.version });
    expect((await extensionsOf(jw))[0]).toMatchObject({ status: "withdrawn", currentSignerId: null });
    expect((await eventsOf(jw)).at(-1)).toMatchObject({ action: "withdraw_extension" });
    await refusedWithoutWriting(jw, () => withdrawExtension(A.jw_jbr, { id: req.id, version: req.version + 1 }), "CONFLICT");
    await refusedWithoutWriting(jw, () => forwardExtension(A.jw_ld, { id: req.id, version: req.version + 1 }), "CONFLICT");
  });

  it("cannot be decided once the unit's assignment is closed", async () => {
    const { taskId, jw } = await jwTask();
    const req = await ask(jw);
    const fwd = await forwardExtension(A.jw_ld, { id: req.id, version: req.version });
    await cancelTask(A.dcs_jbr, { id: taskId, reason: "上级已撤回", version: await tv(taskId) });
    await refusedWithoutWriting(jw, () => approveExtension(A.dcs_jbr, { id: req.id, approvedDeadline: "2099-07-31", version: fwd.version }), "CONFLICT");
    expect((await getDb().select({ deadline: assignments.deadline }).from(assignments).where(eq(assignments.id, jw)))[0]!.deadline).toBe("2099-06-30");
  });
});
