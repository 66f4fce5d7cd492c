import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { reports, taskEvents } from "@/db/schema";
import {
  delegateAssignment,
  handleAssignment,
  receiveAssignment,
  reportUp,
  returnUnitReport,
  reviewReport,
  signUnitReport,
  submitFeedback,
} from "./index";
import {
  av,
  addUser,
  as,
  assignmentRow,
  attachmentRow,
  expectError,
  expectOneWinner,
  history,
  resetActorCache,
  SETUP_TIMEOUT,
  taskAt,
  uploaded,
  userId,
} from "./test-fixtures";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  for (const u of ["jw_jbr", "jw_jbr2", "jw_ld", "mz_jbr", "mz_ld", "dcs_jbr", "dcs_ld"]) await as(u);
  await addUser("jw_ld2", "钱副主任", "区教委", "unit_leader");
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

/** A dispatched task; returns the 区教委 (lead) and 区民政局 (co) assignment ids. */
async function dispatched(overrides: Record<string, unknown> = {}) {
  const { id, assignments } = await taskAt("in_progress", overrides);
  return { taskId: id, jw: assignments["区教委"]!, mz: assignments["区民政局"]! };
}

async function reportsOf(assignmentId: string) {
  return getDb().select().from(reports).where(eq(reports.assignmentId, assignmentId)).orderBy(asc(reports.revision));
}

async function eventCount(assignmentId: string) {
  return (await getDb().select({ id: taskEvents.id }).from(taskEvents).where(eq(taskEvents.assignmentId, assignmentId))).length;
}

async function received() {
  const d = await dispatched();
  await receiveAssignment(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) });
  return d;
}

async function awaitingSign() {
  const d = await received();
  await handleAssignment(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "承办情况", signerId: await userId("jw_ld"), version: await av(d.jw) });
  return d;
}

describe("another unit's assignment is NOT_FOUND for every unit verb, also when a server action is replayed with its id", () => {
  it("区民政局 users cannot touch 区教委's assignment at any stage, and nothing changes", async () => {
    const d = await dispatched();
    const mzClerk = await as("mz_jbr");
    const mzLeader = await as("mz_ld");
    const attempts = async () => {
      await expectError(receiveAssignment(mzClerk, { assignmentId: d.jw, version: await av(d.jw) }), "NOT_FOUND", "承办任务不存在或您无权查看");
      await expectError(delegateAssignment(mzLeader, { assignmentId: d.jw, handlerId: mzClerk.userId, instruction: "办理", version: await av(d.jw) }), "NOT_FOUND");
      await expectError(submitFeedback(mzClerk, { assignmentId: d.jw, kind: "final", body: "x", version: await av(d.jw) }), "NOT_FOUND");
      await expectError(handleAssignment(mzClerk, { assignmentId: d.jw, kind: "final", body: "x", signerId: mzLeader.userId, version: await av(d.jw) }), "NOT_FOUND");
      await expectError(signUnitReport(mzLeader, { assignmentId: d.jw, version: await av(d.jw) }), "NOT_FOUND");
      await expectError(returnUnitReport(mzLeader, { assignmentId: d.jw, opinion: "x", version: await av(d.jw) }), "NOT_FOUND");
      await expectError(reportUp(mzClerk, { assignmentId: d.jw, version: await av(d.jw) }), "NOT_FOUND");
    };
    await attempts();
    await receiveAssignment(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) });
    await handleAssignment(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "x", signerId: await userId("jw_ld"), version: await av(d.jw) });
    await attempts();
    await signUnitReport(await as("jw_ld"), { assignmentId: d.jw, version: await av(d.jw) });
    await attempts();
    expect((await assignmentRow(d.jw)).status).toBe("signed");
    expect((await history(d.taskId)).every((e) => e.actorUnitName !== "区民政局")).toBe(true);
  });

  it("a unit user cannot review reports (FORBIDDEN) and an unknown id is NOT_FOUND", async () => {
    const d = await dispatched();
    await expectError(reviewReport(await as("jw_ld"), { assignmentId: d.jw, decision: "accept_final", version: await av(d.jw) }), "FORBIDDEN");
    await expectError(receiveAssignment(await as("jw_jbr"), { assignmentId: randomUUID(), version: 1 }), "NOT_FOUND");
  });
});

describe("receiveAssignment (接收)", () => {
  it("receives, names the clerk as handler and records it", async () => {
    const d = await dispatched();
    const result = await receiveAssignment(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) });
    expect(result.status).toBe("in_progress");
    const row = await assignmentRow(d.jw);
    expect(row).toMatchObject({ status: "in_progress", handlerId: await userId("jw_jbr") });
    expect(row.receivedAt).not.toBeNull();
    const events = await history(d.taskId);
    expect(events.at(-1)).toMatchObject({ action: "receive", assignmentId: d.jw, actorName: "刘洋", actorRole: "承办单位经办人", actorUnitName: "区教委" });
    // The co-unit's assignment is untouched: units report separately.
    expect((await assignmentRow(d.mz)).status).toBe("to_receive");
  });

  it("wrong role → FORBIDDEN; bad id → VALIDATION; two clerks at once → one wins; again → CONFLICT", async () => {
    const d = await dispatched();
    await expectError(receiveAssignment(await as("jw_ld"), { assignmentId: d.jw, version: await av(d.jw) }), "FORBIDDEN");
    await expectError(receiveAssignment(await as("dcs_jbr"), { assignmentId: d.jw, version: await av(d.jw) }), "FORBIDDEN");
    await expectError(receiveAssignment(await as("jw_jbr"), { assignmentId: "", version: 1 }), "VALIDATION", "承办任务不存在");
    const version = await av(d.jw);
    await expectOneWinner([() => receiveAssignment(as_("jw_jbr"), { assignmentId: d.jw, version }), () => receiveAssignment(as_("jw_jbr2"), { assignmentId: d.jw, version })]);
    await expectError(receiveAssignment(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) }), "CONFLICT", "办理中");
    expect(await eventCount(d.jw)).toBe(1);
  });
});

describe("delegateAssignment (分办)", () => {
  it("the unit leader delegates a just-dispatched assignment to a named clerk with an instruction", async () => {
    const d = await dispatched();
    const leader = await as("jw_ld");
    const tian = await as("jw_jbr2");
    await delegateAssignment(leader, { assignmentId: d.jw, handlerId: tian.userId, instruction: "请田甜牵头办理，周五前报我", version: await av(d.jw) });
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "in_progress", handlerId: tian.userId, delegatedById: leader.userId, delegationNote: "请田甜牵头办理，周五前报我" });
    expect((await history(d.taskId)).at(-1)).toMatchObject({ action: "delegate", fromState: "to_receive", toState: "in_progress", opinion: "请田甜牵头办理，周五前报我", actorName: "周晓红" });
    // Only the named clerk handles it now.
    await expectError(submitFeedback(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "x", version: await av(d.jw) }), "CONFLICT", "已分办给其他经办人");
    await submitFeedback(tian, { assignmentId: d.jw, kind: "final", body: "已办理", version: await av(d.jw) });
  });

  it("after receipt it only changes the handler", async () => {
    const d = await received();
    await delegateAssignment(await as("jw_ld"), { assignmentId: d.jw, handlerId: await userId("jw_jbr2"), instruction: "转田甜办理", version: await av(d.jw) });
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "in_progress", handlerId: await userId("jw_jbr2") });
  });

  it("refuses a leader, another unit's clerk or no instruction; a clerk may not delegate; two at once → one wins", async () => {
    const d = await dispatched();
    const leader = await as("jw_ld");
    await expectError(delegateAssignment(leader, { assignmentId: d.jw, handlerId: await userId("jw_ld2"), instruction: "x", version: await av(d.jw) }), "VALIDATION", "不是本单位的经办人");
    await expectError(delegateAssignment(leader, { assignmentId: d.jw, handlerId: await userId("mz_jbr"), instruction: "x", version: await av(d.jw) }), "VALIDATION", "不是本单位的经办人");
    await expectError(delegateAssignment(leader, { assignmentId: d.jw, handlerId: await userId("jw_jbr2"), instruction: " ", version: await av(d.jw) }), "VALIDATION", "请填写分办意见");
    await expectError(delegateAssignment(await as("jw_jbr"), { assignmentId: d.jw, handlerId: await userId("jw_jbr2"), instruction: "x", version: await av(d.jw) }), "FORBIDDEN");
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "to_receive", handlerId: null });
    // Both leaders act on the page they saw (version 1): the second must not silently overwrite the first.
    await expectOneWinner([
      () => delegateAssignment(as_("jw_ld"), { assignmentId: d.jw, handlerId: as_("jw_jbr2").userId, instruction: "甲", version: 1 }),
      () => delegateAssignment(as_("jw_ld2"), { assignmentId: d.jw, handlerId: as_("jw_jbr").userId, instruction: "乙", version: 1 }),
    ]);
  });
});

describe("submitFeedback (反馈任务)", () => {
  it("reports straight to the office with its attachments as a new revision", async () => {
    const d = await received();
    const clerk = await as("jw_jbr");
    const photo = await uploaded("jw_jbr", "整改照片.png");
    const result = await submitFeedback(clerk, { assignmentId: d.jw, kind: "final", body: "已整改完毕。", attachmentIds: [photo], version: await av(d.jw) });
    expect(result.status).toBe("reported");
    const [report] = await reportsOf(d.jw);
    expect(report).toMatchObject({ revision: 1, path: "direct", status: "submitted", kind: "final", body: "已整改完毕。", authorId: clerk.userId });
    expect(await attachmentRow(photo)).toMatchObject({ committed: true, taskId: d.taskId, assignmentId: d.jw, reportId: report!.id });
    expect((await history(d.taskId)).at(-1)).toMatchObject({ action: "feedback", fromState: "in_progress", toState: "reported" });
  });

  it("refuses a progress report on a final-only task, empty text or someone else's upload, writing nothing", async () => {
    const d = await received();
    const clerk = await as("jw_jbr");
    await expectError(submitFeedback(clerk, { assignmentId: d.jw, kind: "progress", body: "进展", version: await av(d.jw) }), "VALIDATION", "只需提交办结反馈");
    await expectError(submitFeedback(clerk, { assignmentId: d.jw, kind: "final", body: "", version: await av(d.jw) }), "VALIDATION", "请填写反馈内容");
    await expectError(submitFeedback(clerk, { assignmentId: d.jw, kind: "later", body: "x", version: await av(d.jw) }), "VALIDATION", "请选择反馈类型");
    const theirs = await uploaded("jw_jbr2");
    await expectError(submitFeedback(clerk, { assignmentId: d.jw, kind: "final", body: "x", attachmentIds: [theirs], version: await av(d.jw) }), "VALIDATION", "附件不存在或已被使用");
    expect(await reportsOf(d.jw)).toHaveLength(0);
    expect((await assignmentRow(d.jw)).status).toBe("in_progress");
  });

  it("wrong role → FORBIDDEN; before receipt → CONFLICT; twice at once → one wins, one report", async () => {
    const d = await dispatched();
    await expectError(submitFeedback(await as("jw_ld"), { assignmentId: d.jw, kind: "final", body: "x", version: await av(d.jw) }), "FORBIDDEN");
    await expectError(submitFeedback(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "x", version: await av(d.jw) }), "CONFLICT", "待接收");
    await receiveAssignment(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) });
    const clerk = await as("jw_jbr");
    const version = await av(d.jw);
    await expectOneWinner([
      () => submitFeedback(clerk, { assignmentId: d.jw, kind: "final", body: "甲", version }),
      () => submitFeedback(clerk, { assignmentId: d.jw, kind: "final", body: "乙", version }),
    ]);
    expect(await reportsOf(d.jw)).toHaveLength(1);
  });

  it("a periodic task takes progress reports", async () => {
    const d = await dispatched({ feedbackMode: "periodic", progressIntervalDays: 7 });
    await receiveAssignment(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) });
    await submitFeedback(await as("jw_jbr"), { assignmentId: d.jw, kind: "progress", body: "第一阶段完成", version: await av(d.jw) });
    expect((await reportsOf(d.jw))[0]).toMatchObject({ kind: "progress" });
  });
});

describe("handleAssignment (承办任务)", () => {
  it("sends the handling text to the chosen unit leader", async () => {
    const d = await received();
    await handleAssignment(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "承办情况", signerId: await userId("jw_ld"), version: await av(d.jw) });
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "awaiting_sign", currentSignerId: await userId("jw_ld") });
    expect((await reportsOf(d.jw))[0]).toMatchObject({ path: "signed", status: "awaiting_sign", revision: 1 });
    expect((await history(d.taskId)).at(-1)).toMatchObject({ action: "handle", toState: "awaiting_sign" });
  });

  it("refuses a signer who is not a leader of the unit; wrong role; two at once", async () => {
    const d = await received();
    const clerk = await as("jw_jbr");
    for (const signer of ["mz_ld", "jw_jbr2", "dcs_ld"]) {
      await expectError(handleAssignment(clerk, { assignmentId: d.jw, kind: "final", body: "x", signerId: await userId(signer), version: await av(d.jw) }), "VALIDATION", "不是本单位的审签领导");
    }
    await expectError(handleAssignment(await as("jw_ld"), { assignmentId: d.jw, kind: "final", body: "x", signerId: await userId("jw_ld"), version: await av(d.jw) }), "FORBIDDEN");
    expect(await reportsOf(d.jw)).toHaveLength(0);
    const version = await av(d.jw);
    await expectOneWinner([
      () => handleAssignment(clerk, { assignmentId: d.jw, kind: "final", body: "甲", signerId: as_("jw_ld").userId, version }),
      () => submitFeedback(clerk, { assignmentId: d.jw, kind: "final", body: "乙", version }),
    ]);
    expect(await reportsOf(d.jw)).toHaveLength(1);
  });
});

describe("signUnitReport (任务审签) and returnUnitReport (退回)", () => {
  it("the leader signs; the clerk then reports it up", async () => {
    const d = await awaitingSign();
    await signUnitReport(await as("jw_ld"), { assignmentId: d.jw, opinion: "同意上报", version: await av(d.jw) });
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "signed", currentSignerId: null });
    expect((await reportsOf(d.jw))[0]).toMatchObject({ status: "signed", unitSignerId: await userId("jw_ld"), unitOpinion: "同意上报" });
    expect((await history(d.taskId)).at(-1)).toMatchObject({ action: "unit_sign", actorName: "周晓红", opinion: "同意上报" });
  });

  it("the leader may forward to another leader of the unit, who then signs", async () => {
    const d = await awaitingSign();
    await expectError(signUnitReport(await as("jw_ld"), { assignmentId: d.jw, forwardToId: await userId("mz_ld"), version: await av(d.jw) }), "VALIDATION", "不是本单位的审签领导");
    await signUnitReport(await as("jw_ld"), { assignmentId: d.jw, forwardToId: await userId("jw_ld2"), opinion: "请钱主任审签", version: await av(d.jw) });
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "awaiting_sign", currentSignerId: await userId("jw_ld2") });
    await expectError(signUnitReport(await as("jw_ld"), { assignmentId: d.jw, version: await av(d.jw) }), "CONFLICT", "不在您的待审签中");
    await signUnitReport(await as("jw_ld2"), { assignmentId: d.jw, version: await av(d.jw) });
    expect((await history(d.taskId)).slice(-2).map((e) => e.action)).toEqual(["unit_forward", "unit_sign"]);
  });

  it("a return needs an opinion; the revision is a new report row and the first is kept", async () => {
    const d = await awaitingSign();
    const leader = await as("jw_ld");
    await expectError(returnUnitReport(leader, { assignmentId: d.jw, version: await av(d.jw) }), "VALIDATION", "请填写退回意见");
    await returnUnitReport(leader, { assignmentId: d.jw, opinion: "数据不全", version: await av(d.jw) });
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "unit_returned", currentSignerId: null });
    await expectError(submitFeedback(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "x", version: await av(d.jw) }), "CONFLICT");
    await handleAssignment(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "补充后的承办情况", signerId: leader.userId, version: await av(d.jw) });
    const all = await reportsOf(d.jw);
    expect(all.map((r) => [r.revision, r.status, r.unitOpinion, r.body])).toEqual([
      [1, "unit_returned", "数据不全", "承办情况"],
      [2, "awaiting_sign", null, "补充后的承办情况"],
    ]);
  });

  it("wrong role → FORBIDDEN; nothing waiting → CONFLICT; sign and return at once → exactly one wins", async () => {
    const d = await received();
    await expectError(signUnitReport(await as("jw_ld"), { assignmentId: d.jw, version: await av(d.jw) }), "CONFLICT");
    await handleAssignment(await as("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "x", signerId: await userId("jw_ld"), version: await av(d.jw) });
    await expectError(signUnitReport(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) }), "FORBIDDEN");
    await expectError(returnUnitReport(await as("dcs_ld"), { assignmentId: d.jw, opinion: "x", version: await av(d.jw) }), "FORBIDDEN");
    await expectError(returnUnitReport(await as("jw_ld2"), { assignmentId: d.jw, opinion: "x", version: await av(d.jw) }), "CONFLICT", "不在您的待审签中");
    const version = await av(d.jw);
    await expectOneWinner([
      () => signUnitReport(as_("jw_ld"), { assignmentId: d.jw, version }),
      () => returnUnitReport(as_("jw_ld"), { assignmentId: d.jw, opinion: "退回", version }),
    ]);
    await expectError(signUnitReport(await as("jw_ld"), { assignmentId: d.jw, version: await av(d.jw) }), "CONFLICT");
  });
});

describe("reportUp (上报)", () => {
  it("sends the signed text to the office", async () => {
    const d = await awaitingSign();
    await expectError(reportUp(await as("jw_jbr"), { assignmentId: d.jw, version: await av(d.jw) }), "CONFLICT", "待单位审签");
    await expectError(reportUp(await as("jw_jbr"), { assignmentId: d.jw, version: "v2" }), "VALIDATION");
    await signUnitReport(await as("jw_ld"), { assignmentId: d.jw, version: await av(d.jw) });
    await expectError(reportUp(await as("jw_ld"), { assignmentId: d.jw, version: await av(d.jw) }), "FORBIDDEN");
    await expectError(reportUp(await as("jw_jbr2"), { assignmentId: d.jw, version: await av(d.jw) }), "CONFLICT", "已分办给其他经办人");
    const version = await av(d.jw);
    await expectOneWinner([() => reportUp(as_("jw_jbr"), { assignmentId: d.jw, version }), () => reportUp(as_("jw_jbr"), { assignmentId: d.jw, version })]);
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "reported" });
    expect((await reportsOf(d.jw))[0]).toMatchObject({ status: "submitted" });
    expect((await history(d.taskId)).at(-1)).toMatchObject({ action: "report_up", fromState: "signed", toState: "reported" });
  });
});

// Actors loaded before a race so that both attempts start together.
function as_(username: string) {
  return preloaded.get(username)!;
}
const preloaded = new Map<string, Awaited<ReturnType<typeof as>>>();
beforeAll(async () => {
  for (const u of ["jw_jbr", "jw_jbr2", "jw_ld", "jw_ld2"]) preloaded.set(u, await as(u));
});
